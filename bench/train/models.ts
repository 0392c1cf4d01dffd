/**
 * The benchmark's models, read from the .nn files through the language package exactly as the
 * CLI and the extension read them, and the synthetic data they train on. Only the batch size,
 * the epoch count and (for generated 2-D sets) the number of points change: the model, loss,
 * optimizer, metrics and seed are the file's.
 */
import type { DataSpec, TrainingDescription } from '@nn-lang/language';
import { DATA_SETS, estimateTrainingMemory, optimizerSlots } from '@nn-lang/language/catalogue';
import { createRng } from '@nn-lang/training/data';

export type ModelKey = 'mlp' | 'cnn' | 'tiny';
export const MODEL_KEYS: readonly ModelKey[] = ['mlp', 'cnn', 'tiny'];

export const MODELS: Record<ModelKey, { file: string; label: string }> = {
    mlp: { file: 'examples/mnist-mlp.nn', label: 'seed MLP 784-512-512-10' },
    cnn: { file: 'examples/mnist-cnn.nn', label: 'seed CNN (Conv32-Conv64-Pool-Dense128)' },
    tiny: { file: 'examples/xor.nn', label: 'Playground net 2-8-8-1' }
};

/** The seed runs of --full (real MNIST, the .nn file's epochs). */
export const SEED_RUN_KEYS: readonly ModelKey[] = ['mlp', 'cnn'];

export const BENCH_BATCH_SIZE = 128;
/** The loop runs until the benchmark stops it; this only has to be out of reach. */
const BENCH_EPOCHS = 100_000;
/** Points of a generated 2-D set (half train, half test): 2,048 batches an epoch. */
export const BENCH_GENERATED_POINTS = 2 ** 19;
/** The seed of the synthetic pixels and labels. */
export const SYNTHETIC_SEED = 20_240_607;

/** The description as the benchmark trains it: batch 128, no epoch limit, enough generated points. */
export function benchDescription(desc: TrainingDescription): TrainingDescription {
    let data: DataSpec = desc.data;
    if (data.kind === 'xor' || data.kind === 'circle' || data.kind === 'spiral' || data.kind === 'gaussian') data = { ...data, n: BENCH_GENERATED_POINTS };
    // The memory estimate is per batch size: the file's figure would not be the benchmark's.
    const memory = estimateTrainingMemory(desc.model, BENCH_BATCH_SIZE, optimizerSlots(desc.optimizer));
    return { ...desc, data, batchSize: BENCH_BATCH_SIZE, epochs: BENCH_EPOCHS, memory };
}

/** Data sets the benchmark can stand in for (MNIST's shape) or generate (the 2-D sets). */
export function syntheticKind(desc: TrainingDescription): 'mnist' | 'generated' | undefined {
    const kind = desc.data.kind;
    if (kind === 'mnist' || kind === 'fashion_mnist') return 'mnist';
    if (kind === 'xor' || kind === 'circle' || kind === 'spiral' || kind === 'gaussian') return 'generated';
    return undefined;
}

export interface IdxBytes {
    trainImages: Uint8Array;
    trainLabels: Uint8Array;
    testImages: Uint8Array;
    testLabels: Uint8Array;
}

/** `density`: the share of non-zero values (MNIST's pixels are ~19% ink; it also keeps the gzipped files small). */
function idx(dims: number[], rng: () => number, values: number, density = 1): Uint8Array {
    const count = dims.reduce((a, b) => a * b, 1);
    const header = 4 + 4 * dims.length;
    const bytes = new Uint8Array(header + count);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0x0800 | dims.length, false);
    dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
    for (let i = header; i < bytes.length; i++) {
        const r = rng();
        bytes[i] = r < density ? Math.floor((r / density) * values) : 0;
    }
    return bytes;
}

/**
 * MNIST-format files (60,000 + 10,000 images of 28×28 random pixels, 20% of them ink; random labels), so Node and
 * the training page read them with the trainer's own IDX loader: same shapes and counts as MNIST.
 */
export function syntheticMnistIdx(seed = SYNTHETIC_SEED, counts = { train: DATA_SETS.mnist.facts.trainCount, test: DATA_SETS.mnist.facts.testCount }): IdxBytes {
    const rng = createRng(seed);
    return {
        trainImages: idx([counts.train, 28, 28], rng, 256, 0.2),
        trainLabels: idx([counts.train], rng, 10),
        testImages: idx([counts.test, 28, 28], rng, 256, 0.2),
        testLabels: idx([counts.test], rng, 10)
    };
}
