/**
 * A model's compute and memory per sample, added up from each layer's cost rule (the catalogue's
 * `cost`): forward multiply-accumulates (FLOPs are twice that, as most papers and profilers
 * count), the activations one sample keeps for the backward pass, and the weights.
 */
import { elementCount, formatCount } from './format.js';
import type { CostedModel } from './memory.js';

const BYTES = 4; // float32

export interface ModelCost {
    /** Forward multiply-accumulates for one sample. */
    macs: number;
    /** 2 × macs. */
    flops: number;
    /** Bytes of the input and every layer's output for one sample (kept for the backward pass). */
    activationBytes: number;
    /** Bytes of all weights (float32). */
    weightBytes: number;
}

export function modelCost(model: CostedModel): ModelCost {
    let macs = 0;
    let activations = elementCount(model.input);
    for (const layer of model.layers) {
        macs += layer.cost.macs;
        activations += layer.cost.activations;
    }
    return { macs, flops: 2 * macs, activationBytes: activations * BYTES, weightBytes: model.params.total * BYTES };
}

/** 1,337,344 → "1.34 MFLOPs"; below a thousand, the count itself. */
export function formatFlops(flops: number): string {
    const units = ['', 'k', 'M', 'G', 'T'];
    let value = flops;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return unit === 0 ? `${formatCount(flops)} FLOPs` : `${Number(value.toPrecision(3))} ${units[unit]}FLOPs`;
}
