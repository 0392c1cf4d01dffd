/**
 * tfjs-backend-wasm's `BatchMatMul` and `_FusedMatMul` on our GEMM. tfjs's own versions use
 * XNNPACK (~27 GFLOP/s on one thread) only when neither operand is transposed and a scalar loop
 * (1-3 GFLOP/s) otherwise, which is most of a Dense layer's backward pass. Ours run every case
 * at the same speed and on several threads. Operands are read from the backend's heap and the
 * result written into an output it allocates (see ./runtime.ts: directly, or copied to the threads' memory).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../types.js';
import type { Activation } from './engine.js';
import { session, type WasmBackendLike } from './runtime.js';

type TensorInfo = tfjs.TensorInfo;

interface MatMulArgs {
    inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    backend: unknown;
    attrs: { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** A per-column vector for an output with N columns: rank-1 or leading 1s, exactly N values. */
export function perColumn(t: TensorInfo | undefined, N: number): boolean {
    if (!t) return true;
    return t.dtype === 'float32' && t.shape.length >= 1 && t.shape[t.shape.length - 1] === N && size(t.shape) === N;
}

/** tfjs's fused activations → what the wasm epilogue does (sigmoid and elu: linear, then `applyInJs`). */
export const WASM_ACTIVATIONS: Record<string, Activation> = {
    linear: 'linear',
    relu: 'relu',
    relu6: 'relu6',
    prelu: 'prelu',
    leakyrelu: 'leakyrelu',
    sigmoid: 'linear',
    elu: 'linear'
};

/** The second pass for activations with an exponential (tfjs cpu's formulas). */
export function applyInJs(values: Float32Array, activation: string): void {
    if (activation === 'sigmoid') for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]));
    else if (activation === 'elu') for (let i = 0; i < values.length; i++) values[i] = values[i] >= 0 ? values[i] : Math.exp(values[i]) - 1;
}

/**
 * `BatchMatMul` (no bias, linear) and `_FusedMatMul` on the wasm backend. Falls back to the
 * original kernel for what ours does not cover (non-float32, tfjs's inconsistent broadcast of
 * two batch shapes that both need broadcasting, bias or prelu weights that are not per-column,
 * unknown activations) and lets it report shape errors in its own words.
 */
export function matMulKernel(tf: TF, fallback: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
    const fallBack = (args: unknown, why: string) => {
        if (fallback) return fallback(args as never);
        throw new Error(`matMul on wasm: ${why}`);
    };
    return (rawArgs => {
        const args = rawArgs as unknown as MatMulArgs;
        const { a, b, bias, preluActivationWeights: prelu } = args.inputs;
        const { transposeA, transposeB } = args.attrs;
        const activation = args.attrs.activation ?? 'linear';
        if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallBack(rawArgs, 'only float32 is implemented');
        const aRank = a.shape.length;
        const bRank = b.shape.length;
        if (aRank < 2 || bRank < 2) return fallBack(rawArgs, 'operands need rank 2 or more');
        const K = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
        const kB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
        const M = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
        const N = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
        if (K !== kB) return fallBack(rawArgs, `inner dimensions ${K} and ${kB} differ`);
        const batchA = size(a.shape.slice(0, -2));
        const batchB = size(b.shape.slice(0, -2));
        const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
        const batch = Math.max(batchA, batchB);
        // tfjs's kernels pair output matrix i with A's i % batchA and B's i % batchB, which only
        // covers broadcasts where one side's batch dimensions hold all the others.
        if (size(outer) !== batch) {
            return fallBack(rawArgs, 'this batch broadcast is not implemented');
        }
        const wasmActivation = WASM_ACTIVATIONS[activation];
        if (!wasmActivation || !perColumn(bias, N) || (activation === 'prelu' && (!prelu || !perColumn(prelu, N)))) {
            return fallBack(rawArgs, `bias, prelu weights or activation '${activation}' not implemented`);
        }

        const backend = args.backend as WasmBackendLike;
        const out = backend.makeOutput([...outer, M, N], 'float32') as TensorInfo;
        if (batch * M * N === 0) return out;
        const heap = session(backend, 2 * batch * M * N * K, [a, b, bias, prelu, out]);
        if (!heap) {
            backend.disposeData(out.dataId);
            return fallBack(rawArgs, 'our WebAssembly module is unavailable');
        }
        const engine = heap.engine;
        try {
            const pa = heap.input(a);
            const pb = heap.input(b);
            const pBias = bias ? heap.input(bias) : 0;
            const pPrelu = activation === 'prelu' ? heap.input(prelu!) : 0;
            const pc = heap.output(out);
            engine.gemm({
                transA: transposeA,
                transB: transposeB,
                M,
                N,
                K,
                a: pa,
                lda: transposeA ? M : K,
                b: pb,
                ldb: transposeB ? K : N,
                c: pc,
                ldc: N,
                batch,
                batchA,
                strideA: M * K * 4,
                batchB,
                strideB: K * N * 4,
                strideC: M * N * 4,
                bias: pBias,
                activation: wasmActivation,
                activationAlpha: args.attrs.leakyreluAlpha ?? 0.2,
                prelu: pPrelu
            });
            if (activation === 'sigmoid' || activation === 'elu') applyInJs(engine.f32().subarray(pc / 4, pc / 4 + batch * M * N), activation);
            heap.finish();
        } finally {
            heap.release();
        }
        return out;
    }) as tfjs.KernelFunc;
}
