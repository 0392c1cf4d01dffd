// The VS Code entry point (bundled to out/extension.cjs). Kept small on purpose: each feature
// lives in its own module and is wired here, so training commands can be added beside the client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startNnClient } from './client.js';
import { exportLenses, registerInteropFeatures } from './interop/commands.js';
import { registerTrainingFeatures } from './training/commands.js';
import { languageServerRequests } from './training/lsp-client.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('nn-lang', { log: true });
    context.subscriptions.push(output);
    try {
        client = await startNnClient(context, output);
    } catch (error) {
        // Surface the failure where users look; rethrowing makes VS Code mark activation as failed.
        output.error(`The nn language server did not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        output.show(true);
        throw error;
    }
    registerTrainingFeatures(context, client, output, [exportLenses]);
    registerInteropFeatures(context, client, languageServerRequests(client, line => output.warn(line)), output);
}

/** VS Code awaits this on shutdown: stopping the client also ends the server process. */
export async function deactivate(): Promise<void> {
    const stopping = client;
    client = undefined;
    await stopping?.stop();
}
