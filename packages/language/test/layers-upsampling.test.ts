/**
 * The two layer kinds added as one catalogue entry each: UpSampling2D and Conv2DTranspose. Shapes
 * and parameter counts here are Keras's formulas worked by hand (the differential tests compare
 * generated models with tfjs); the rest is what the entry's traits give every consumer for free.
 */
import { describe, expect, it } from 'vitest';
import { findLayer } from '../src/catalogue/layers.js';
import { expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';
import { analysisOf, check } from './helpers.js';

async function layers(text: string) {
    const { document, diagnostics } = await check(text);
    expect(diagnostics.filter(d => d.severity === 1).map(d => d.message)).toEqual([]);
    return analysisOf(document).models[0].layers.map(l => ({ output: l.output, params: l.params!.trainable + l.params!.nonTrainable }));
}

describe('UpSampling2D', () => {
    it('multiplies height and width by size (default 2), keeps channels, learns nothing', async () => {
        expect(await layers(nn`
            model M {
                input [7, 5, 16]
                UpSampling2D()
                UpSampling2D([3, 1], interpolation=bilinear)
                UpSampling2D(size=1)
            }`)).toEqual([
            { output: [14, 10, 16], params: 0 },
            { output: [42, 10, 16], params: 0 },
            { output: [42, 10, 16], params: 0 }
        ]);
    });

    it('an interpolation tfjs does not have is refused on the value, with the choices', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8, 8, 3]
                UpSampling2D(interpolation=bicubic)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: 'bicubic', says: ["Unknown interpolation 'bicubic'", 'nearest, bilinear'] });
    });

    it('needs an image: a flat input is refused with the Reshape that fits', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                UpSampling2D()
            }`, { code: 'shape-mismatch', severity: 'error', line: 3, range: 'UpSampling2D', says: ['needs a 3-D input [height, width, channels]', 'Insert Reshape([28, 28, 1])'] });
    });

    it('maps to tfjs with size as a pair (tfjs reads no single integer)', () => {
        const kind = findLayer('UpSampling2D')!;
        expect(kind.tfjs({ input: [4, 4, 1], inputs: [[4, 4, 1]], args: { size: [2, 3], interpolation: 'bilinear' } }))
            .toEqual([{ className: 'UpSampling2D', config: { size: [2, 3], interpolation: 'bilinear' } }]);
    });
});

describe('Conv2DTranspose', () => {
    it('grows each side to in·s (same) or in·s + max(k − s, 0) (valid); kernel × in × filters weights + biases', async () => {
        expect(await layers(nn`
            model M {
                input [7, 7, 64]
                Conv2DTranspose(32, 3, strides=2, padding=same, activation=relu)
                Conv2DTranspose(8, [5, 2], strides=[2, 3])
                Conv2DTranspose(1, 1, use_bias=false)
            }`)).toEqual([
            { output: [14, 14, 32], params: 3 * 3 * 64 * 32 + 32 },
            { output: [31, 42, 8], params: 5 * 2 * 32 * 8 + 8 },
            { output: [31, 42, 1], params: 8 }
        ]);
    });

    it('has no output_padding or dilation_rate (tfjs 4.22 implements neither): the name is refused with the list', async () => {
        await expectDiagnostic(nn`
            model M {
                input [7, 7, 4]
                Conv2DTranspose(4, 3, output_padding=1)
            }`, { code: 'unknown-argument', severity: 'error', line: 3, range: 'output_padding', says: ['Conv2DTranspose has no argument', 'strides, padding'] });
    });

    it('gets the lints its traits ask for: zero-init counts filters, sigmoid-hidden finds its activation argument', async () => {
        await expectDiagnostic(nn`
            model M {
                input [7, 7, 4]
                Conv2DTranspose(8, 3, kernel_initializer=zeros)
                Flatten()
                Dense(1)
            }`, { code: 'zero-init', severity: 'warning', line: 3, range: 'zeros', says: ['all 8 units'] });
        await expectDiagnostic(nn`
            model M {
                input [7, 7, 4]
                Conv2DTranspose(8, 3, activation=sigmoid)
                Flatten()
                Dense(1)
            }`, { code: 'sigmoid-hidden', severity: 'hint', line: 3, range: 'sigmoid' });
        // It maps every axis, not the last one only: no dense-on-rank.
        await expectNo(nn`
            model M {
                input [7, 7, 4]
                Conv2DTranspose(8, 3)
            }`, 'dense-on-rank');
    });

    it('counts its input-gradient patch matrix as the transient buffer, and needs wasm\'s missing filter gradient', async () => {
        const { document } = await check(nn`
            model M {
                input [7, 7, 4]
                Conv2DTranspose(8, 3, strides=2, padding=same)
            }`);
        const [layer] = analysisOf(document).models[0].layers;
        expect(layer.cost).toEqual({ macs: 7 * 7 * 9 * 4 * 8, activations: 14 * 14 * 8, transient: 7 * 7 * 9 * 8 });
        expect(findLayer('Conv2DTranspose')!.gradientKernels).toEqual({ wasm: ['Conv2DBackpropFilter'] });
    });
});
