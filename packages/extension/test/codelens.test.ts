/**
 * The lenses above train blocks: one request for the blocks per document however many features
 * add lenses, `▶ Train | Summary` then the export lenses, and no export offer while the file has errors.
 */
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { exportLenses } from '../src/interop/commands.js';
import { TrainBlockLensProvider, trainLenses } from '../src/training/codelens.js';
import type { NnRequests } from '../src/training/lsp-client.js';
import type { TrainBlocksResult } from '../src/training/lsp-protocol.js';

const document = { uri: { path: '/w/xor.nn' } } as unknown as vscode.TextDocument;
const token = { isCancellationRequested: false } as vscode.CancellationToken;

function provider(result: TrainBlocksResult | Error) {
    let calls = 0;
    const requests = {
        trainBlocks: async () => {
            calls++;
            if (result instanceof Error) throw result;
            return result;
        }
    } as unknown as NnRequests;
    return { lenses: new TrainBlockLensProvider(requests, [trainLenses, exportLenses]), calls: () => calls };
}

const block = (line: number, model: string, described = true) =>
    ({ model, line, endLine: line + 5, description: described ? ({} as never) : undefined, errors: [] }) as unknown as TrainBlocksResult['blocks'][number];

const titles = (lenses: vscode.CodeLens[]) => lenses.map(l => `${l.range.start.line}:${l.command!.title}`);

describe('train-block lenses', () => {
    it('asks the server once and puts Train, Summary, Export: PyTorch, Keras above each block', async () => {
        const p = provider({ uri: 'file:///w/xor.nn', version: 1, blocks: [block(9, 'Xor'), block(20, 'Other')], errors: [] } as unknown as TrainBlocksResult);
        const lenses = await p.lenses.provideCodeLenses(document, token);
        expect(p.calls()).toBe(1);
        expect(titles(lenses)).toEqual(['8:▶ Train', '8:Summary', '8:Export: PyTorch', '8:Keras', '19:▶ Train', '19:Summary', '19:Export: PyTorch', '19:Keras']);
        expect(lenses[2].command!.arguments).toEqual([document.uri, 'Xor']);
    });

    it('offers no export while the file has errors, and says why Train will not run', async () => {
        const p = provider({ uri: 'file:///w/xor.nn', version: 1, blocks: [block(9, 'Xor', false)], errors: [{ line: 3, message: 'shape' }] } as unknown as TrainBlocksResult);
        expect(titles(await p.lenses.provideCodeLenses(document, token))).toEqual(['8:▶ Train (fix errors first)', '8:Summary']);
    });

    it('shows nothing while the server is not answering', async () => {
        const p = provider(new Error('server starting'));
        expect(await p.lenses.provideCodeLenses(document, token)).toEqual([]);
    });
});
