/**
 * The plain, serialisable description of a checked model and its training settings.
 * It is the only thing the trainer (Node CLI and webview) consumes: nothing downstream
 * re-parses `.nn` text or re-infers shapes.
 */
import type { MemoryEstimate } from './catalogue/memory.js';
import type { LossKind } from './catalogue/training.js';
import type { LayerCost } from './catalogue/types.js';

/** A shape of one sample, without the batch axis. */
export type Shape = number[];

/** A resolved argument value, as Keras would receive it (snake_case names, pairs expanded). */
export type ArgValue = number | string | boolean | null | ArgValue[];

export interface TfjsLayerSpec {
    /** tfjs-layers class name, e.g. `Dense`, `Conv2D`, `LeakyReLU`. */
    className: string;
    /** tfjs-layers config (camelCase), ready for `tf.layers.<factory>(config)` / deserialisation. */
    config: Record<string, unknown>;
}

export interface LayerDescription {
    /** Position in the model's layer chain (0-based). */
    index: number;
    /** 1-based line of the layer statement in the source file. */
    line: number;
    /** Catalogue name (the tfjs class name): `Dense`, `Conv2D`, ... */
    type: string;
    /** The label (`skip = Conv2D(...)`), if any. */
    label?: string;
    /**
     * Indices of the layers whose outputs feed this one, in order; -1 is the model input.
     * A chain layer has one input (the previous statement); a merge has the previous output plus its labels.
     */
    inputs: number[];
    /** Resolved Keras arguments with defaults filled in. */
    args: Record<string, ArgValue>;
    /**
     * The tfjs layers that implement this statement, applied in order (usually one; an activation
     * tfjs lacks as a string, such as `leaky_relu`, adds a second layer without parameters).
     */
    tfjs: TfjsLayerSpec[];
    inputShapes: Shape[];
    outputShape: Shape;
    params: { total: number; trainable: number; nonTrainable: number };
    /** Per-sample forward multiply-accumulates, kept activations and largest transient buffer (floats). */
    cost: LayerCost;
}

export interface ModelDescription {
    name: string;
    input: Shape;
    layers: LayerDescription[];
    output: Shape;
    params: { total: number; trainable: number; nonTrainable: number };
}

export type DataSpec =
    | { kind: 'mnist' }
    | { kind: 'fashion_mnist' }
    | { kind: 'iris' }
    | { kind: 'wine' }
    | { kind: 'breast_cancer' }
    | { kind: 'digits' }
    | { kind: 'xor' | 'circle' | 'spiral' | 'gaussian'; n: number; noise: number }
    /** `path` is absolute (resolved against the .nn file's folder); `label` names the label column. */
    | { kind: 'csv'; path: string; label: string };

export interface OptimizerSpec {
    /** Lower-case Keras name: `sgd`, `rmsprop`, `adam`, `adagrad`. */
    name: 'sgd' | 'rmsprop' | 'adam' | 'adagrad';
    learningRate: number;
    /** Other Keras arguments, snake_case (`momentum`, `nesterov`, `beta_1`, `rho`, `epsilon`, ...). */
    args: Record<string, number | boolean>;
}

export interface TrainingDescription {
    /** Absolute path of the .nn file (or its URI's path), for artifacts and relative data paths. */
    file: string;
    /** 1-based line of the `train` block. */
    line: number;
    model: ModelDescription;
    data: DataSpec;
    /** Keras loss name: `mse`, `mae`, `binary_crossentropy`, `categorical_crossentropy`, `sparse_categorical_crossentropy`. */
    loss: string;
    /** What the loss compares with (the catalogue's fact about `loss`): how labels become targets. */
    lossKind: LossKind;
    /** Classification or regression: the data set's, or for a CSV file the loss's (its label column is read accordingly). */
    task: 'classification' | 'regression';
    optimizer: OptimizerSpec;
    /** Keras metric names as written: `accuracy`, `mse`, `mae`, ... */
    metrics: string[];
    epochs: number;
    batchSize: number;
    /** `test` uses the data set's test split; a fraction holds out that part of the training data. */
    validation?: 'test' | number;
    /** Seed for weights, dropout and shuffling; absent means random. */
    seed?: number;
    /** Bytes training needs at this batch size and optimizer (the editor's warning and the trainer's refusal read it). */
    memory: MemoryEstimate;
}
