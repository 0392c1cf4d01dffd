import type { ArgValue, Shape, TfjsLayerSpec } from '../description.js';

/** The value sets an identifier argument may come from (each is a set of `VALUE_SETS`). */
export type ChoiceSet = 'activation' | 'padding' | 'initializer' | 'interpolation';

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

/**
 * What the lints need to know about a layer kind, so that no lint matches on layer names.
 * Absent fields mean "plays no part" in the lints they feed.
 */
export interface LintRole {
    /** Passes its input on without mixing values or applying a function (Dropout): a chain of linear maps continues across it. */
    transparent?: boolean;
    /** The activation it applies last: named by one of its arguments, or fixed by the kind (LeakyReLU). */
    activation?: { argument: string } | { fixed: string };
    /** The argument that sets the size of its output's last axis (units, filters): counted by zero-init, set by the set-units fix. */
    width?: string;
    /** Initializer arguments whose `zeros` starts every unit with the same weights, so they never differ. */
    symmetricInitializers?: readonly string[];
    /** A learned linear map over the last axis (Dense): two in a row without an activation collapse into one, and on a rank ≥ 2 input it mixes the last axis only. */
    lastAxisLinear?: boolean;
}

/** One sample's cost of a layer: what the memory estimate adds up (and the forward FLOPs, 2 per multiply-accumulate). */
export interface LayerCost {
    /** Multiply-accumulates of the forward pass. */
    macs: number;
    /** Floats of output kept for the backward pass. */
    activations: number;
    /** The largest temporary buffer, in floats: a convolution's patch matrix (im2col), which WebGL and our wasm gradients allocate. */
    transient: number;
}

/** The tfjs backends training runs on. */
export type TrainingBackend = 'webgl' | 'wasm' | 'cpu';

/**
 * Kernels the backward pass of a layer needs that a backend may not register (measured with a
 * one-step training probe per layer kind: tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter and
 * UnsortedSegmentSum). The backend check looks each one up in the live kernel registry, after the
 * trainer's own kernels are installed; a backend lacking one cannot train the layer.
 */
export type GradientKernels = Partial<Record<TrainingBackend, readonly string[]>>;

/** A small model that uses the kind: the input of one sample and the statements (tests train one step of it on every backend). */
export interface LayerExample {
    input: Shape;
    statements: readonly string[];
}

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
    lint: LintRole;
    /** Per-sample forward cost and memory, from the checked input and output shapes. */
    cost(ctx: ShapeContext, output: Shape): LayerCost;
    gradientKernels: GradientKernels;
    example: LayerExample;
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
