/**
 * The lenses above every train block (`▶ Train | Graph | Summary`, and what other features add, such as
 * `Export: PyTorch | Keras`), from one request for the language server's list of blocks per edit.
 */
import * as vscode from 'vscode';
import type { NnRequests } from './lsp-client.js';
import type { TrainBlockInfo } from './lsp-protocol.js';

/** The lenses one feature puts above a block; `trainable`: it has a description and the file no errors. */
export type BlockLenses = (block: TrainBlockInfo, document: vscode.TextDocument, range: vscode.Range, trainable: boolean) => vscode.CodeLens[];

export class TrainBlockLensProvider implements vscode.CodeLensProvider {
    constructor(
        private readonly requests: NnRequests,
        private readonly sources: readonly BlockLenses[]
    ) {}

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
            return this.sources.flatMap(lenses => lenses(block, document, range, trainable));
        });
    }
}

export const trainLenses: BlockLenses = (block, document, range, trainable) => [
    new vscode.CodeLens(range, {
        title: trainable ? '▶ Train' : '▶ Train (fix errors first)',
        tooltip: trainable ? `Train ${block.model} in a training view (NN: Train Model)` : `${block.model} cannot be trained until the errors in this file are fixed`,
        command: 'nn.train',
        arguments: [document.uri, block.line]
    }),
    new vscode.CodeLens(range, {
        title: 'Graph',
        tooltip: `The layer graph of ${block.model}, beside the editor (NN: Show Model Graph)`,
        command: 'nn.showGraph',
        arguments: [document.uri]
    }),
    new vscode.CodeLens(range, {
        title: 'Summary',
        tooltip: `Keras-style summary of ${block.model}`,
        command: 'nn.showSummary',
        arguments: [document.uri, block.model]
    })
];
