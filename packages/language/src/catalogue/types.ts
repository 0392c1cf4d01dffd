import type { ArgValue, Shape, TfjsLayerSpec } from '../description.js';

/** The value sets an identifier argument may come from. */
export type ChoiceSet = 'activation' | 'padding' | 'initializer';

export type ArgType =
    | { kind: 'int'; min: number; max?: number }
    | { kind: 'float'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
    | { kind: 'bool' }
    | { kind: 'choice'; set: ChoiceSet }
    /** An integer, or a list of `length` integers (Keras: `3` means `[3, 3]`). */
    | { kind: 'tuple'; length: number; min: number }
    /** A target shape: positive integers, at most one -1. */
    | { kind: 'shape' }
    /** An axis counted Keras-style over the batched tensor: -1 is the last, 0 (the batch) is refused. */
    | { kind: 'axis' };

export interface ArgSpec {
    name: string;
    type: ArgType;
    /** Keras default; `null` means "derived from other arguments" (e.g. pooling strides = pool_size). */
    default?: ArgValue;
    required?: boolean;
    /** Positional in Keras order (the order of `args` among positional ones). */
    positional?: boolean;
    doc: string;
}

export type Args = Record<string, ArgValue>;

export interface ShapeContext {
    /** The main input (the previous statement's output). */
    input: Shape;
    /** All inputs: for merges, the previous output then each label's output. */
    inputs: Shape[];
    args: Args;
}

export interface ParamCount {
    trainable: number;
    nonTrainable: number;
    /** The formula with the numbers filled in, e.g. `5×10 weights + 10 biases = 60`. */
    formula: string;
}

export type LayerCategory = 'core' | 'convolution' | 'pooling' | 'normalization' | 'recurrent' | 'embedding' | 'merge' | 'activation' | 'regularization' | 'reshaping';

/** A quick-fix suggestion attached to a shape fault; the language server turns it into an edit. */
export type FixHint =
    | { fix: 'insert-before'; text: string }
    | { fix: 'remove-layer' };

export interface LayerKind {
    /** Keras / tfjs class name, as written in `.nn`. */
    name: string;
    category: LayerCategory;
    /** One or two sentences for hover and completion. */
    summary: string;
    /** What it computes (hover). */
    computes?: string;
    args: ArgSpec[];
    /** Positional arguments are labels of earlier layers (Add, Concatenate, ...). */
    merge?: boolean;
    /** Output shape from the input shape(s); throws a `ShapeFault` when the input does not fit. */
    outputShape(ctx: ShapeContext): Shape;
    params(ctx: ShapeContext, output: Shape): ParamCount;
    /** The tfjs layers that implement it (configs in tfjs's camelCase). */
    tfjs(ctx: ShapeContext): TfjsLayerSpec[];
}

/** A shape rule's refusal: carried to a diagnostic on the layer (or on `argument`). */
export class ShapeFault extends Error {
    constructor(
        readonly code: 'shape-mismatch' | 'non-positive-dimension' | 'bad-argument',
        message: string,
        readonly argument?: string,
        readonly hint?: FixHint
    ) {
        super(message);
    }
}
