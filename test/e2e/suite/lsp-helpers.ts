// Reading what the language server answers through VS Code's own commands (the same calls the
// editor makes), and putting workspace files back after a test has edited them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWorkspaceFile, waitFor, workspaceFolder } from './helpers.js';

export function workspaceUri(relativePath: string): vscode.Uri {
    return vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
}

/** `Diagnostic.code` is a string, a number, or `{ value, target }` when the server gives a link. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
    const code = diagnostic.code;
    return String(typeof code === 'object' ? code.value : code);
}

/** `code@line: message` with a 1-based line, as failure messages show diagnostics. */
export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
    return JSON.stringify(diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}: ${d.message}`));
}

export function hintLabel(hint: vscode.InlayHint): string {
    return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** The text of every hover, markdown and plain strings alike. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
    return hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : content.value))
        .join('\n');
}

/** A position by searching: the `occurrence`-th `needle` on the 1-based `line`, plus `offset` characters. */
export function positionOf(document: vscode.TextDocument, line: number, needle: string, offset = 0): vscode.Position {
    const text = document.lineAt(line - 1).text;
    const column = text.indexOf(needle);
    assert.ok(column >= 0, `'${needle}' is not on line ${line} of ${document.uri.fsPath}: ${JSON.stringify(text)}`);
    return new vscode.Position(line - 1, column + offset);
}

/**
 * Calls an `vscode.execute*Provider` command until `accept` holds for its result: right after a
 * file opens the server may not have analysed it yet and providers answer empty.
 */
export async function waitForProvider<T>(
    what: string,
    command: string,
    args: unknown[],
    accept: (result: T) => boolean,
    timeoutMs = 20_000,
): Promise<T> {
    let last: T | undefined;
    try {
        return await waitFor(what, async () => {
            last = await vscode.commands.executeCommand<T>(command, ...args);
            return last !== undefined && accept(last) ? last : undefined;
        }, timeoutMs, 100);
    } catch (error) {
        throw new Error(`${(error as Error).message}; last answer of ${command}: ${JSON.stringify(last)}`, { cause: error });
    }
}

export async function inlayHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    return (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole)) ?? [];
}

/** Opens a workspace file and returns a function that puts its text back (and saves) when called. */
export async function openForEditing(relativePath: string): Promise<{ editor: vscode.TextEditor; restore: () => Promise<void> }> {
    const editor = await openWorkspaceFile(relativePath);
    const document = editor.document;
    const original = document.getText();
    const restore = async (): Promise<void> => {
        if (document.getText() !== original) {
            const edit = new vscode.WorkspaceEdit();
            edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
            assert.ok(await vscode.workspace.applyEdit(edit), `could not restore ${relativePath}`);
        }
        if (document.isDirty) await document.save();
    };
    return { editor, restore };
}

export async function applyEdit(edit: vscode.WorkspaceEdit | undefined, what: string): Promise<void> {
    assert.ok(edit, `${what}: no WorkspaceEdit`);
    assert.ok(await vscode.workspace.applyEdit(edit), `${what}: VS Code refused the WorkspaceEdit`);
}
