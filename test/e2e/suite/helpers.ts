// Shared helpers for extension-host tests: waiting on conditions instead of sleeping.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nn-lang.nn-lang';

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 20_000,
    intervalMs = 50,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/** The first workspace folder; the launchers always open one (a temp copy of examples/). */
export function workspaceFolder(): vscode.WorkspaceFolder {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open: the e2e launcher should open a copy of examples/');
    return folder;
}

/** Opens a workspace file (relative path, or the first `*.nn` file) in an editor. */
export async function openWorkspaceFile(relativePath?: string): Promise<vscode.TextEditor> {
    const folder = workspaceFolder();
    let uri: vscode.Uri;
    if (relativePath) {
        uri = vscode.Uri.joinPath(folder.uri, relativePath);
    } else {
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.nn'), undefined, 1);
        assert.ok(found[0], `no .nn file in the workspace folder ${folder.uri.toString()}`);
        uri = found[0];
    }
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document);
}

/** Resolves with the diagnostics of `uri` once `accept` holds for them (they arrive asynchronously). */
export function waitForDiagnostics(
    uri: vscode.Uri,
    accept: (diagnostics: vscode.Diagnostic[]) => boolean,
    timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
    return new Promise((resolve, reject) => {
        const check = (): boolean => {
            const diagnostics = vscode.languages.getDiagnostics(uri);
            if (!accept(diagnostics)) return false;
            cleanup();
            resolve(diagnostics);
            return true;
        };
        const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
            if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
        });
        const timer = setTimeout(() => {
            cleanup();
            const current = vscode.languages.getDiagnostics(uri).map((d) => `${d.code}: ${d.message}`);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics of ${uri.toString()}; current: ${JSON.stringify(current)}`));
        }, timeoutMs);
        const cleanup = (): void => {
            clearTimeout(timer);
            subscription.dispose();
        };
        check();
    });
}
