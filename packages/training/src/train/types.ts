/**
 * Public types of the trainer. The trainer runs in Node (CLI) and in the webview with the same
 * code, so everything here is plain data: no Node types, no DOM types beyond `AbortSignal`.
 */
import type * as tfjs from '@tensorflow/tfjs';

/** The tfjs namespace the caller trains with (the webview bundles its own copy, Node imports one). */
export type TF = typeof tfjs;

/** A uniform random source on [0, 1). */
export type Uniform = () => number;

/**
 * The part of a data set the trainer reads. Declared structurally so the trainer does not
 * depend on how the data package builds its splits.
 */
export interface SplitLike {
    /** `count` samples, each `prod(sampleShape)` values, row-major. */
    x: Float32Array;
    /** Class indices (`labelEncoding: 'index'`, one value a sample) or target values (`count × k`). */
    y: Float32Array;
    count: number;
}

export interface DatasetLike {
    sampleShape: number[];
    task: 'classification' | 'regression';
    numClasses: number;
    classNames?: string[];
    labelEncoding: 'index' | 'value';
    train: SplitLike;
    test?: SplitLike;
}

/** Per-batch report. `epoch` and `batch` are 1-based, as people count them. */
export interface BatchEndEvent {
    epoch: number;
    batch: number;
    batchesPerEpoch: number;
    /** Loss of this batch. */
    loss: number;
    /** Metrics of this batch, keyed as written in the `metrics` setting. */
    metrics: Record<string, number>;
    /** Training throughput so far in this epoch. */
    samplesPerSec: number;
}

/**
 * Per-epoch logs, Keras style: `loss`, each metric under its name, and `val_loss` /
 * `val_<metric>` when there is validation data. `epoch` is 1-based.
 */
export interface EpochLogs {
    epoch: number;
    loss: number;
    seconds: number;
    [metric: string]: number;
}

export interface StartEvent {
    backend: string;
    seed: number;
    epochs: number;
    batchSize: number;
    trainSamples: number;
    validationSamples: number;
    batchesPerEpoch: number;
    totalBatches: number;
    params: { total: number; trainable: number; nonTrainable: number };
    memoryEstimateBytes: number;
}

export interface EvaluationResult {
    loss: number;
    /** Present when the output is a classifier (`accuracy` as Keras computes it). */
    accuracy?: number;
    /** Other requested metrics (`mse`, `mae`, ...). */
    [metric: string]: number | undefined;
}

export interface EndEvent {
    stopped: boolean;
    /** Metrics on the data set's test split; absent when there is none or the run was stopped. */
    test?: EvaluationResult;
    seconds: number;
    epochsCompleted: number;
}

export interface TrainCallbacks {
    onStart?(event: StartEvent): void | Promise<void>;
    onBatchEnd?(event: BatchEndEvent): void | Promise<void>;
    /**
     * `model` is the model being trained, for views that show it live (a decision boundary): use
     * it for inference only, and dispose what you make of it.
     */
    onEpochEnd?(logs: EpochLogs, model: tfjs.LayersModel): void | Promise<void>;
    onEnd?(event: EndEvent): void | Promise<void>;
    /**
     * Each layer's weight norm and gradient norm at the end of every epoch (the gradient of the
     * epoch's last batch): the vanishing-gradient lesson. Computed only when this is given.
     */
    onLayerStats?(stats: LayerStats): void | Promise<void>;
}

/** L2 norms over all trainable weights of a layer (kernel and bias together), and over their gradients. */
export interface LayerStats {
    epoch: number;
    layers: { name: string; weightNorm: number; gradientNorm: number }[];
}

export interface TrainOptions {
    /**
     * Lets the host breathe between batches (browser: `tf.nextFrame` or `setTimeout(0)`).
     * Called at most every `yieldEveryMs`. Default: `setImmediate` in Node, `setTimeout(0)` elsewhere.
     */
    yieldFn?: () => Promise<void>;
    /** Minimum time between two yields; 0 yields after every batch. Default 15 ms (one frame). */
    yieldEveryMs?: number;
    /** Refuse models whose training would need more than this. Default 2 GiB. */
    memoryLimitBytes?: number;
    /** Batch size used for validation and test evaluation (no gradients, so it can be larger). Default 256. */
    evaluationBatchSize?: number;
    /** Evaluate the test split at the end. Default true. */
    evaluateTest?: boolean;
    /**
     * Install the trainer's JS kernels for conv/pool/embedding gradients (see kernels.ts): cpu's are
     * ~100x slower, wasm lacks two of them. Default true.
     */
    fastKernels?: boolean;
    /**
     * Step the optimizer in one pass per variable on backends whose tensors this thread can read
     * (cpu, wasm) instead of through tfjs's per-op optimizer. Same arithmetic. Default true.
     */
    fusedOptimizer?: boolean;
}

export interface TrainResult {
    /** The trained model; the caller owns it (call `model.dispose()` when done). */
    model: tfjs.LayersModel;
    /** One entry per finished epoch. */
    history: EpochLogs[];
    stopped: boolean;
    test?: EvaluationResult;
    seconds: number;
    seed: number;
    backend: string;
}
