/** `▶ Train | Summary` above every train block, from the language server's list of blocks. */
import * as vscode from 'vscode';
import type { NnRequests } from './lsp-client.js';

export class TrainCodeLensProvider implements vscode.CodeLensProvider {
    constructor(private readonly requests: NnRequests) {}

    async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
        let result;
        try {
            result = await this.requests.trainBlocks(document);
        } catch {
            // The server is starting or restarting; VS Code asks again on the next edit.
            return [];
        }
        if (token.isCancellationRequested) return [];
        return result.blocks.flatMap(block => {
            const range = new vscode.Range(block.line - 1, 0, block.line - 1, 0);
            const trainable = block.description !== undefined && result.errors.length === 0;
            return [
                new vscode.CodeLens(range, {
                    title: trainable ? '▶ Train' : '▶ Train (fix errors first)',
                    tooltip: trainable ? `Train ${block.model} in a training view (NN: Train Model)` : `${block.model} cannot be trained until the errors in this file are fixed`,
                    command: 'nn.train',
                    arguments: [document.uri, block.line]
                }),
                new vscode.CodeLens(range, {
                    title: 'Summary',
                    tooltip: `Keras-style summary of ${block.model}`,
                    command: 'nn.showSummary',
                    arguments: [document.uri, block.model]
                })
            ];
        });
    }
}
