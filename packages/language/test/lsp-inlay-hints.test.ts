import { afterEach, describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver';
import { check, Nn, services } from './helpers.js';

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
    it('shows each layer\'s output shape and parameters, and the model totals (the memory is in the hover)', async () => {
        expect(await hints(MLP)).toEqual([
            { line: 0, character: 16, label: '669,706 params (669,706 trainable)' },
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
            '204 params (198 trainable)',
            '[8, 8, 3] · 12 params (6 trainable)',
            '[192]',
            '[1] · 192 params'
        ]);
        const one = await hints('model One {\n    input [1]\n    Dense(1, use_bias=false)\n}');
        expect(one.map(h => h.label)).toEqual(['1 param (1 trainable)', '[1] · 1 param']);
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

    it('keeps the hints above an error, and the model line says what is known', async () => {
        const result = await hints(`model Broken {
    input [784]
    Dense(16)
    Conv2D(8, 3)
    Dense(10)
}`);
        expect(result).toEqual([
            { line: 0, character: 14, label: '12,560 params up to line 3 · error at line 4' },
            { line: 2, character: 13, label: '[16] · 12,560 params' }
        ]);
        const first = await hints('model First {\n    input [784]\n    Conv2D(8, 3)\n}');
        expect(first).toEqual([{ line: 0, character: 13, label: 'error at line 3' }]);
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

    // How fast (a whole file, a visible window) is measured by `npm run bench:editor`, not here.
    it('answers a 10,000-layer file whole, and a window in the middle with only its own lines', async () => {
        const body = Array.from({ length: 10_000 }, () => '    Dense(4, activation=relu)').join('\n');
        const text = `model Deep {\n    input [4]\n${body}\n}`;
        const { document } = await check(text);
        const result = await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri },
            range: { start: { line: 0, character: 0 }, end: { line: 10_003, character: 0 } }
        });
        expect(result).toHaveLength(10_001);
        expect(result![0].label).toBe('200,000 params (200,000 trainable)');
        const window = await Nn.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri },
            range: { start: { line: 5000, character: 0 }, end: { line: 5050, character: 0 } }
        });
        expect(window!.map(h => h.position.line)).toEqual(Array.from({ length: 50 }, (_, i) => 5000 + i));
    });
});

describe('inlay hint parts (nn.inlayHints.shapes|params|memory)', () => {
    const configuration = services.shared.workspace.ConfigurationProvider;
    afterEach(() => configuration.updateConfiguration({ settings: { nn: {} } }));

    it('shows the parts the settings ask for', async () => {
        configuration.updateConfiguration({ settings: { nn: { inlayHints: { memory: true } } } });
        expect((await hints(MLP)).map(h => h.label).slice(0, 2)).toEqual(['669,706 params (669,706 trainable) · 2.6 MB', '[512] · 401,920 params']);
        configuration.updateConfiguration({ settings: { nn: { inlayHints: { params: false } } } });
        expect((await hints(MLP)).map(h => h.label).slice(0, 2)).toEqual(['[512]', '[512]']);
        configuration.updateConfiguration({ settings: { nn: { inlayHints: { shapes: false } } } });
        expect((await hints(MLP)).map(h => h.label).slice(0, 3)).toEqual(['669,706 params (669,706 trainable)', '401,920 params', '262,656 params']);
    });

    it('ignores unknown parts and mistyped values', async () => {
        configuration.updateConfiguration({ settings: { nn: { inlayHints: { flops: true, shapes: 'yes' } } } });
        expect((await hints(MLP))[1].label).toBe('[512] · 401,920 params');
    });
});
