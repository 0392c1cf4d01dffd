/**
 * `Sum` over leading axes (a bias gradient: dy [n, h, w, c] → [c]) on tfjs-backend-wasm through
 * our module. tfjs's own transposes the input so that the reduced axes come last, then sums:
 * ~90 ms a batch for the seed CNN's two convolution biases. Ours reads the input once, in order,
 * summing in float64. Other reductions stay with tfjs.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../types.js';
import { session, type WasmBackendLike } from './runtime.js';

interface SumArgs {
    inputs: { x: tfjs.TensorInfo };
    backend: unknown;
    attrs: { axis: number | number[]; keepDims: boolean };
}

export function sumKernel(tf: TF, fallback: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
    return (rawArgs => {
        const { inputs, attrs, backend: b } = rawArgs as unknown as SumArgs;
        const { x } = inputs;
        const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
        const leading = axes.length > 0 && axes.every((a, i) => a === i) && axes.length < x.shape.length;
        const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
        const cols = x.shape.slice(axes.length).reduce((p, d) => p * d, 1);
        // Reducing trailing axes, or everything, tfjs does without a transpose: leave it that.
        if (!fallback || x.dtype !== 'float32' || !leading || rows < 2 || cols < 2) {
            if (fallback) return fallback(rawArgs);
            throw new Error('Sum on wasm: not implemented for this case');
        }
        const backend = b as WasmBackendLike;
        const outShape = attrs.keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
        const out = backend.makeOutput(outShape, 'float32');
        const heap = session(backend, rows * cols * 2, [x, out]);
        if (!heap) {
            backend.disposeData(out.dataId);
            return fallback(rawArgs);
        }
        try {
            heap.engine.columnSum({ x: heap.input(x), out: heap.output(out), rows, cols });
            heap.finish();
        } finally {
            heap.release();
        }
        return out;
    }) as tfjs.KernelFunc;
}
