import { describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver';
import { check, Nn } from './helpers.js';

const MLP = `model MnistMlp {
    input [784]
    Dense(512, activation=relu)
    Dropout(0.2)
    Dense(512, activation=relu)
    Dropout(0.2)
    Dense(10, activation=softmax)
}`;

async function hints(text: string, range?: { start: number; end: number }): Promise<Array<{ line: number; character: number; label: string }>> {
    const { document } = await check(text);
    const lines = text.split('\n').length;
    const result = await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
        textDocument: { uri: document.textDocument.uri },
        range: range
            ? { start: { line: range.start, character: 0 }, end: { line: range.end, character: 0 } }
            : { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } }
    });
    return (result ?? []).map((h: InlayHint) => ({ line: h.position.line, character: h.position.character, label: String(h.label) }));
}

describe('inlay hints', () => {
    it('shows each layer\'s output shape and parameters, and the model totals with weight memory and forward FLOPs', async () => {
        expect(await hints(MLP)).toEqual([
            { line: 0, character: 16, label: '669,706 params (669,706 trainable) · 2.6 MB · 1.34 MFLOPs' },
            { line: 2, character: 31, label: '[512] · 401,920 params' },
            { line: 3, character: 16, label: '[512]' },
            { line: 4, character: 31, label: '[512] · 262,656 params' },
            { line: 5, character: 16, label: '[512]' },
            { line: 6, character: 33, label: '[10] · 5,130 params' }
        ]);
    });

    it('splits off non-trainable parameters (BatchNormalization) and uses the singular for one', async () => {
        const result = await hints(`model M {
    input [8, 8, 3]
    BatchNormalization()
    Flatten()
    Dense(1, use_bias=false)
}`);
        expect(result.map(h => h.label)).toEqual([
            '204 params (198 trainable) · 816 bytes · 768 FLOPs',
            '[8, 8, 3] · 12 params (6 trainable)',
            '[192]',
            '[1] · 192 params'
        ]);
        const one = await hints('model One {\n    input [1]\n    Dense(1, use_bias=false)\n}');
        expect(one.map(h => h.label)).toEqual(['1 param (1 trainable) · 4 bytes · 2 FLOPs', '[1] · 1 param']);
    });

    it('carries the parameter formula as a tooltip', async () => {
        const { document } = await check('model M {\n    input [5]\n    Dense(10)\n}');
        const [, layer] = (await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri },
            range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }
        }))!;
        expect(layer.label).toBe('[10] · 60 params');
        expect(layer.tooltip).toBe('5×10 weights + 10 biases = 60');
    });

    it('shows nothing for layers whose shape is unknown, nor for the model then', async () => {
        const result = await hints(`model Broken {
    input [784]
    Dense(16)
    Conv2D(8, 3)
    Dense(10)
}`);
        expect(result).toEqual([{ line: 2, character: 13, label: '[16] · 12,560 params' }]);
    });

    it('returns only the hints inside the requested range', async () => {
        const result = await hints(MLP, { start: 3, end: 5 });
        expect(result.map(h => h.line)).toEqual([3, 4]);
        expect((await hints(MLP, { start: 1, end: 3 })).map(h => h.line)).toEqual([2]);
    });

    it('puts the hint after the statement even when a comment follows on the line', async () => {
        const result = await hints('model M {\n    input [5]\n    Dense(10) // out\n}');
        expect(result[1]).toEqual({ line: 2, character: 13, label: '[10] · 60 params' });
    });

    it('stays linear: 10,000 layers take about as long as a bare build', async () => {
        const body = Array.from({ length: 10_000 }, () => '    Dense(4, activation=relu)').join('\n');
        const text = `model Deep {\n    input [4]\n${body}\n}`;
        const { document } = await check(text);
        const started = performance.now();
        const result = await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri },
            range: { start: { line: 0, character: 0 }, end: { line: 10_003, character: 0 } }
        });
        const elapsed = performance.now() - started;
        expect(result).toHaveLength(10_001);
        expect(result![0].label).toBe('200,000 params (200,000 trainable) · 781 KB · 320 kFLOPs');
        // A quadratic walk takes seconds here; the measured bare build of this file is ~400 ms.
        expect(elapsed).toBeLessThan(400);

        // A screenful in the middle costs only its own lines.
        const windowStarted = performance.now();
        const window = await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri },
            range: { start: { line: 5000, character: 0 }, end: { line: 5050, character: 0 } }
        });
        const windowElapsed = performance.now() - windowStarted;
        expect(window!.map(h => h.position.line)).toEqual(Array.from({ length: 50 }, (_, i) => 5000 + i));
        expect(windowElapsed).toBeLessThan(50);
    });
});
