/** A float32 tensor, row-major: what weights are passed around as between the formats. */
export interface Tensor {
    shape: number[];
    data: Float32Array;
}

/** Integer tensors appear only as PyTorch bookkeeping (BatchNorm's num_batches_tracked). */
export interface IntTensor {
    shape: number[];
    int64: BigInt64Array;
}

export type AnyTensor = Tensor | IntTensor;

export function size(shape: readonly number[]): number {
    return shape.reduce((a, b) => a * b, 1);
}

/** `t` with its axes in the order `perm` (numpy's transpose). */
export function transpose(t: Tensor, perm: readonly number[]): Tensor {
    const rank = t.shape.length;
    if (perm.length !== rank) throw new Error(`transpose: ${perm.length} axes for a rank-${rank} tensor`);
    const shape = perm.map(p => t.shape[p]);
    const strides = new Array<number>(rank);
    let s = 1;
    for (let i = rank - 1; i >= 0; i--) {
        strides[i] = s;
        s *= t.shape[i];
    }
    const out = new Float32Array(t.data.length);
    const index = new Array<number>(rank).fill(0);
    const permStrides = perm.map(p => strides[p]);
    for (let k = 0; k < out.length; k++) {
        let src = 0;
        for (let i = 0; i < rank; i++) src += index[i] * permStrides[i];
        out[k] = t.data[src];
        for (let i = rank - 1; i >= 0; i--) {
            if (++index[i] < shape[i]) break;
            index[i] = 0;
        }
    }
    return { shape, data: out };
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
    return a.length === b.length && a.every((d, i) => d === b[i]);
}
