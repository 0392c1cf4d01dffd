/**
 * A training-memory estimate, checked before any tensor is allocated: a model that cannot fit
 * must be refused with numbers, not crash a browser tab halfway through building.
 */
import type { ModelDescription } from '@nn-lang/language';
import { TrainingError } from './errors.js';

const BYTES = 4; // float32 everywhere

export interface MemoryEstimate {
    bytes: number;
    weights: number;
    gradients: number;
    optimizerState: number;
    activations: number;
    batchSize: number;
}

export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

function prod(shape: number[]): number {
    return shape.reduce((p, d) => p * d, 1);
}

function kernelWindow(value: unknown, rank: number): number {
    if (Array.isArray(value)) return value.reduce((p: number, d) => p * Number(d), 1);
    if (typeof value === 'number') return value ** rank;
    return 1;
}

/**
 * weights + gradients + optimizer slots (per trainable parameter) + one batch of activations,
 * counted twice (kept for backprop, and their gradients). Convolutions add their patch matrix
 * (WebGL's im2col), the largest transient buffer tfjs allocates for them.
 */
export function estimateTrainingMemory(model: ModelDescription, batchSize: number, optimizerSlotsPerParam: number): MemoryEstimate {
    const weights = model.params.total * BYTES;
    const gradients = model.params.trainable * BYTES;
    const optimizerState = model.params.trainable * optimizerSlotsPerParam * BYTES;
    let perSample = prod(model.input);
    let transient = 0;
    for (const layer of model.layers) {
        perSample += prod(layer.outputShape);
        const conv = /^Conv(\d)D/.exec(layer.type);
        if (conv && layer.inputShapes[0]) {
            const rank = Number(conv[1]);
            const inChannels = layer.inputShapes[0][layer.inputShapes[0].length - 1] ?? 1;
            const positions = prod(layer.outputShape.slice(0, -1));
            transient = Math.max(transient, positions * kernelWindow(layer.args.kernel_size, rank) * inChannels);
        }
    }
    const activations = (2 * perSample + transient) * batchSize * BYTES;
    return { bytes: weights + gradients + optimizerState + activations, weights, gradients, optimizerState, activations, batchSize };
}

export function formatBytes(bytes: number): string {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let v = bytes;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
    }
    return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

export function checkMemory(modelName: string, estimate: MemoryEstimate, limit: number): void {
    if (estimate.bytes <= limit) return;
    throw new TrainingError(
        'too-big',
        `model ${modelName} would need about ${formatBytes(estimate.bytes)} to train with batch_size=${estimate.batchSize} ` +
            `(weights ${formatBytes(estimate.weights)}, gradients ${formatBytes(estimate.gradients)}, optimizer state ${formatBytes(estimate.optimizerState)}, ` +
            `activations ${formatBytes(estimate.activations)}); the limit is ${formatBytes(limit)}. Use a smaller batch_size or fewer/smaller layers.`,
        { estimateBytes: estimate.bytes }
    );
}
