/**
 * Typed-array JavaScript kernels for the gradients of convolutions, max pooling and embeddings.
 *
 * Measured in Node on a batch of 128 28×28×1 images through Conv2D(8, 3) + MaxPooling2D(2):
 * tfjs's cpu backend takes ~3,100 ms for Conv2DBackpropFilter and ~740 ms for MaxPoolGrad
 * (per-element TensorBuffer.get calls) against ~70 ms for the forward convolution, so a CNN
 * trains at a few samples per second. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter and no
 * UnsortedSegmentSum at all, so it cannot train Conv1D/Conv2D or Embedding. The same math written
 * over flat typed arrays fixes both: we replace the two slow cpu kernels and add the two missing
 * wasm ones. WebGL keeps its own GPU kernels.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from './types.js';

type TensorInfo = tfjs.TensorInfo;
type Values = Float32Array | Int32Array;

interface KernelArgs {
    inputs: Record<string, TensorInfo>;
    backend: unknown;
    attrs?: Record<string, unknown>;
}

type Backend = 'cpu' | 'wasm';

function read(backend: unknown, t: TensorInfo): Values {
    return (backend as { readSync(dataId: object): Values }).readSync(t.dataId);
}

/** cpu and wasm create output tensors differently (wasm allocates on its heap). */
function output(which: Backend, backend: unknown, shape: number[], values: Float32Array): TensorInfo {
    if (which === 'wasm') {
        return (backend as { makeOutput(s: number[], d: string, o: undefined, v: Float32Array): TensorInfo }).makeOutput(shape, 'float32', undefined, values);
    }
    return (backend as { makeTensorInfo(s: number[], d: string, v: Float32Array): TensorInfo }).makeTensorInfo(shape, 'float32', values);
}

/**
 * dW[kh, kw, ci, co] = Σ over batch and output positions of x[n, oh·sh − top + kh, ow·sw − left + kw, ci] · dy[n, oh, ow, co]
 * (NHWC; gradients of dilated convolutions are not supported by tfjs itself). Accumulates in
 * float64, as tfjs's reference kernel does.
 */
export function conv2dBackpropFilterValues(
    x: ArrayLike<number>,
    xShape: number[],
    dy: ArrayLike<number>,
    dyShape: number[],
    filterShape: number[],
    strides: [number, number],
    pad: { top: number; left: number }
): Float32Array {
    const [N, H, W, CI] = xShape;
    const [, OH, OW, CO] = dyShape;
    const [KH, KW] = filterShape;
    const [sh, sw] = strides;
    const dW = new Float64Array(KH * KW * CI * CO);
    for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
            const ih0 = oh * sh - pad.top;
            for (let ow = 0; ow < OW; ow++) {
                const iw0 = ow * sw - pad.left;
                const dyOff = ((n * OH + oh) * OW + ow) * CO;
                for (let kh = 0; kh < KH; kh++) {
                    const ih = ih0 + kh;
                    if (ih < 0 || ih >= H) continue;
                    for (let kw = 0; kw < KW; kw++) {
                        const iw = iw0 + kw;
                        if (iw < 0 || iw >= W) continue;
                        const xOff = ((n * H + ih) * W + iw) * CI;
                        const wOff = (kh * KW + kw) * CI * CO;
                        for (let ci = 0; ci < CI; ci++) {
                            const xv = x[xOff + ci];
                            // Post-ReLU inputs are mostly zeros.
                            if (xv === 0) continue;
                            const o = wOff + ci * CO;
                            for (let co = 0; co < CO; co++) dW[o + co] += xv * dy[dyOff + co];
                        }
                    }
                }
            }
        }
    }
    return Float32Array.from(dW);
}

/** Max-pool gradient: each window's first maximum (row-major, as tfjs picks it) receives dy. */
export function maxPoolGradValues(
    x: ArrayLike<number>,
    xShape: number[],
    dy: ArrayLike<number>,
    dyShape: number[],
    window: [number, number],
    strides: [number, number],
    pad: { top: number; left: number }
): Float32Array {
    const [N, H, W, C] = xShape;
    const [, OH, OW] = dyShape;
    const dx = new Float32Array(N * H * W * C);
    for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
            const r0 = oh * strides[0] - pad.top;
            const rMin = Math.max(0, r0);
            const rMax = Math.min(H, r0 + window[0]);
            for (let ow = 0; ow < OW; ow++) {
                const c0 = ow * strides[1] - pad.left;
                const cMin = Math.max(0, c0);
                const cMax = Math.min(W, c0 + window[1]);
                const dyOff = ((n * OH + oh) * OW + ow) * C;
                for (let ch = 0; ch < C; ch++) {
                    let best = Number.NEGATIVE_INFINITY;
                    let at = -1;
                    for (let r = rMin; r < rMax; r++) {
                        for (let c = cMin; c < cMax; c++) {
                            const i = ((n * H + r) * W + c) * C + ch;
                            if (x[i] > best) {
                                best = x[i];
                                at = i;
                            }
                        }
                    }
                    if (at >= 0) dx[at] += dy[dyOff + ch];
                }
            }
        }
    }
    return dx;
}

/** out[s] = Σ x[i] over the rows i whose segment id is s (the gradient of a gather / Embedding). */
export function unsortedSegmentSumValues(x: ArrayLike<number>, rows: number, segmentIds: ArrayLike<number>, numSegments: number): Float32Array {
    const inner = rows === 0 ? 0 : x.length / rows;
    const out = new Float32Array(numSegments * inner);
    for (let i = 0; i < rows; i++) {
        const s = segmentIds[i];
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner;
        const xi = i * inner;
        for (let j = 0; j < inner; j++) out[o + j] += x[xi + j];
    }
    return out;
}

function pair(v: unknown): [number, number] {
    return Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)];
}

function conv2dBackpropFilterKernel(tf: TF, which: Backend, fallback?: tfjs.KernelFunc): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { x, dy } = inputs;
        const a = attrs as { strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };
        if (a.dataFormat === 'NCHW' || x.dtype !== 'float32') {
            if (fallback) return fallback(args);
            throw new Error(`Conv2DBackpropFilter on ${which}: only NHWC float32 is implemented.`);
        }
        const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
        const values = conv2dBackpropFilterValues(read(backend, x), x.shape, read(backend, dy), dy.shape, a.filterShape, [info.strideHeight, info.strideWidth], info.padInfo);
        return output(which, backend, a.filterShape, values);
    }) as tfjs.KernelFunc;
}

function maxPoolGradKernel(tf: TF, which: Backend): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { dy, input } = inputs;
        const a = attrs as { filterSize: [number, number] | number; strides: [number, number] | number; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
        const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
        const values = maxPoolGradValues(read(backend, input), input.shape, read(backend, dy), dy.shape, pair([info.filterHeight, info.filterWidth]), [info.strideHeight, info.strideWidth], info.padInfo);
        return output(which, backend, input.shape, values);
    }) as tfjs.KernelFunc;
}

function unsortedSegmentSumKernel(which: Backend): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { x, segmentIds } = inputs;
        const numSegments = Number((attrs as { numSegments: number }).numSegments);
        const idRank = segmentIds.shape.length;
        const rows = segmentIds.shape.reduce((p, d) => p * d, 1);
        const values = unsortedSegmentSumValues(read(backend, x), rows, read(backend, segmentIds), numSegments);
        return output(which, backend, [numSegments, ...x.shape.slice(idRank)], values);
    }) as tfjs.KernelFunc;
}

const installed = new WeakMap<object, string[]>();

/**
 * Installs the kernels above into tfjs's registry (once per tfjs instance): cpu's slow
 * Conv2DBackpropFilter and MaxPoolGrad are replaced, wasm's missing Conv2DBackpropFilter and
 * UnsortedSegmentSum are added (only if still missing, so a wasm release that brings its own wins).
 * Returns `backend/kernel` names installed.
 */
export function installTrainingKernels(tf: TF): string[] {
    const key = tf.registerKernel as unknown as object;
    const done = installed.get(key);
    if (done) return done;
    const list: string[] = [];
    const replace = (kernelName: string, backendName: Backend, make: (fallback?: tfjs.KernelFunc) => tfjs.KernelFunc) => {
        const existing = tf.getKernel(kernelName, backendName);
        if (existing) tf.unregisterKernel(kernelName, backendName);
        tf.registerKernel({ kernelName, backendName, kernelFunc: make(existing?.kernelFunc) });
        list.push(`${backendName}/${kernelName}`);
    };
    const add = (kernelName: string, backendName: Backend, kernelFunc: tfjs.KernelFunc) => {
        if (tf.getKernel(kernelName, backendName)) return;
        tf.registerKernel({ kernelName, backendName, kernelFunc });
        list.push(`${backendName}/${kernelName}`);
    };
    replace('Conv2DBackpropFilter', 'cpu', fallback => conv2dBackpropFilterKernel(tf, 'cpu', fallback));
    replace('MaxPoolGrad', 'cpu', () => maxPoolGradKernel(tf, 'cpu'));
    add('Conv2DBackpropFilter', 'wasm', conv2dBackpropFilterKernel(tf, 'wasm'));
    add('UnsortedSegmentSum', 'wasm', unsortedSegmentSumKernel('wasm'));
    installed.set(key, list);
    return list;
}
