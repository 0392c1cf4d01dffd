// The extension's `browser` entry, for VS Code for the Web: the language server runs as a web
// worker (out/server-browser.js). Training, export and import need Node (files, the trainer's
// Node backends, Python) and stay with the desktop entry (extension.ts).
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const serverMain = vscode.Uri.joinPath(context.extensionUri, 'out', 'server-browser.js');
    const clientOptions: LanguageClientOptions = { documentSelector: [{ language: 'nn' }] };
    client = new LanguageClient('nn', 'nn language server', clientOptions, new Worker(serverMain.toString(true)));
    await client.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}

declare class Worker {
    constructor(url: string);
}
