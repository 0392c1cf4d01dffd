import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Where the extension's bundle expects the language server (both are built by scripts/build.mjs). */
const SERVER_MODULE = 'out/server.cjs';

/** The port a debugger attaches to when the extension runs in a development host. */
const DEBUG_PORT = 6009;

/**
 * Starts the nn language server (a separate Node process over IPC) and a client for .nn files,
 * saved or untitled. Resolves once the server has answered `initialize`.
 */
export async function startNnClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
    const module = context.asAbsolutePath(SERVER_MODULE);
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] } }
    };
    // Files changed outside the editor (git checkout, another tool) must be re-checked too.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.nn');
    context.subscriptions.push(watcher);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'nn' },
            { scheme: 'untitled', language: 'nn' }
        ],
        synchronize: { fileEvents: watcher },
        outputChannel: output
    };
    const client = new LanguageClient('nn', 'nn language server', serverOptions, clientOptions);
    await client.start();
    return client;
}
