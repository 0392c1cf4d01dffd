/**
 * The trainer's kernels in tfjs's registry: our WebAssembly GEMM and convolutions on wasm
 * (./matmul.ts, ./conv.ts), and JavaScript kernels for the gradients of convolutions, max
 * pooling and embeddings.
 *
 * Measured in Node (batch of 128): tfjs's cpu backend takes ~3,100 ms for Conv2DBackpropFilter
 * and ~740 ms for MaxPoolGrad on 28×28×1 → Conv2D(8, 3) → MaxPooling2D(2) (per-element
 * TensorBuffer.get calls), against ~70 ms for the forward convolution. tfjs-backend-wasm 4.22
 * has no Conv2DBackpropFilter and no UnsortedSegmentSum, so it cannot train Conv1D/Conv2D or
 * Embedding at all, and its Conv2DBackpropInput is a plain loop (~2,700 ms for the seed CNN's
 * second convolution, whose forward pass takes ~110 ms).
 *
 * - cpu: typed-array loops replace the slow Conv2DBackpropFilter and MaxPoolGrad.
 * - wasm: BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D and both convolution gradients run on
 *   our GEMM (SIMD, threads in Node). Where our module cannot run (no WebAssembly SIMD), the
 *   filter gradient is an im2col in JS times wasm's own matmul and the input gradient wasm's own
 *   forward Conv2D over the dilated, padded dy with the flipped filter; these JS versions are
 *   also the fallbacks of ours. UnsortedSegmentSum is a loop. Identity and same-dtype Cast share
 *   their input's data instead of copying it. WebGL keeps its own GPU kernels.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../types.js';
import {
    conv2dBackpropFilterByMatMul,
    conv2dBackpropFilterValues,
    conv2dBackpropInputByConv,
    maxPoolGradValues,
    unsortedSegmentSumValues,
    type MatMul,
    type ValidConv
} from './gradients.js';
import { convKernel } from './conv.js';
import { simdSupported } from './engine.js';
import { matMulKernel } from './matmul.js';
import { maxPoolGradKernel as wasmMaxPoolGradKernel } from './pool.js';
import { sumKernel } from './sum.js';

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

type ConvAttrs = { strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' };

interface WasmBackend {
    makeOutput(shape: number[], dtype: string, memoryOffset: undefined, values: Float32Array): TensorInfo;
    readSync(dataId: object): Values;
    disposeData(dataId: object): boolean;
}

/** Runs one of wasm's own kernels on temporary heap tensors and returns its output values. */
function wasmRun(tf: TF, backend: WasmBackend, kernelName: string, inputs: Record<string, [Float32Array, number[]]>, attrs: Record<string, unknown>): Float32Array {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`the wasm backend has no ${kernelName} kernel.`);
    const infos: Record<string, TensorInfo> = {};
    for (const [name, [values, shape]] of Object.entries(inputs)) infos[name] = backend.makeOutput(shape, 'float32', undefined, values);
    try {
        const out = kernel.kernelFunc({ inputs: infos, backend: backend as never, attrs: attrs as never }) as TensorInfo;
        const values = backend.readSync(out.dataId) as Float32Array;
        backend.disposeData(out.dataId);
        return values;
    } finally {
        for (const info of Object.values(infos)) backend.disposeData(info.dataId);
    }
}

function wasmMatMul(tf: TF, backend: WasmBackend): MatMul {
    return (a, m, k, b, n) => wasmRun(tf, backend, 'BatchMatMul', { a: [a, [1, m, k]], b: [b, [1, k, n]] }, { transposeA: false, transposeB: false });
}

function wasmValidConv(tf: TF, backend: WasmBackend): ValidConv {
    return (x, xShape, f, fShape) =>
        wasmRun(tf, backend, 'Conv2D', { x: [x, xShape], filter: [f, fShape] }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
}

function conv2dBackpropFilterKernel(tf: TF, which: Backend, fallback?: tfjs.KernelFunc): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { x, dy } = inputs;
        const a = attrs as ConvAttrs & { filterShape: [number, number, number, number] };
        if (a.dataFormat === 'NCHW' || x.dtype !== 'float32') {
            if (fallback) return fallback(args);
            throw new Error(`Conv2DBackpropFilter on ${which}: only NHWC float32 is implemented.`);
        }
        const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
        const strides: [number, number] = [info.strideHeight, info.strideWidth];
        const xs = read(backend, x);
        const dys = read(backend, dy) as Float32Array;
        const values =
            which === 'wasm'
                ? conv2dBackpropFilterByMatMul(xs, x.shape, dys, dy.shape, a.filterShape, strides, info.padInfo, wasmMatMul(tf, backend as WasmBackend))
                : conv2dBackpropFilterValues(xs, x.shape, dys, dy.shape, a.filterShape, strides, info.padInfo);
        return output(which, backend, a.filterShape, values);
    }) as tfjs.KernelFunc;
}

function conv2dBackpropInputKernel(tf: TF, fallback?: tfjs.KernelFunc): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { dy, filter } = inputs;
        const a = attrs as ConvAttrs & { inputShape: [number, number, number, number] };
        if (a.dataFormat === 'NCHW' || dy.dtype !== 'float32') {
            if (fallback) return fallback(args);
            throw new Error('Conv2DBackpropInput on wasm: only NHWC float32 is implemented.');
        }
        const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
        const values = conv2dBackpropInputByConv(read(backend, dy), dy.shape, read(backend, filter), filter.shape, a.inputShape, [info.strideHeight, info.strideWidth], info.padInfo, wasmValidConv(tf, backend as WasmBackend));
        return output('wasm', backend, a.inputShape, values);
    }) as tfjs.KernelFunc;
}

function maxPoolGradKernel(tf: TF, which: Backend): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { dy, input } = inputs;
        const a = attrs as { filterSize: [number, number] | number; strides: [number, number] | number; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
        const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
        const values = maxPoolGradValues(read(backend, input), input.shape, read(backend, dy), dy.shape, [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], info.padInfo);
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

/**
 * Identity without a copy: the output shares the input's data, counted by the backend, as
 * wasm's own Reshape does (and cpu's Identity). tfjs's tape clones every tensor it saves for the
 * backward pass through Identity, and wasm's copies each: ~50 copies a batch of the seed CNN,
 * ~10 ms. Tensor data is never written after creation, so sharing is safe.
 */
function sharedIdentityKernel(fallback?: tfjs.KernelFunc): tfjs.KernelFunc {
    return (args => {
        const { inputs, backend } = args as unknown as KernelArgs;
        const { x } = inputs;
        if (x.dtype === 'string' && fallback) return fallback(args);
        (backend as { incRef(dataId: object): void }).incRef(x.dataId);
        return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    }) as tfjs.KernelFunc;
}

/** Cast to the dtype a tensor already has (relu's gradient casts step(x), a float32, to float32): shared, like Identity. */
function sameTypeCastKernel(fallback?: tfjs.KernelFunc): tfjs.KernelFunc {
    const identity = sharedIdentityKernel();
    return (args => {
        const { inputs, attrs } = args as unknown as KernelArgs;
        if (inputs.x.dtype === (attrs as { dtype: string }).dtype && inputs.x.dtype !== 'string') return identity(args);
        if (!fallback) throw new Error('Cast on wasm: the backend has no Cast kernel');
        return fallback(args);
    }) as tfjs.KernelFunc;
}

interface Replacement {
    kernelName: string;
    backendName: Backend;
    /** `replace`: take over an existing (slow) kernel, keeping it as the fallback; `add`: fill a gap only. */
    mode: 'replace' | 'add';
    /** Only where our WebAssembly module runs (it needs SIMD). */
    ours?: boolean;
    make(tf: TF, fallback?: tfjs.KernelFunc): tfjs.KernelFunc;
}

let simd: boolean | undefined;
const ourModuleRuns = () => (simd ??= simdSupported());

const REPLACEMENTS: Replacement[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', mode: 'replace', make: (tf, fallback) => conv2dBackpropFilterKernel(tf, 'cpu', fallback) },
    { kernelName: 'MaxPoolGrad', backendName: 'cpu', mode: 'replace', make: tf => maxPoolGradKernel(tf, 'cpu') },
    {
        kernelName: 'Conv2DBackpropFilter',
        backendName: 'wasm',
        mode: 'add',
        make: tf => (ourModuleRuns() ? convKernel(tf, 'filter', 'Conv2DBackpropFilter', conv2dBackpropFilterKernel(tf, 'wasm')) : conv2dBackpropFilterKernel(tf, 'wasm'))
    },
    {
        kernelName: 'Conv2DBackpropInput',
        backendName: 'wasm',
        mode: 'replace',
        make: (tf, fallback) => (ourModuleRuns() ? convKernel(tf, 'input', 'Conv2DBackpropInput', conv2dBackpropInputKernel(tf, fallback)) : conv2dBackpropInputKernel(tf, fallback))
    },
    { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', mode: 'add', make: () => unsortedSegmentSumKernel('wasm') },
    { kernelName: 'BatchMatMul', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => matMulKernel(tf, fallback) },
    { kernelName: '_FusedMatMul', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => matMulKernel(tf, fallback) },
    { kernelName: 'Conv2D', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => convKernel(tf, 'forward', 'Conv2D', fallback) },
    { kernelName: 'FusedConv2D', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => convKernel(tf, 'forward', 'FusedConv2D', fallback) },
    { kernelName: 'MaxPoolGrad', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => wasmMaxPoolGradKernel(tf, fallback) },
    { kernelName: 'Sum', backendName: 'wasm', mode: 'replace', ours: true, make: (tf, fallback) => sumKernel(tf, fallback) },
    { kernelName: 'Identity', backendName: 'wasm', mode: 'replace', make: (tf, fallback) => sharedIdentityKernel(fallback) },
    { kernelName: 'Cast', backendName: 'wasm', mode: 'replace', make: (tf, fallback) => sameTypeCastKernel(fallback) }
];

/** Our kernel functions per tfjs instance (its registry), to recognise them in the registry. */
const ours = new WeakMap<object, Set<tfjs.KernelFunc>>();

/**
 * Puts the kernels above into tfjs's registry: cpu's slow Conv2DBackpropFilter and MaxPoolGrad,
 * wasm's matrix products and convolutions are replaced (the originals still serve NCHW and
 * whatever else ours leaves out); wasm's
 * missing Conv2DBackpropFilter and UnsortedSegmentSum are added only while missing, so a wasm
 * release that brings its own wins. Cheap to call again: a replacement whose original is not
 * registered yet (the wasm package not imported) is installed on a later call, and one that a
 * later import overwrote is put back. Returns the `backend/kernel` names now served by us.
 */
export function installTrainingKernels(tf: TF): string[] {
    const key = tf.registerKernel as unknown as object;
    let mine = ours.get(key);
    if (!mine) ours.set(key, (mine = new Set()));
    const active: string[] = [];
    for (const r of REPLACEMENTS) {
        const current = tf.getKernel(r.kernelName, r.backendName);
        if (current && mine.has(current.kernelFunc)) {
            active.push(`${r.backendName}/${r.kernelName}`);
            continue;
        }
        if (r.mode === 'replace' && !current) continue;
        if (r.mode === 'add' && current) continue;
        if (r.ours && !ourModuleRuns()) continue;
        const kernelFunc = r.make(tf, current?.kernelFunc);
        if (current) tf.unregisterKernel(r.kernelName, r.backendName);
        // The original's setup (wasm kernels bind their C function there) must still run when
        // the backend initialises after this, or the fallback would call an unbound function.
        tf.registerKernel({ kernelName: r.kernelName, backendName: r.backendName, kernelFunc, setupFunc: current?.setupFunc, disposeFunc: current?.disposeFunc });
        mine.add(kernelFunc);
        active.push(`${r.backendName}/${r.kernelName}`);
    }
    return active;
}
