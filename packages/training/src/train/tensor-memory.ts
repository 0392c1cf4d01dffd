/**
 * Reading tensor values where they live. On cpu (JS arrays) and wasm (the module's heap) the
 * trainer can look at a batch's loss, predictions and gradients without a copy, a kernel or an
 * await; on WebGL a read is a GPU round trip and goes through tfjs.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from './types.js';

interface HeapBackend {
    dataIdMap?: { get(id: object): { memoryOffset: number } | undefined };
    wasm?: { HEAPF32: Float32Array };
    data?: { get(id: object): { values?: unknown } | undefined };
}

/** Backends whose tensor values this thread can read without a copy or a GPU round trip. */
export function readsInPlace(tf: TF): boolean {
    const name = tf.getBackend();
    return name === 'cpu' || name === 'wasm';
}

/**
 * A zero-copy view of a float32 tensor's values (cpu, wasm); a copy elsewhere. A view into the
 * wasm heap goes stale when the heap grows, which any tfjs allocation may do: take it right
 * before use and do not keep it across a tfjs call.
 */
export function valuesOf(tf: TF, t: tfjs.Tensor): Float32Array {
    const backend = tf.backend() as unknown as HeapBackend;
    const name = tf.getBackend();
    if (name === 'wasm' && backend.dataIdMap && backend.wasm) {
        const entry = backend.dataIdMap.get(t.dataId);
        if (entry) return new Float32Array(backend.wasm.HEAPF32.buffer, entry.memoryOffset, t.size);
    } else if (name === 'cpu' && backend.data) {
        const values = backend.data.get(t.dataId)?.values;
        if (values instanceof Float32Array && values.length === t.size) return values;
    }
    return t.dataSync() as Float32Array;
}
