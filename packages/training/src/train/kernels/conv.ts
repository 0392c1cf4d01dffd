/**
 * Convolutions on tfjs-backend-wasm through our GEMM, with the patches read straight from the
 * NHWC source while packing (implicit im2col: no patch matrix in memory, whatever the batch):
 *
 * - `Conv2D` / `FusedConv2D`: y [n·oh·ow, co] = patches(x) · filter [kh·kw·ci, co] (+ bias, activation);
 * - `Conv2DBackpropInput`: dx [n·h·w, ci] = patches(dy read backwards) · filterᵀ per tap
 *   [kh·kw·co, ci], where a patch element is dy at ((ih + pad − kh) / stride), zero when that
 *   is not a whole number inside dy;
 * - `Conv2DBackpropFilter`: dW [kh·kw·ci, co] = patches(x)ᵀ · dy [n·oh·ow, co].
 *
 * tfjs-backend-wasm's own Conv2D is XNNPACK, its Conv2DBackpropInput a scalar loop, and it has
 * no Conv2DBackpropFilter (./install.ts adds a JS one, kept for the cpu backend and as a fallback).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../types.js';
import type { ConvGeometry } from './engine.js';
import { applyInJs, perColumn, WASM_ACTIVATIONS } from './matmul.js';
import { session, type WasmBackendLike } from './runtime.js';

type TensorInfo = tfjs.TensorInfo;
type Shape4 = [number, number, number, number];

interface ConvArgs {
    inputs: { x?: TensorInfo; dy?: TensorInfo; filter?: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    backend: unknown;
    attrs: {
        strides: number | [number, number];
        pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
        dataFormat?: 'NHWC' | 'NCHW';
        dilations?: number | [number, number];
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        activation?: string;
        leakyreluAlpha?: number;
        inputShape?: Shape4;
        filterShape?: Shape4;
    };
}

type Kind = 'forward' | 'input' | 'filter';

function fallBack(fallback: tfjs.KernelFunc | undefined, args: unknown, kernel: string, why: string): TensorInfo {
    if (fallback) return fallback(args as never) as TensorInfo;
    throw new Error(`${kernel} on wasm: ${why}`);
}

/**
 * `Conv2D`, `FusedConv2D` (kind 'forward'), `Conv2DBackpropInput` ('input') or
 * `Conv2DBackpropFilter` ('filter') on the wasm backend. NCHW, non-float32 and fused options
 * ours does not cover go to `fallback`.
 */
export function convKernel(tf: TF, kind: Kind, kernelName: string, fallback: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
    return (rawArgs => {
        const args = rawArgs as unknown as ConvArgs;
        const { attrs, inputs } = args;
        const activation = attrs.activation ?? 'linear';
        const floats = Object.values(inputs).every(t => t === undefined || t.dtype === 'float32');
        if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC' || !floats) return fallBack(fallback, rawArgs, kernelName, 'only NHWC float32 is implemented');

        let xShape: Shape4;
        let filterShape: Shape4;
        if (kind === 'forward') {
            xShape = inputs.x!.shape as Shape4;
            filterShape = inputs.filter!.shape as Shape4;
        } else if (kind === 'input') {
            xShape = attrs.inputShape!;
            filterShape = inputs.filter!.shape as Shape4;
        } else {
            xShape = inputs.x!.shape as Shape4;
            filterShape = attrs.filterShape!;
        }
        const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, kind === 'forward' ? (attrs.dilations ?? 1) : 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
        const { batchSize: n, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info;
        const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
        const { top, left } = info.padInfo;
        const N = kind === 'input' ? CI : CO;
        if (kind === 'forward') {
            const wasmActivation = WASM_ACTIVATIONS[activation];
            if (!wasmActivation || !perColumn(inputs.bias, N) || (activation === 'prelu' && !perColumn(inputs.preluActivationWeights, N)) || (activation === 'prelu' && !inputs.preluActivationWeights)) {
                return fallBack(fallback, rawArgs, kernelName, `bias, prelu weights or activation '${activation}' not implemented`);
            }
        }

        // Images with 1-3 channels: patches of a few floats, where packing dominates; XNNPACK's
        // indirect convolution is 5x faster there (2.6 vs 13 ms on the seed CNN's first layer).
        if (kind === 'forward' && CI < 4 && fallback) return fallback(rawArgs);

        const backend = args.backend as WasmBackendLike;
        const outShape = kind === 'forward' ? [n, OH, OW, CO] : kind === 'input' ? [...xShape] : [...filterShape];
        const out = backend.makeOutput(outShape, 'float32');
        const M = kind === 'forward' ? n * OH * OW : kind === 'input' ? n * H * W : KH * KW * CI;
        const K = kind === 'forward' ? KH * KW * CI : kind === 'input' ? KH * KW * CO : n * OH * OW;
        if (M * N === 0) return out;

        const heap = session(backend, 2 * M * N * K, [...Object.values(inputs), out]);
        if (!heap) {
            backend.disposeData(out.dataId);
            return fallBack(fallback, rawArgs, kernelName, 'our WebAssembly module is unavailable');
        }
        const engine = heap.engine;
        try {
            let a: number;
            let b: number;
            let conv: ConvGeometry;
            if (kind === 'forward') {
                a = heap.input(inputs.x!);
                b = heap.input(inputs.filter!);
                conv = { mode: 'im2col', Hs: H, Ws: W, Cs: CI, RH: OH, RW: OW, KW, mulH: sh, kmulH: dh, offH: -top, divH: 1, mulW: sw, kmulW: dw, offW: -left, divW: 1 };
            } else if (kind === 'input') {
                a = heap.input(inputs.dy!);
                b = heap.filterTapsTransposed(inputs.filter!, KH * KW, CI, CO);
                conv = { mode: 'im2col', Hs: OH, Ws: OW, Cs: CO, RH: H, RW: W, KW, mulH: 1, kmulH: -dh, offH: top, divH: sh, mulW: 1, kmulW: -dw, offW: left, divW: sw };
            } else {
                a = heap.input(inputs.x!);
                b = heap.input(inputs.dy!);
                conv = { mode: 'im2colT', Hs: H, Ws: W, Cs: CI, RH: OH, RW: OW, KW, mulH: sh, kmulH: dh, offH: -top, divH: 1, mulW: sw, kmulW: dw, offW: -left, divW: 1 };
            }
            const c = heap.output(out);
            const bias = kind === 'forward' && inputs.bias ? heap.input(inputs.bias) : 0;
            const prelu = kind === 'forward' && activation === 'prelu' ? heap.input(inputs.preluActivationWeights!) : 0;
            engine.gemm({
                transA: false,
                transB: false,
                M,
                N,
                K,
                a,
                lda: 0,
                b,
                ldb: N,
                c,
                ldc: N,
                conv,
                bias,
                activation: kind === 'forward' ? WASM_ACTIVATIONS[activation] : 'linear',
                activationAlpha: attrs.leakyreluAlpha ?? 0.2,
                prelu
            });
            if (kind === 'forward' && (activation === 'sigmoid' || activation === 'elu')) applyInJs(engine.f32().subarray(c / 4, c / 4 + M * N), activation);
            heap.finish();
        } finally {
            heap.release();
        }
        return out;
    }) as tfjs.KernelFunc;
}
