/**
 * `NN: Open the Seed MLP Example`, the walkthrough's first step: a new .nn document holding the
 * seed MLP snippet (snippets/nn.json, shipped with the extension) with its placeholders filled.
 */
import * as vscode from 'vscode';

/** `${1:Xor}` → `Xor`, `$0` → nothing: the snippet as the editor inserts it when every default is kept. */
export function expandSnippet(body: readonly string[]): string {
    return `${body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').trimEnd()}\n`;
}

export function registerWalkthroughFeatures(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.commands.registerCommand('nn.openExample', async () => {
            const file = vscode.Uri.joinPath(context.extensionUri, 'snippets', 'nn.json');
            const snippets = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, { prefix: string; body: string[] }>;
            const mlp = Object.values(snippets).find(s => s.prefix === 'mlp');
            if (!mlp) throw new Error(`${file.fsPath} has no 'mlp' snippet`);
            const document = await vscode.workspace.openTextDocument({ language: 'nn', content: `// The seed network of the MNIST practical. Save this file to keep its training runs.\n${expandSnippet(mlp.body)}` });
            await vscode.window.showTextDocument(document);
        })
    );
}
