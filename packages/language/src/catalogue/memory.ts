/**
 * The training-memory estimate, from each layer's cost rule: the editor's `huge-model` warning,
 * hover and the trainer's refusal all read this one number (the description carries it).
 */
import type { Shape } from '../description.js';
import { elementCount } from './format.js';
import type { LayerCost } from './types.js';

const BYTES = 4; // float32 everywhere

export interface MemoryEstimate {
    bytes: number;
    weights: number;
    gradients: number;
    optimizerState: number;
    activations: number;
    batchSize: number;
}

/** What the editor assumes for a model no train block has settled: Keras's defaults, batch 32 and Adam (two slots). */
export const DEFAULT_ESTIMATE = { batchSize: 32, optimizerSlots: 2 } as const;

/** The parts of a checked model the estimate reads (a ModelDescription has them, and so does the analysis). */
export interface CostedModel {
    input: Shape;
    params: { total: number; trainable: number };
    layers: readonly { cost: LayerCost }[];
}

/**
 * weights + gradients + optimizer slots (per trainable parameter) + one batch of activations,
 * counted twice (kept for the backward pass, and their gradients), plus the largest transient
 * buffer a layer allocates (a convolution's patch matrix).
 */
export function estimateTrainingMemory(model: CostedModel, batchSize: number, optimizerSlots: number): MemoryEstimate {
    const weights = model.params.total * BYTES;
    const gradients = model.params.trainable * BYTES;
    const optimizerState = model.params.trainable * optimizerSlots * BYTES;
    let perSample = elementCount(model.input);
    let transient = 0;
    for (const layer of model.layers) {
        perSample += layer.cost.activations;
        transient = Math.max(transient, layer.cost.transient);
    }
    const activations = (2 * perSample + transient) * batchSize * BYTES;
    return { bytes: weights + gradients + optimizerState + activations, weights, gradients, optimizerState, activations, batchSize };
}
