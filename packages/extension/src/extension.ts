// The VS Code entry point (bundled to out/extension.cjs). Kept small on purpose: each feature
// lives in its own module and is wired here, so training commands can be added beside the client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startNnClient } from './client.js';
import { registerGraphFeatures } from './graph/commands.js';
import { exportLenses, registerInteropFeatures } from './interop/commands.js';
import { registerRunsFeatures } from './runs/commands.js';
import { registerTrainingFeatures } from './training/commands.js';
import { languageServerRequests } from './training/lsp-client.js';
import { registerWalkthroughFeatures } from './walkthrough.js';

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
    const requests = languageServerRequests(client, line => output.warn(line));
    registerInteropFeatures(context, client, requests, output);
    registerGraphFeatures(context, requests, output);
    registerRunsFeatures(context, output);
    registerWalkthroughFeatures(context);
}

/** VS Code awaits this on shutdown: stopping the client also ends the server process. */
export async function deactivate(): Promise<void> {
    const stopping = client;
    client = undefined;
    await stopping?.stop();
}
