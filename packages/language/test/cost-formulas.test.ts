/**
 * Forward multiply-accumulates per layer kind, against formulas written here by hand (the usual
 * textbook counts), on every kind's catalogue example; and the model totals of the seed models.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../src/catalogue/layers.js';
import { formatFlops } from '../src/catalogue/cost.js';
import type { Args } from '../src/catalogue/types.js';
import { analysisOf, check } from './helpers.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const prod = (xs: readonly number[]) => xs.reduce((p, x) => p * x, 1);
const pair = (v: unknown) => (Array.isArray(v) ? (v as number[]) : [v as number, v as number]);

type Formula = (input: number[], output: number[], args: Args) => number;
const none: Formula = () => 0;
const perOutput: Formula = (_i, o) => prod(o);
const recurrent = (gates: number): Formula => (i, _o, a) => i[0] * gates * (i[1] + (a.units as number)) * (a.units as number);

/** MACs of one sample's forward pass, by kind. A kind missing here fails the test: every kind needs its formula. */
const FORMULAS: Record<string, Formula> = {
    Dense: (i, _o, a) => prod(i.slice(0, -1)) * i.at(-1)! * (a.units as number),
    Conv1D: (i, o, a) => prod(o.slice(0, -1)) * (Array.isArray(a.kernel_size) ? (a.kernel_size as number[])[0] : (a.kernel_size as number)) * i.at(-1)! * (a.filters as number),
    Conv2D: (i, o, a) => prod(o.slice(0, -1)) * prod(pair(a.kernel_size)) * i.at(-1)! * (a.filters as number),
    // Every input pixel is scattered through the whole kernel into every filter.
    Conv2DTranspose: (i, _o, a) => prod(i.slice(0, -1)) * prod(pair(a.kernel_size)) * i.at(-1)! * (a.filters as number),
    UpSampling2D: (_i, o, a) => (a.interpolation === 'bilinear' ? 4 * prod(o) : 0),
    BatchNormalization: perOutput,
    LayerNormalization: perOutput,
    SimpleRNN: recurrent(1),
    LSTM: recurrent(4),
    GRU: recurrent(3),
    // Comparisons, sums, copies and lookups: no multiply-accumulate.
    ...Object.fromEntries(
        ['Activation', 'LeakyReLU', 'Dropout', 'Flatten', 'Reshape', 'Embedding', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate',
            'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D'].map(k => [k, none])
    )
};

describe('forward multiply-accumulates', () => {
    it.each(LAYERS.map(k => [k.name, k] as const))('%s: the cost rule on its example matches the formula', async (name, kind) => {
        const text = `model M {\n    input [${kind.example.input.join(', ')}]\n${kind.example.statements.map(s => `    ${s}`).join('\n')}\n}\n`;
        const { document, diagnostics } = await check(text);
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
        const formula = FORMULAS[name];
        expect(formula, `no hand formula for ${name}`).toBeDefined();
        const layer = analysisOf(document).models[0].layers.find(l => l.kind?.name === name)!;
        const expected = formula(layer.inputShapes![0], layer.output!, layer.args);
        expect(layer.cost!.macs).toBe(expected);
        // The output it keeps for the backward pass is its output.
        expect(layer.cost!.activations).toBe(prod(layer.output!));
    });

    it('adds up to 668,672 for the seed MLP and 11,992,448 for the seed CNN, with their memory', async () => {
        const cost = async (file: string) => analysisOf((await check(readFileSync(path.join(examples, file), 'utf8'))).document).models[0].cost!;
        expect(await cost('mnist-mlp.nn')).toEqual({ macs: 784 * 512 + 512 * 512 + 512 * 10, flops: 2 * 668_672, activationBytes: (784 + 512 * 4 + 10) * 4, weightBytes: 669_706 * 4 });
        const cnn = await cost('mnist-cnn.nn');
        expect(cnn.macs).toBe(26 * 26 * 9 * 32 + 24 * 24 * 9 * 32 * 64 + 9216 * 128 + 128 * 10);
        expect(cnn.macs).toBe(11_992_448);
        // input, conv, conv, pool, dropout, flatten, dense, dropout, dense
        expect(cnn.activationBytes).toBe((784 + 21632 + 36864 + 9216 * 3 + 128 * 2 + 10) * 4);
        expect(cnn.weightBytes).toBe(1_199_882 * 4);
    });

    it('prints FLOPs with SI prefixes', () => {
        expect([formatFlops(176), formatFlops(1_337_344), formatFlops(23_984_896), formatFlops(2.5e9)]).toEqual(['176 FLOPs', '1.34 MFLOPs', '24 MFLOPs', '2.5 GFLOPs']);
    });
});
