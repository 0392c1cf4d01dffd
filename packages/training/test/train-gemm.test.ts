/**
 * Our WebAssembly GEMM and the wasm kernels built on it, against tfjs's cpu backend (1e-4
 * relative), plus the guarantees around them: the same bits on 1 or N threads, no tensor leaks,
 * committed bytes in step with the generator.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { installTrainingKernels, train } from '../src/train/index.js';
import { Engine, splitWork } from '../src/train/kernels/engine.js';
import { assemble, generatedSource } from '../src/train/kernels/wasm/assemble.js';
import { kernelCalls, pooledEngine, setKernelThreads } from '../src/train/kernels/runtime.js';
import { spawnNode } from '../src/train/node/kernel-threads.js';
import { configureKernelThreads, registerWasm } from '../src/train/node/index.js';
import { createUniform } from '../src/train/random.js';
import { dense, layer, model, training } from './train-fixtures.js';

type T = ReturnType<typeof tf.tensor>;

function values(n: number, seed: number): Float32Array {
    const u = createUniform(seed);
    return Float32Array.from({ length: n }, () => u() * 2 - 1);
}

function worstRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) {
        if (Number.isNaN(expected[i]) && Number.isNaN(actual[i])) continue;
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
    }
    return worst;
}

/** Runs `f` on the cpu backend and returns its values (the reference). */
async function onCpu(f: () => T): Promise<Float32Array> {
    await tf.setBackend('cpu');
    const t = f();
    const v = Float32Array.from(t.dataSync());
    t.dispose();
    return v;
}

async function onWasm(f: () => T): Promise<Float32Array> {
    await tf.setBackend('wasm');
    const t = f();
    const v = Float32Array.from(t.dataSync());
    t.dispose();
    return v;
}

// tfjs's own cpu kernels, captured before the trainer replaces some of them: the references.
const reference = {
    filter: tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc,
    input: tf.getKernel('Conv2DBackpropInput', 'cpu')!.kernelFunc,
    pool: tf.getKernel('MaxPoolGrad', 'cpu')!.kernelFunc
};

/** Runs a kernel function on the current backend's tensors and returns its values. */
function runKernelFunc(kernel: tf.KernelFunc, inputs: Record<string, T>, attrs: Record<string, unknown>): Float32Array {
    const backend = tf.backend();
    const info = kernel({ inputs, backend, attrs: attrs as never }) as { dataId: object };
    const v = Float32Array.from(backend.readSync(info.dataId) as Float32Array);
    backend.disposeData(info.dataId);
    return v;
}

/** Runs whatever the registry holds for `name` on the wasm backend (ours once installed). */
function runOnWasm(name: string, inputs: Record<string, Float32Array | [Float32Array, number[]]>, shapes: Record<string, number[]>, attrs: Record<string, unknown>): Float32Array {
    return tf.tidy(() => {
        const tensors: Record<string, T> = {};
        for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v as Float32Array, shapes[k]);
        const out = tf.engine().runKernel(name, tensors as never, attrs as never) as T;
        return Float32Array.from(out.dataSync());
    });
}

beforeAll(async () => {
    await registerWasm(tf);
    await tf.setBackend('wasm');
    await tf.ready();
    installTrainingKernels(tf);
});

describe('wasm sgemm engine', () => {
    const engine = new Engine({ threads: 1 });

    const shapes: [number, number, number][] = [
        [1, 1, 1],
        [1, 7, 3],
        [5, 1, 9],
        [4, 8, 1],
        [5, 9, 3],
        [3, 10, 513],
        [17, 33, 300],
        [129, 70, 257],
        [64, 520, 31],
        [7, 9, 4300]
    ];
    const cases = shapes.flatMap(([M, N, K]) =>
        [false, true].flatMap(transA => [false, true].map(transB => ({ M, N, K, transA, transB })))
    );

    it.each(cases)('C = op(A)·op(B) matches tfjs cpu: M $M N $N K $K transA $transA transB $transB', async ({ M, N, K, transA, transB }) => {
        const A = values(M * K, M * 7 + K);
        const B = values(K * N, N * 13 + K);
        const expected = await onCpu(() =>
            tf.tidy(() => tf.matMul(tf.tensor2d(A, transA ? [K, M] : [M, K]), tf.tensor2d(B, transB ? [N, K] : [K, N]), transA, transB))
        );
        engine.reset();
        const a = engine.alloc(A.length * 4);
        const b = engine.alloc(B.length * 4);
        const c = engine.alloc(M * N * 4);
        engine.f32().set(A, a / 4);
        engine.f32().set(B, b / 4);
        // Garbage in C must not leak into a product with beta = 0.
        engine.f32().fill(Number.NaN, c / 4, c / 4 + M * N);
        engine.gemm({ transA, transB, M, N, K, a, lda: transA ? M : K, b, ldb: transB ? K : N, c, ldc: N });
        expect(worstRelative(engine.f32().subarray(c / 4, c / 4 + M * N), expected)).toBeLessThan(1e-4);
    });

    it.each([
        { alpha: 0.5, beta: 0 },
        { alpha: 1, beta: 1 },
        { alpha: -2, beta: 0.25 },
        { alpha: 1, beta: 0.5, K: 0 }
    ])('C = alpha·A·B + beta·C with alpha $alpha, beta $beta, strided leading dimensions', async ({ alpha, beta, K = 37 }) => {
        const M = 13;
        const N = 11;
        const lda = K + 3;
        const ldc = N + 5;
        const A = values(M * lda, 1);
        const B = values(K * N, 2);
        const C = values(M * ldc, 3);
        const expected = await onCpu(() =>
            tf.tidy(() => {
                const a = tf.tensor2d(A, [M, lda]).slice([0, 0], [M, K]);
                const c = tf.tensor2d(C, [M, ldc]).slice([0, 0], [M, N]);
                const product = K === 0 ? tf.zeros([M, N]) : tf.matMul(a, tf.tensor2d(B, [K, N]));
                return tf.add(tf.mul(alpha, product), tf.mul(beta, c));
            })
        );
        engine.reset();
        const a = engine.alloc(A.length * 4);
        const b = engine.alloc(Math.max(1, B.length) * 4);
        const c = engine.alloc(C.length * 4);
        engine.f32().set(A, a / 4);
        engine.f32().set(B, b / 4);
        engine.f32().set(C, c / 4);
        engine.gemm({ transA: false, transB: false, M, N, K, a, lda, b, ldb: N, c, ldc, alpha, beta });
        const got = new Float32Array(M * N);
        for (let i = 0; i < M; i++) got.set(engine.f32().subarray(c / 4 + i * ldc, c / 4 + i * ldc + N), i * N);
        expect(worstRelative(got, expected)).toBeLessThan(1e-4);
        // Columns beyond N are untouched.
        for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) expect(engine.f32()[c / 4 + i * ldc + j]).toBe(C[i * ldc + j]);
    });

    it('splits work into disjoint shares that cover the output', () => {
        for (const [batch, M, N, threads] of [[1, 128, 512, 2], [1, 784, 10, 3], [5, 7, 9, 2], [1, 3, 5, 8], [2, 1, 1, 4]]) {
            const shares = splitWork(batch, M, N, threads);
            const seen = new Uint8Array(batch * M * N);
            for (const [b0, b1, m0, m1, n0, n1] of shares) for (let b = b0; b < b1; b++) for (let i = m0; i < m1; i++) for (let j = n0; j < n1; j++) seen[(b * M + i) * N + j]++;
            expect(seen.every(v => v === 1)).toBe(true);
            expect(shares.length).toBeLessThanOrEqual(threads);
        }
    });
});

describe('BatchMatMul and _FusedMatMul on wasm', () => {
    it('are ours after installTrainingKernels', () => {
        expect(installTrainingKernels(tf)).toEqual(expect.arrayContaining(['wasm/BatchMatMul', 'wasm/_FusedMatMul']));
    });

    const batched: { a: number[]; b: number[]; transA: boolean; transB: boolean }[] = [
        { a: [3, 5, 7], b: [3, 7, 4], transA: false, transB: false },
        { a: [3, 7, 5], b: [3, 4, 7], transA: true, transB: true },
        { a: [2, 3, 5, 7], b: [7, 6], transA: false, transB: false },
        { a: [5, 7], b: [4, 7, 6], transA: false, transB: false },
        { a: [2, 1, 4, 6], b: [1, 6, 5], transA: false, transB: false },
        { a: [1, 1, 1], b: [1, 1, 1], transA: true, transB: false },
        { a: [128, 784], b: [784, 512], transA: false, transB: false },
        { a: [128, 512], b: [784, 512], transA: false, transB: true },
        { a: [128, 784], b: [128, 512], transA: true, transB: false },
        { a: [9, 33], b: [10, 9], transA: true, transB: true }
    ];

    it.each(batched)('matMul a $a × b $b (transA $transA, transB $transB) matches cpu', async ({ a, b, transA, transB }) => {
        const av = values(a.reduce((p, d) => p * d, 1), a.length * 31 + a[0]);
        const bv = values(b.reduce((p, d) => p * d, 1), b.length * 17 + b[0]);
        const f = () => tf.tidy(() => tf.matMul(tf.tensor(av, a), tf.tensor(bv, b), transA, transB));
        const expected = await onCpu(f);
        expect(worstRelative(await onWasm(f), expected)).toBeLessThan(1e-4);
    });

    const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
    it.each(activations.flatMap(activation => [true, false].map(bias => ({ activation, bias }))))(
        'fused matMul with $activation (bias $bias) matches cpu',
        async ({ activation, bias }) => {
            const [M, K, N] = [6, 19, 13];
            const av = values(M * K, 3);
            const bv = values(K * N, 4);
            const biasv = values(N, 5);
            const preluv = values(N, 6);
            const f = () =>
                tf.tidy(() =>
                    tf.fused.matMul({
                        a: tf.tensor2d(av, [M, K]),
                        b: tf.tensor2d(bv, [K, N]),
                        bias: bias ? tf.tensor1d(biasv) : undefined,
                        activation,
                        preluActivationWeights: activation === 'prelu' ? tf.tensor1d(preluv) : undefined,
                        leakyreluAlpha: 0.3
                    })
                );
            const expected = await onCpu(f);
            expect(worstRelative(await onWasm(f), expected)).toBeLessThan(1e-4);
        }
    );

    it('leaves a bias that is not per column to tfjs-backend-wasm\'s own kernel', async () => {
        const f = () => tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(values(12, 1), [3, 4]), b: tf.tensor2d(values(8, 2), [4, 2]), bias: tf.tensor2d(values(6, 3), [3, 2]), activation: 'relu' }));
        const expected = await onCpu(f);
        // tfjs-backend-wasm's kernel refuses a rank-2 bias (the cpu one accepts it): its words, not ours.
        await expect(onWasm(f)).rejects.toThrow(/rank-1 bias/);
        expect(expected).toHaveLength(6);
    });

    it('propagates NaN through relu (a diverging run must still show a NaN loss)', async () => {
        const a = values(8, 1);
        a[3] = Number.NaN;
        const out = await onWasm(() => tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(a, [2, 4]), b: tf.tensor2d(values(12, 2), [4, 3]), activation: 'relu' })));
        expect(Array.from(out.slice(0, 3)).every(Number.isNaN)).toBe(true);
        expect(Array.from(out.slice(3)).some(Number.isNaN)).toBe(false);
    });

    it('clones on wasm without copying (Identity shares the data, counted)', async () => {
        await tf.setBackend('wasm');
        const start = tf.memory();
        const x = tf.tensor2d(values(6, 1), [2, 3]);
        const buffers = tf.backend().numDataIds();
        const y = tf.clone(x);
        expect(tf.backend().numDataIds()).toBe(buffers);
        x.dispose();
        expect(Array.from(y.dataSync())).toEqual(Array.from(values(6, 1)));
        y.dispose();
        expect(tf.backend().numDataIds()).toBe(buffers - 1);
        expect(tf.memory().numTensors).toBe(start.numTensors);
        expect(tf.memory().numBytes).toBe(start.numBytes);
    });

    it('casts to the same dtype without copying, and still converts between dtypes', async () => {
        await tf.setBackend('wasm');
        const x = tf.tensor1d([1.5, -2, 0]);
        const buffers = tf.backend().numDataIds();
        const same = tf.cast(x, 'float32');
        expect(tf.backend().numDataIds()).toBe(buffers);
        const ints = tf.cast(x, 'int32');
        expect(ints.dtype).toBe('int32');
        expect([Array.from(same.dataSync()), Array.from(ints.dataSync())]).toEqual([[1.5, -2, 0], [1, -2, 0]]);
        tf.dispose([x, same, ints]);
    });

    it('leaks no tensors and frees its scratch', async () => {
        await tf.setBackend('wasm');
        const a = tf.tensor2d(values(64 * 96, 1), [64, 96]);
        const b = tf.tensor2d(values(96 * 80, 2), [80, 96]);
        const run = () => tf.tidy(() => tf.sum(tf.fused.matMul({ a, b, transposeB: true, bias: tf.ones([80]), activation: 'relu' })).dataSync());
        run();
        const before = tf.memory();
        for (let i = 0; i < 5; i++) run();
        const after = tf.memory();
        expect(after.numTensors).toBe(before.numTensors);
        expect(after.numBytes).toBe(before.numBytes);
        tf.dispose([a, b]);
    });
});


describe('convolutions on wasm', () => {
    type Case = { x: number[]; filter: number[]; strides: number | [number, number]; pad: 'valid' | 'same' | number; dilations?: number | [number, number] };
    const cases: Case[] = [
        { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
        { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
        { x: [3, 9, 8, 2], filter: [2, 3, 2, 5], strides: 2, pad: 'same' },
        { x: [1, 8, 9, 1], filter: [5, 5, 1, 2], strides: [2, 1], pad: 'valid' },
        { x: [2, 1, 10, 3], filter: [1, 3, 3, 6], strides: [1, 2], pad: 'same' },
        { x: [2, 4, 4, 5], filter: [1, 1, 5, 3], strides: 1, pad: 'valid' },
        { x: [1, 6, 7, 4], filter: [3, 2, 4, 9], strides: 3, pad: 1 },
        { x: [1, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
        { x: [3, 12, 12, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
        // 8·24·24 = 4608 positions: the filter gradient's K is split into chunks.
        { x: [8, 26, 26, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'valid' },
        { x: [2, 10, 9, 8], filter: [3, 3, 8, 12], strides: 2, pad: 'valid' }
    ];
    const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

    it.each([...cases, { x: [1, 11, 11, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'same', dilations: 2 } as Case, { x: [2, 9, 7, 3], filter: [2, 3, 3, 4], strides: 1, pad: 'valid', dilations: [2, 1] } as Case])(
        'Conv2D matches cpu for x $x, filter $filter, strides $strides, pad $pad, dilations $dilations',
        async ({ x, filter, strides, pad, dilations = 1 }) => {
            const xv = values(size(x), 1);
            const fv = values(size(filter), 2);
            const f = () => tf.tidy(() => tf.conv2d(tf.tensor4d(xv, x as never), tf.tensor4d(fv, filter as never), strides, pad, 'NHWC', dilations));
            const expected = await onCpu(f);
            expect(worstRelative(await onWasm(f), expected)).toBeLessThan(1e-4);
        }
    );

    it.each(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const)('FusedConv2D with bias and %s matches cpu', async activation => {
        const x = [2, 8, 7, 3];
        const filter = [3, 3, 3, 6];
        const xv = values(size(x), 3);
        const fv = values(size(filter), 4);
        const f = () =>
            tf.tidy(() =>
                tf.fused.conv2d({
                    x: tf.tensor4d(xv, x as never),
                    filter: tf.tensor4d(fv, filter as never),
                    strides: 1,
                    pad: 'same',
                    bias: tf.tensor1d(values(6, 5)),
                    activation,
                    preluActivationWeights: activation === 'prelu' ? tf.tensor1d(values(6, 6)) : undefined,
                    leakyreluAlpha: 0.1
                })
            );
        const expected = await onCpu(f);
        expect(worstRelative(await onWasm(f), expected)).toBeLessThan(1e-4);
    });

    it.each(cases)('Conv2DBackpropInput and Conv2DBackpropFilter match tfjs\'s cpu kernels for x $x, filter $filter, strides $strides, pad $pad', async ({ x, filter, strides, pad }) => {
        const info = tf.backend_util.computeConv2DInfo(x as never, filter as never, strides, 1, pad);
        const xv = values(size(x), 7);
        const fv = values(size(filter), 8);
        const dyv = values(size(info.outShape), 9);
        await tf.setBackend('cpu');
        const [xt, ft, dyt] = [tf.tensor(xv, x), tf.tensor(fv, filter), tf.tensor(dyv, info.outShape)];
        const attrs = { strides, pad, dataFormat: 'NHWC' };
        const dx = runKernelFunc(reference.input, { dy: dyt, filter: ft }, { ...attrs, inputShape: x });
        const dw = runKernelFunc(reference.filter, { x: xt, dy: dyt }, { ...attrs, filterShape: filter });
        tf.dispose([xt, ft, dyt]);
        await tf.setBackend('wasm');
        const shapes = { x, filter, dy: info.outShape };
        expect(worstRelative(runOnWasm('Conv2DBackpropInput', { dy: dyv, filter: fv }, shapes, { ...attrs, inputShape: x }), dx)).toBeLessThan(1e-4);
        expect(worstRelative(runOnWasm('Conv2DBackpropFilter', { x: xv, dy: dyv }, shapes, { ...attrs, filterShape: filter }), dw)).toBeLessThan(1e-4);
    });

    it.each([
        { x: [3, 20, 4], filter: [5, 4, 6], stride: 1, pad: 'same' as const, dilation: 1 },
        { x: [2, 17, 3], filter: [3, 3, 8], stride: 2, pad: 'valid' as const, dilation: 1 },
        { x: [2, 16, 6], filter: [3, 6, 4], stride: 1, pad: 'valid' as const, dilation: 2 }
    ])('Conv1D (through Conv2D) and its gradients match cpu for x $x, filter $filter, stride $stride, $pad, dilation $dilation', async ({ x, filter, stride, pad, dilation }) => {
        const xv = values(size(x), 31);
        const fv = values(size(filter), 32);
        const run = (withGrads: boolean) => () =>
            tf.tidy(() => {
                const xt = tf.tensor3d(xv, x as [number, number, number]);
                const ft = tf.tensor3d(fv, filter as [number, number, number]);
                const f = (a: T, b: T) => tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, stride, pad, 'NWC', dilation);
                if (!withGrads) return f(xt, ft);
                // Gradients of dilated convolutions are not supported by tfjs itself.
                const [dx, dw] = tf.grads((a: T, b: T) => tf.sum(tf.square(f(a, b))))([xt, ft]);
                return tf.concat([dx.flatten(), dw.flatten()]);
            });
        for (const withGrads of dilation === 1 ? [false, true] : [false]) {
            const expected = await onCpu(run(withGrads));
            expect(worstRelative(await onWasm(run(withGrads)), expected)).toBeLessThan(1e-4);
        }
    });

    it('give the same bits on one thread (on tfjs\'s heap) and on the thread pool (copies)', async () => {
        const x = [4, 14, 14, 16];
        const filter = [3, 3, 16, 24];
        const info = tf.backend_util.computeConv2DInfo(x as never, filter as never, 1, 1, 'same');
        const inputs = { x: values(size(x), 1), filter: values(size(filter), 2), dy: values(size(info.outShape), 3), bias: values(24, 4) };
        const shapes = { x, filter, dy: info.outShape, bias: [24] };
        const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
        const runAll = () => [
            runOnWasm('FusedConv2D', { x: inputs.x, filter: inputs.filter, bias: inputs.bias }, shapes, { ...attrs, dilations: 1, activation: 'relu' }),
            runOnWasm('Conv2DBackpropInput', { dy: inputs.dy, filter: inputs.filter }, shapes, { ...attrs, inputShape: x }),
            runOnWasm('Conv2DBackpropFilter', { x: inputs.x, dy: inputs.dy }, shapes, { ...attrs, filterShape: filter }),
            runOnWasm('BatchMatMul', { a: inputs.x.subarray(0, 300 * 40), b: inputs.dy.subarray(0, 40 * 50) }, { a: [300, 40], b: [40, 50] }, { transposeA: false, transposeB: false })
        ];
        await tf.setBackend('wasm');
        setKernelThreads({ threads: 1 });
        const single = runAll();
        setKernelThreads({ threads: 2, spawn: spawnNode, minFlopsPerThread: 1 });
        await pooledEngine()!.ready();
        const pooled = runAll();
        configureKernelThreads();
        single.forEach((v, i) => expect(Buffer.from(pooled[i].buffer).equals(Buffer.from(v.buffer))).toBe(true));
    });
});


describe('MaxPoolGrad and Sum on wasm', () => {
    const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

    it.each([
        { x: [2, 6, 6, 3], window: 2, strides: 2, pad: 'valid' as const },
        { x: [2, 7, 5, 8], window: 3, strides: 2, pad: 'same' as const },
        { x: [1, 5, 5, 4], window: 3, strides: 1, pad: 'valid' as const },
        { x: [3, 1, 9, 6], window: [1, 2] as [number, number], strides: [1, 2] as [number, number], pad: 'valid' as const },
        { x: [4, 24, 24, 64], window: 2, strides: 2, pad: 'valid' as const },
        { x: [2, 6, 9, 5], window: [2, 3] as [number, number], strides: [2, 3] as [number, number], pad: 'valid' as const }
    ])('MaxPoolGrad matches tfjs\'s cpu kernel (ties included) for x $x, window $window, strides $strides, $pad', async ({ x, window, strides, pad }) => {
        // Few distinct values: ties in a window, where the first maximum must win.
        const u = createUniform(17);
        const xv = Float32Array.from({ length: size(x) }, () => Math.floor(u() * 4));
        await tf.setBackend('cpu');
        const xt = tf.tensor(xv, x);
        const y = tf.maxPool(xt as tf.Tensor4D, window, strides, pad);
        const dyv = values(size(y.shape), 18);
        const dy = tf.tensor(dyv, y.shape);
        const attrs = { filterSize: window, strides, pad };
        const expected = runKernelFunc(reference.pool, { dy, input: xt, output: y }, attrs);
        const yv = y.dataSync() as Float32Array;
        const yShape = y.shape;
        tf.dispose([xt, y, dy]);
        await tf.setBackend('wasm');
        const got = runOnWasm('MaxPoolGrad', { dy: dyv, input: xv, output: yv }, { dy: yShape, input: x, output: yShape }, attrs);
        expect(worstRelative(got, expected)).toBeLessThan(1e-6);
    });

    it.each([
        { shape: [128, 10], axis: [0], keepDims: false },
        { shape: [6, 5, 4, 7], axis: [0, 1, 2], keepDims: false },
        { shape: [6, 5, 4, 7], axis: [0, 1], keepDims: true },
        { shape: [300, 3], axis: 0, keepDims: false },
        { shape: [2, 9, 9, 32], axis: [2, 1, 0], keepDims: false },
        { shape: [5, 6], axis: [1], keepDims: false },
        { shape: [4, 5, 6], axis: [0, 2], keepDims: true },
        { shape: [7, 3], axis: [0, 1], keepDims: false }
    ])('Sum over $axis of $shape (keepDims $keepDims) matches cpu', async ({ shape, axis, keepDims }) => {
        const xv = values(size(shape), 21);
        const f = () => tf.tidy(() => tf.sum(tf.tensor(xv, shape), axis, keepDims));
        const expected = await onCpu(f);
        await tf.setBackend('wasm');
        const got = tf.tidy(() => tf.sum(tf.tensor(xv, shape), axis, keepDims));
        expect(got.shape).toEqual(tf.tidy(() => tf.sum(tf.zeros(shape), axis, keepDims).shape));
        expect(worstRelative(got.dataSync(), expected)).toBeLessThan(1e-5);
        got.dispose();
    });
});

describe('registry', () => {
    it('sends every replaced wasm kernel through our module', async () => {
        await tf.setBackend('wasm');
        const x = tf.tensor4d(values(2 * 6 * 6 * 4, 1), [2, 6, 6, 4]);
        const w = tf.tensor4d(values(3 * 3 * 4 * 5, 2), [3, 3, 4, 5]);
        const m = tf.tensor2d(values(12, 3), [3, 4]);
        const ops: [string, () => T | T[]][] = [
            ['BatchMatMul', () => tf.matMul(m, m, false, true)],
            ['_FusedMatMul', () => tf.fused.matMul({ a: m, b: m, transposeB: true, activation: 'relu' })],
            ['Conv2D', () => tf.conv2d(x, w, 1, 'same')],
            ['FusedConv2D', () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', activation: 'relu' })],
            ['Conv2DBackpropInput + Conv2DBackpropFilter', () => tf.grads((a: T, b: T) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'))([x, w])],
            ['MaxPoolGrad', () => tf.grad((a: T) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))(x)],
            ['Sum', () => tf.sum(x, [0, 1, 2])]
        ];
        for (const [name, op] of ops) {
            const before = kernelCalls().total;
            tf.dispose(op());
            expect(kernelCalls().total - before, name).toBeGreaterThan(name.includes('+') ? 1 : 0);
        }
        tf.dispose([x, w, m]);
    });
});

describe('threads', () => {

    it('train a conv net to the same losses, bit for bit, on 1 and 2 threads (same seed, same curve)', async () => {
        const m = model('ThreadCheck', [12, 12, 8], [
            layer(0, 'Conv2D', [{ className: 'Conv2D', config: { filters: 16, kernelSize: [3, 3], activation: 'relu' } }], [[12, 12, 8]], [10, 10, 16], 1168),
            layer(1, 'MaxPooling2D', [{ className: 'MaxPooling2D', config: { poolSize: [2, 2] } }], [[10, 10, 16]], [5, 5, 16], 0),
            layer(2, 'Flatten', [{ className: 'Flatten', config: {} }], [[5, 5, 16]], [400], 0),
            dense(3, 400, 256, 'relu'),
            dense(4, 256, 3, 'softmax')
        ]);
        const n = 192;
        const u = createUniform(5);
        const data = {
            sampleShape: [12, 12, 8],
            task: 'classification' as const,
            numClasses: 3,
            labelEncoding: 'index' as const,
            train: { x: Float32Array.from({ length: n * 12 * 12 * 8 }, () => u() * 2 - 1), y: Float32Array.from({ length: n }, (_, i) => i % 3), count: n }
        };
        const desc = training(m, { epochs: 2, batchSize: 64, loss: 'sparse_categorical_crossentropy', optimizer: { name: 'rmsprop', learningRate: 0.001, args: {} } });
        await tf.setBackend('wasm');
        const losses: number[][] = [];
        for (const threads of [1, 2]) {
            // A low threshold, so that even this small model's products go to the thread pool.
            setKernelThreads(threads === 1 ? { threads: 1 } : { threads, spawn: spawnNode, minFlopsPerThread: 1e5 });
            if (threads > 1) await pooledEngine()!.ready();
            const before = kernelCalls();
            const r = await train(tf, desc, data, {}, undefined, { yieldEveryMs: 1e9 });
            const after = kernelCalls();
            expect(after.total).toBeGreaterThan(before.total);
            if (threads > 1) expect(after.threaded).toBeGreaterThan(before.threaded);
            losses.push(r.history.map(h => h.loss));
            r.model.dispose();
        }
        configureKernelThreads();
        expect(losses[1]).toEqual(losses[0]);
    });
    it('give bit-identical results on 1, 2 and 3 threads', async () => {
        const engines = [new Engine({ threads: 1 }), new Engine({ threads: 2, spawn: spawnNode }), new Engine({ threads: 3, spawn: spawnNode, minFlopsPerThread: 1 })];
        for (const e of engines) await e.ready();
        expect(engines.map(e => e.threads)).toEqual([1, 2, 3]);
        const cases: [boolean, boolean, number, number, number, number][] = [
            [false, false, 128, 512, 784, 1],
            [false, true, 128, 784, 512, 1],
            [true, false, 784, 512, 128, 1],
            [false, false, 37, 45, 300, 3],
            [true, true, 250, 9, 513, 1],
            // A tall K: split into fixed chunks and partial products.
            [true, false, 40, 24, 5000, 1]
        ];
        for (const [transA, transB, M, N, K, batch] of cases) {
            const results = engines.map(e => {
                e.reset();
                const a = e.alloc(batch * M * K * 4);
                const b = e.alloc(batch * K * N * 4);
                const c = e.alloc(batch * M * N * 4);
                e.f32().set(values(batch * M * K, 1), a / 4);
                e.f32().set(values(batch * K * N, 2), b / 4);
                const bias = e.alloc(N * 4);
                e.f32().set(values(N, 3), bias / 4);
                e.gemm({ transA, transB, M, N, K, a, lda: transA ? M : K, b, ldb: transB ? K : N, c, ldc: N, batch, batchA: batch, strideA: M * K * 4, batchB: batch, strideB: K * N * 4, strideC: M * N * 4, bias, activation: 'relu' });
                return Float32Array.from(e.f32().subarray(c / 4, c / 4 + batch * M * N));
            });
            for (const r of results.slice(1)) expect(Buffer.from(r.buffer).equals(Buffer.from(results[0].buffer))).toBe(true);
        }
        for (const e of engines) e.close();
    });
});

describe('committed wasm bytes', () => {
    it('are what the generator assembles today (run `npm run build:kernels` when this fails)', async () => {
        const committed = readFileSync(fileURLToPath(new URL('../src/train/kernels/wasm/binary.generated.ts', import.meta.url)), 'utf8');
        expect(committed).toBe(generatedSource(await assemble()));
    });
});
