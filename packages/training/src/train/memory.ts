/**
 * The trainer's refusal of a model that cannot fit, before any tensor is allocated: a crash halfway
 * through building would take a browser tab with it. The estimate itself is the language's
 * (catalogue/memory.ts), computed once by the analysis and carried in the description.
 */
import type { MemoryEstimate } from '@nn-lang/language/catalogue';
import { TrainingError } from './errors.js';

export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

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
