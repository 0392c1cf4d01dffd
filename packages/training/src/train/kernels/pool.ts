/**
 * `MaxPoolGrad` on tfjs-backend-wasm through our module: tfjs's own took ~180 ms a batch on the
 * seed CNN's pooling layer (a scalar loop); ours scans each window four channels at a time and
 * splits the batch between threads.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../types.js';
import { session, type WasmBackendLike } from './runtime.js';

interface PoolGradArgs {
    inputs: { dy: tfjs.TensorInfo; input: tfjs.TensorInfo; output?: tfjs.TensorInfo };
    backend: unknown;
    attrs: { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
}

export function maxPoolGradKernel(tf: TF, fallback: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
    const fallBack = (args: unknown, why: string) => {
        if (fallback) return fallback(args as never);
        throw new Error(`MaxPoolGrad on wasm: ${why}`);
    };
    return (rawArgs => {
        const { inputs, attrs, backend: b } = rawArgs as unknown as PoolGradArgs;
        const { dy, input } = inputs;
        if (dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return fallBack(rawArgs, 'only 4-D float32 is implemented');
        const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
        const backend = b as WasmBackendLike;
        const out = backend.makeOutput([...input.shape], 'float32');
        const [n, H, W, C] = input.shape;
        const heap = session(backend, n * info.outHeight * info.outWidth * C * info.filterHeight * info.filterWidth, [dy, input, out]);
        if (!heap) {
            backend.disposeData(out.dataId);
            return fallBack(rawArgs, 'our WebAssembly module is unavailable');
        }
        try {
            const x = heap.input(input);
            const g = heap.input(dy);
            const dx = heap.output(out);
            heap.engine.maxPoolGrad({
                x,
                dy: g,
                dx,
                n,
                H,
                W,
                C,
                OH: info.outHeight,
                OW: info.outWidth,
                KH: info.filterHeight,
                KW: info.filterWidth,
                sh: info.strideHeight,
                sw: info.strideWidth,
                top: info.padInfo.top,
                left: info.padInfo.left
            });
            heap.finish();
        } finally {
            heap.release();
        }
        return out;
    }) as tfjs.KernelFunc;
}
