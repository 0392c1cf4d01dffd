import type { Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
    conv2dBackpropFilterByMatMul,
    conv2dBackpropFilterValues,
    conv2dBackpropInputByConv,
    installTrainingKernels,
    maxPoolGradValues,
    train,
    unsortedSegmentSumValues
} from '../src/train/index.js';
import { registerWasm, selectBackend } from '../src/train/node/index.js';
import { createUniform } from '../src/train/random.js';
import { cpu, dense, layer, model, training } from './train-fixtures.js';

const tf = await cpu();
// tfjs's own cpu kernels, captured before the trainer replaces them: the reference.
const reference = {
    conv: tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc,
    convInput: tf.getKernel('Conv2DBackpropInput', 'cpu')!.kernelFunc,
    pool: tf.getKernel('MaxPoolGrad', 'cpu')!.kernelFunc,
    segments: tf.getKernel('UnsortedSegmentSum', 'cpu')!.kernelFunc
};

function runReference(kernel: typeof reference.conv, inputs: Record<string, ReturnType<typeof tf.tensor>>, attrs: Record<string, unknown>): Float32Array {
    const backend = tf.backend();
    const info = kernel({ inputs, backend, attrs: attrs as never }) as { dataId: object };
    const values = Float32Array.from(backend.readSync(info.dataId) as Float32Array);
    backend.disposeData(info.dataId);
    return values;
}

function random(shape: number[], seed: number, integers = false): ReturnType<typeof tf.tensor> {
    const u = createUniform(seed);
    const n = shape.reduce((p, d) => p * d, 1);
    // Integer values make ties in max-pool windows, where the "first maximum" rule matters.
    return tf.tensor(Float32Array.from({ length: n }, () => (integers ? Math.floor(u() * 4) : u() * 2 - 1)), shape);
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance = 1e-5): void {
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
    expect(worst).toBeLessThan(tolerance);
}

describe('training kernels', () => {
    const convCases: { x: number[]; filter: number[]; strides: [number, number]; pad: 'valid' | 'same' }[] = [
        { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
        { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
        { x: [3, 9, 8, 2], filter: [2, 3, 2, 5], strides: [2, 2], pad: 'same' },
        { x: [1, 8, 9, 1], filter: [5, 5, 1, 2], strides: [2, 1], pad: 'valid' },
        { x: [2, 1, 10, 3], filter: [1, 3, 3, 6], strides: [1, 2], pad: 'same' },
        { x: [2, 4, 4, 5], filter: [1, 1, 5, 3], strides: [1, 1], pad: 'valid' }
    ];

    it.each(convCases)('Conv2DBackpropFilter equals tfjs\'s for x $x, filter $filter, strides $strides, $pad', ({ x: xShape, filter, strides, pad }) => {
        const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filter as [number, number, number, number], strides, 1, pad);
        const x = random(xShape, 1);
        const dy = random(info.outShape, 2);
        const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: filter };
        const expected = runReference(reference.conv, { x, dy }, attrs);
        const actual = conv2dBackpropFilterValues(x.dataSync(), xShape, dy.dataSync(), info.outShape, filter, strides, info.padInfo);
        expectClose(actual, expected);
        tf.dispose([x, dy]);
    });

    /** Reference matmul and convolution for the wasm formulations: tfjs's own cpu ops. */
    const cpuMatMul = (a: Float32Array, m: number, k: number, b: Float32Array, n: number) =>
        tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync() as Float32Array);
    const cpuConv = (x: Float32Array, xs: number[], f: Float32Array, fs: number[]) =>
        tf.tidy(() => tf.conv2d(tf.tensor4d(x, xs as never), tf.tensor4d(f, fs as never), 1, 'valid').dataSync() as Float32Array);

    it.each(convCases)('the matmul filter gradient and the conv input gradient equal tfjs\'s for x $x, filter $filter, strides $strides, $pad', ({ x: xShape, filter, strides, pad }) => {
        const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filter as [number, number, number, number], strides, 1, pad);
        const x = random(xShape, 11);
        const w = random(filter, 12);
        const dy = random(info.outShape, 13);
        const filterGrad = runReference(reference.conv, { x, dy }, { strides, pad, dataFormat: 'NHWC', filterShape: filter });
        const inputGrad = runReference(reference.convInput, { dy, filter: w }, { strides, pad, dataFormat: 'NHWC', inputShape: xShape });
        const s: [number, number] = [info.strideHeight, info.strideWidth];
        expectClose(conv2dBackpropFilterByMatMul(x.dataSync(), xShape, dy.dataSync() as Float32Array, info.outShape, filter, s, info.padInfo, cpuMatMul), filterGrad);
        expectClose(conv2dBackpropInputByConv(dy.dataSync(), info.outShape, w.dataSync(), filter, xShape, s, info.padInfo, cpuConv), inputGrad);
        tf.dispose([x, w, dy]);
    });

    it.each([
        { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid' as const },
        { x: [2, 7, 5, 2], size: 3, strides: 2, pad: 'same' as const },
        { x: [1, 5, 5, 4], size: 3, strides: 1, pad: 'valid' as const },
        { x: [3, 1, 9, 2], size: [1, 2] as [number, number], strides: [1, 2] as [number, number], pad: 'valid' as const }
    ])('MaxPoolGrad equals tfjs\'s (ties included) for x $x, window $size, strides $strides, $pad', ({ x: xShape, size, strides, pad }) => {
        const x = random(xShape, 3, true);
        const y = tf.maxPool(x as Tensor4D, size, strides, pad);
        const dy = random(y.shape, 4);
        const attrs = { filterSize: size, strides, pad };
        const expected = runReference(reference.pool, { dy, input: x, output: y }, attrs);
        const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], size, strides, 1, pad);
        const actual = maxPoolGradValues(x.dataSync(), xShape, dy.dataSync(), y.shape, [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], info.padInfo);
        expectClose(actual, expected, 1e-7);
        tf.dispose([x, y, dy]);
    });

    it('UnsortedSegmentSum equals tfjs\'s', () => {
        const x = random([6, 2, 3], 5);
        const ids = tf.tensor1d([3, 0, 3, 1, 0, 3], 'int32');
        const expected = runReference(reference.segments, { x, segmentIds: ids }, { numSegments: 5 });
        expectClose(unsortedSegmentSumValues(x.dataSync(), 6, ids.dataSync(), 5), expected, 1e-7);
        tf.dispose([x, ids]);
    });

    it('installs idempotently, and takes over wasm\'s own kernel once the wasm package is loaded', async () => {
        expect(installTrainingKernels(tf)).toEqual(['cpu/Conv2DBackpropFilter', 'cpu/MaxPoolGrad', 'wasm/Conv2DBackpropFilter', 'wasm/UnsortedSegmentSum']);
        const cpuKernel = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
        await registerWasm(tf);
        const withWasm = [
            'cpu/Conv2DBackpropFilter',
            'cpu/MaxPoolGrad',
            'wasm/Conv2DBackpropFilter',
            'wasm/Conv2DBackpropInput',
            'wasm/UnsortedSegmentSum',
            'wasm/BatchMatMul',
            'wasm/_FusedMatMul',
            'wasm/Conv2D',
            'wasm/FusedConv2D',
            'wasm/MaxPoolGrad',
            'wasm/Sum',
            'wasm/Identity',
            'wasm/Cast'
        ];
        expect(installTrainingKernels(tf)).toEqual(withWasm);
        expect(installTrainingKernels(tf)).toEqual(withWasm);
        expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).toBe(cpuKernel);
        // Through the registry, the gradient of a real convolution still matches the reference.
        const x = random([2, 6, 6, 2], 7);
        const w = random([3, 3, 2, 3], 8);
        const dy = random([2, 4, 4, 3], 9);
        const viaGrad = tf.grad((f: ReturnType<typeof tf.tensor>) => tf.sum(tf.mul(tf.conv2d(x as Tensor4D, f as Tensor4D, 1, 'valid'), dy)))(w);
        const expected = runReference(reference.conv, { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] });
        expectClose(viaGrad.dataSync() as Float32Array, expected);
        tf.dispose([x, w, dy, viaGrad]);
    });

    it('computes convolution gradients on wasm equal to tfjs\'s cpu reference', async () => {
        const cases = [
            { x: [3, 9, 8, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'same' as const },
            { x: [2, 7, 7, 3], filter: [2, 2, 3, 5], strides: 1, pad: 'valid' as const }
        ];
        const expected = cases.map(c => {
            const x = random(c.x, 21);
            const w = random(c.filter, 22);
            const info = tf.backend_util.computeConv2DInfo(c.x as never, c.filter as never, c.strides, 1, c.pad);
            const dy = random(info.outShape, 23);
            const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
            const out = {
                dw: runReference(reference.conv, { x, dy }, { ...attrs, filterShape: c.filter }),
                dx: runReference(reference.convInput, { dy, filter: w }, { ...attrs, inputShape: c.x }),
                values: [x.dataSync(), w.dataSync(), dy.dataSync()] as Float32Array[],
                outShape: info.outShape
            };
            tf.dispose([x, w, dy]);
            return out;
        });
        await selectBackend(tf, 'wasm');
        cases.forEach((c, i) => {
            const [xv, wv, dyv] = expected[i].values;
            const x = tf.tensor4d(xv, c.x as never);
            const w = tf.tensor4d(wv, c.filter as never);
            const dy = tf.tensor4d(dyv, expected[i].outShape);
            const [dx, dw] = tf.grads((a: ReturnType<typeof tf.tensor>, b: ReturnType<typeof tf.tensor>) => tf.sum(tf.mul(tf.conv2d(a as Tensor4D, b as Tensor4D, c.strides, c.pad), dy)))([x, w]);
            expectClose(dw.dataSync() as Float32Array, expected[i].dw, 1e-4);
            expectClose(dx.dataSync() as Float32Array, expected[i].dx, 1e-4);
            tf.dispose([x, w, dy, dx, dw]);
        });
        await selectBackend(tf, 'cpu');
    });

    it('lets wasm train convolutions, pooling and embeddings, matching cpu', async () => {
        const conv = model('Conv', [8, 8, 1], [
            layer(0, 'Conv2D', [{ className: 'Conv2D', config: { filters: 4, kernelSize: [3, 3], activation: 'relu', padding: 'same' } }], [[8, 8, 1]], [8, 8, 4], 40),
            layer(1, 'MaxPooling2D', [{ className: 'MaxPooling2D', config: { poolSize: [2, 2] } }], [[8, 8, 4]], [4, 4, 4], 0),
            layer(2, 'Flatten', [{ className: 'Flatten', config: {} }], [[4, 4, 4]], [64], 0),
            dense(3, 64, 1, 'sigmoid')
        ]);
        const embed = model('Embed', [5], [
            layer(0, 'Embedding', [{ className: 'Embedding', config: { inputDim: 10, outputDim: 3 } }], [[5]], [5, 3], 30),
            layer(1, 'Flatten', [{ className: 'Flatten', config: {} }], [[5, 3]], [15], 0),
            dense(2, 15, 1, 'sigmoid')
        ]);
        const n = 48;
        const data = (size: number, integer: boolean) => ({
            sampleShape: [size],
            task: 'classification' as const,
            numClasses: 2,
            labelEncoding: 'index' as const,
            train: { x: Float32Array.from({ length: n * size }, (_, i) => (integer ? (i * 7) % 10 : Math.sin(i))), y: Float32Array.from({ length: n }, (_, i) => i % 2), count: n }
        });
        for (const [m, d] of [[conv, data(64, false)], [embed, data(5, true)]] as const) {
            const desc = training(m, { epochs: 2, batchSize: 16 });
            await selectBackend(tf, 'cpu');
            const onCpu = await train(tf, desc, d, {}, undefined, { yieldEveryMs: 1e9 });
            onCpu.model.dispose();
            const sel = await selectBackend(tf, 'auto', m);
            expect(sel.backend).toBe('wasm');
            const onWasm = await train(tf, desc, d, {}, undefined, { yieldEveryMs: 1e9 });
            onWasm.history.forEach((h, i) => expect(h.loss).toBeCloseTo(onCpu.history[i].loss, 4));
            onWasm.model.dispose();
        }
        await selectBackend(tf, 'cpu');
    });
});
