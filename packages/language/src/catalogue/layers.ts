/**
 * The catalogue of layer kinds: arguments, shape rule, parameter rule and tfjs builder of each.
 * Everything else (validation, hints, hover, completion, CLI, trainer) reads this table;
 * adding a layer is adding one entry here.
 */
import type { Shape, TfjsLayerSpec } from '../description.js';
import { elementCount, formatCount, formatShape } from './format.js';
import type { ArgSpec, Args, GradientKernels, LayerCost, LayerKind, LintRole, ParamCount, ShapeContext } from './types.js';
import { ShapeFault } from './types.js';
import { findActivation, findInitializer } from './vocabulary.js';

// ---------------------------------------------------------------- shared argument specs

const activationArg = (dflt = 'linear', doc = 'Activation applied to the output.'): ArgSpec =>
    ({ name: 'activation', type: { kind: 'choice', set: 'activation' }, default: dflt, doc });
const useBias: ArgSpec = { name: 'use_bias', type: { kind: 'bool' }, default: true, doc: 'Whether the layer adds a bias vector.' };
const kernelInit = (dflt = 'glorot_uniform'): ArgSpec =>
    ({ name: 'kernel_initializer', type: { kind: 'choice', set: 'initializer' }, default: dflt, doc: 'How the weight matrix starts.' });
const biasInit: ArgSpec = { name: 'bias_initializer', type: { kind: 'choice', set: 'initializer' }, default: 'zeros', doc: 'How the bias vector starts.' };
const padding: ArgSpec = { name: 'padding', type: { kind: 'choice', set: 'padding' }, default: 'valid', doc: '`valid` (no padding, the output shrinks) or `same` (zero padding keeps the size at stride 1).' };

// ---------------------------------------------------------------- helpers

const count = formatCount;

function num(args: Args, name: string): number {
    return args[name] as number;
}
function tuple(args: Args, name: string): number[] {
    return args[name] as number[];
}
function bool(args: Args, name: string): boolean {
    return args[name] as boolean;
}
function str(args: Args, name: string): string {
    return args[name] as string;
}

const noParams = (): ParamCount => ({ trainable: 0, nonTrainable: 0, formula: 'no parameters' });

/** A layer without weighted sums: it only keeps its output for the backward pass. */
function outputOnly(_ctx: ShapeContext, output: Shape): LayerCost {
    return { macs: 0, activations: elementCount(output), transient: 0 };
}

/** Every element of the output is one multiply-add of its input (a normalisation's γ·x̂ + β). */
function perElement(_ctx: ShapeContext, output: Shape): LayerCost {
    const n = elementCount(output);
    return { macs: n, activations: n, transient: 0 };
}

/** What layers with learned kernels and an activation argument tell the lints. */
const weightedLint = (width: string): LintRole => ({ activation: { argument: 'activation' }, width, symmetricInitializers: ['kernel_initializer'] });

/** tfjs-backend-wasm 4.22 registers no filter gradient of a convolution (the trainer installs one). */
const CONVOLUTION_GRADIENTS: GradientKernels = { wasm: ['Conv2DBackpropFilter'] };

/** tfjs has no string for some Keras activations: those become a separate parameter-free layer. */
function withActivation(spec: TfjsLayerSpec, activation: string): TfjsLayerSpec[] {
    const info = findActivation(activation);
    if (info?.tfjs) {
        return [{ className: spec.className, config: { ...spec.config, activation: info.tfjs } }];
    }
    return [
        { className: spec.className, config: { ...spec.config, activation: 'linear' } },
        ...activationLayer(activation)
    ];
}

function activationLayer(activation: string): TfjsLayerSpec[] {
    if (activation === 'leaky_relu') {
        return [{ className: 'LeakyReLU', config: { alpha: 0.2 } }];
    }
    const info = findActivation(activation);
    return [{ className: 'Activation', config: { activation: info?.tfjs ?? activation } }];
}

function init(name: string): string {
    return findInitializer(name)?.tfjs ?? name;
}

function rankName(rank: number): string {
    return ['a scalar', '1-D', '2-D', '3-D', '4-D'][rank] ?? `${rank}-D`;
}

/**
 * The image a flat input of `n` values would be, when it looks like one (a square, grey or RGB):
 * the Reshape a teacher would suggest. Anything else (10 units of a Dense) is no image, and
 * `[10, 1, 1]` would only silence the checker, so there is no suggestion.
 */
function imageGuess(n: number): number[] | undefined {
    const side = Math.round(Math.sqrt(n));
    if (side > 1 && side * side === n) return [side, side, 1];
    const rgbSide = Math.round(Math.sqrt(n / 3));
    if (rgbSide > 1 && rgbSide * rgbSide * 3 === n) return [rgbSide, rgbSide, 3];
    return undefined;
}

/** Requires an exact input rank; suggests the Reshape that would make it fit. */
function requireRank(layer: string, ctx: ShapeContext, rank: number, axes: string): void {
    const input = ctx.input;
    if (input.length === rank) return;
    let target: number[] | undefined;
    const n = elementCount(input);
    if (rank === 3) target = input.length === 2 ? [input[0], input[1], 1] : imageGuess(n);
    else if (rank === 2) target = input.length === 1 ? [input[0], 1] : [input[0], n / input[0]];
    else if (rank === 4) target = input.length === 3 ? [...input, 1] : undefined;
    const hint = target && Number.isInteger(elementCount(target)) ? ` Insert Reshape(${formatShape(target)}) before it.` : '';
    throw new ShapeFault(
        'shape-mismatch',
        `${layer} needs a ${rankName(rank)} input ${axes}, but its input is ${formatShape(input)} (${rankName(input.length)}).${hint}`,
        undefined,
        target ? { fix: 'insert-before', text: `Reshape(${formatShape(target)})` } : undefined
    );
}

function requireMinRank(layer: string, ctx: ShapeContext, min: number, why: string, hint?: ShapeFault['hint']): void {
    if (ctx.input.length < min) {
        throw new ShapeFault('shape-mismatch', `${layer} needs an input of rank ≥ ${min}, but its input is ${formatShape(ctx.input)}. ${why}`, undefined, hint);
    }
}

/** tfjs's (and Keras's) output length of a sliding window. */
export function windowOutputLength(length: number, window: number, paddingMode: string, stride: number, dilation = 1): number {
    const dilated = window + (window - 1) * (dilation - 1);
    const covered = paddingMode === 'same' ? length : length - dilated + 1;
    return Math.floor((covered + stride - 1) / stride);
}

function slidingWindow(layer: string, ctx: ShapeContext, spatial: number[], window: number[], strides: number[], mode: string, dilation: number[], windowArg: string): number[] {
    const out = spatial.map((len, i) => windowOutputLength(len, window[i], mode, strides[i], dilation[i]));
    if (out.some(d => d <= 0)) {
        const dims = (xs: number[]) => xs.join('×');
        throw new ShapeFault(
            'non-positive-dimension',
            `${layer}'s ${dims(window)} window${dilation.some(d => d > 1) ? ` (dilation ${dims(dilation)})` : ''} does not fit its ${dims(spatial)} input with padding=${mode}: the output would be ${dims(out)}. ` +
            `Use padding=same, a smaller ${windowArg}, or remove an earlier downsampling layer.`,
            windowArg
        );
    }
    return out;
}

function checkStridesWithDilation(strides: number[], dilation: number[]): void {
    if (strides.some(s => s > 1) && dilation.some(d => d > 1)) {
        throw new ShapeFault('bad-argument', 'strides > 1 cannot be combined with dilation_rate > 1 (Keras and tfjs refuse it). Set one of them to 1.', 'dilation_rate');
    }
}

/** tfjs's orthogonal initializer fills matrices only; a bias is a vector, and tfjs refuses to build it. */
function checkBiasInitializer(layer: string, ctx: ShapeContext): void {
    if (bool(ctx.args, 'use_bias') && str(ctx.args, 'bias_initializer') === 'orthogonal') {
        throw new ShapeFault('bad-argument', `${layer}'s bias is a vector, and orthogonal only fills a 2-D weight matrix (tfjs refuses it). Use zeros (the default) or another initializer for bias_initializer.`, 'bias_initializer');
    }
}

// ---------------------------------------------------------------- layer families

function convolution(rank: 1 | 2): LayerKind {
    const name = `Conv${rank}D`;
    const axes = rank === 1 ? '[steps, channels]' : '[height, width, channels]';
    return {
        name,
        category: 'convolution',
        summary: rank === 1
            ? 'Slides `filters` learned kernels of width `kernel_size` along the steps of a sequence.'
            : 'Slides `filters` learned kernels of size `kernel_size` over an image; each filter produces one output channel.',
        computes: 'out[…, f] = activation(Σ kernel[f] ⋆ window(input) + bias[f])',
        args: [
            { name: 'filters', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Number of filters (output channels).' },
            { name: 'kernel_size', type: { kind: 'tuple', length: rank, min: 1 }, required: true, positional: true, doc: `Size of the kernel window${rank === 2 ? ': an integer or [height, width]' : ''}.` },
            { name: 'strides', type: { kind: 'tuple', length: rank, min: 1 }, default: Array(rank).fill(1), doc: 'Step of the window.' },
            padding,
            { name: 'dilation_rate', type: { kind: 'tuple', length: rank, min: 1 }, default: Array(rank).fill(1), doc: 'Spacing between kernel taps (atrous convolution).' },
            activationArg(),
            useBias,
            kernelInit(),
            biasInit
        ],
        outputShape(ctx) {
            requireRank(name, ctx, rank + 1, axes);
            const strides = tuple(ctx.args, 'strides');
            const dilation = tuple(ctx.args, 'dilation_rate');
            checkStridesWithDilation(strides, dilation);
            checkBiasInitializer(name, ctx);
            const spatial = slidingWindow(name, ctx, ctx.input.slice(0, rank), tuple(ctx.args, 'kernel_size'), strides, str(ctx.args, 'padding'), dilation, 'kernel_size');
            return [...spatial, num(ctx.args, 'filters')];
        },
        params: convolutionParams,
        tfjs(ctx) {
            const a = ctx.args;
            const k = tuple(a, 'kernel_size');
            const s = tuple(a, 'strides');
            const d = tuple(a, 'dilation_rate');
            return convolutionSpec(name, a, { kernelSize: rank === 1 ? k[0] : k, strides: rank === 1 ? s[0] : s, dilationRate: rank === 1 ? d[0] : d });
        },
        lint: weightedLint('filters'),
        // Each output position is a window × in-channels patch against every filter; the patch
        // matrix of all positions (im2col) is what WebGL's convolution and our wasm gradient allocate.
        cost(ctx, output) {
            const patch = elementCount(tuple(ctx.args, 'kernel_size')) * ctx.input[ctx.input.length - 1];
            const positions = elementCount(output.slice(0, -1));
            return { macs: positions * patch * num(ctx.args, 'filters'), activations: elementCount(output), transient: positions * patch };
        },
        gradientKernels: CONVOLUTION_GRADIENTS,
        example: rank === 1 ? { input: [6, 2], statements: ['Conv1D(3, 2, activation=relu)'] } : { input: [5, 5, 2], statements: ['Conv2D(3, 2, activation=relu)'] }
    };
}

/** kernel × in-channels × filters weights, plus a bias per filter: Conv1D, Conv2D and Conv2DTranspose alike. */
function convolutionParams(ctx: ShapeContext): ParamCount {
    const k = tuple(ctx.args, 'kernel_size');
    const inChannels = ctx.input[ctx.input.length - 1];
    const filters = num(ctx.args, 'filters');
    const weights = elementCount(k) * inChannels * filters;
    const biases = bool(ctx.args, 'use_bias') ? filters : 0;
    const formula = `${k.join('×')}×${count(inChannels)}×${count(filters)} weights${biases ? ` + ${count(biases)} biases` : ''} = ${count(weights + biases)}`;
    return { trainable: weights + biases, nonTrainable: 0, formula };
}

/** A tfjs convolution from the arguments every convolution shares, plus its own window geometry. */
function convolutionSpec(className: string, a: Args, geometry: Record<string, unknown>): TfjsLayerSpec[] {
    return withActivation({
        className,
        config: {
            filters: num(a, 'filters'),
            ...geometry,
            padding: str(a, 'padding'),
            useBias: bool(a, 'use_bias'),
            kernelInitializer: init(str(a, 'kernel_initializer')),
            biasInitializer: init(str(a, 'bias_initializer'))
        }
    }, str(a, 'activation'));
}

/** Keras's (and tfjs's) output length of a transposed convolution without output_padding. */
export function transposedOutputLength(length: number, kernel: number, paddingMode: string, stride: number): number {
    return paddingMode === 'same' ? length * stride : length * stride + Math.max(kernel - stride, 0);
}

/**
 * Conv2DTranspose: the gradient of a convolution run forwards, so each input pixel spreads a
 * kernel-sized patch over an output `strides` times larger (decoders, autoencoders, generators).
 * tfjs 4.22 has no dilation_rate or output_padding for it, so neither is offered.
 */
const convolutionTranspose: LayerKind = {
    name: 'Conv2DTranspose',
    category: 'convolution',
    summary: 'A transposed ("de-") convolution: each input pixel spreads a learned `kernel_size` patch per filter over an output `strides` times larger; the learnable upsampling of decoders.',
    computes: 'out = activation(conv2dᵀ(input, kernel) + bias), size in·s (same) or in·s + max(k − s, 0) (valid)',
    args: [
        { name: 'filters', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Number of filters (output channels).' },
        { name: 'kernel_size', type: { kind: 'tuple', length: 2, min: 1 }, required: true, positional: true, doc: 'Size of the kernel window: an integer or [height, width].' },
        { name: 'strides', type: { kind: 'tuple', length: 2, min: 1 }, default: [1, 1], doc: 'Upsampling factor: the output is `strides` times the input (plus the kernel overhang with padding=valid).' },
        { ...padding, doc: '`valid` (the kernel overhangs the edges: the output grows by max(k − s, 0)) or `same` (the output is exactly in × strides).' },
        activationArg(),
        useBias,
        kernelInit(),
        biasInit
    ],
    outputShape(ctx) {
        requireRank('Conv2DTranspose', ctx, 3, '[height, width, channels]');
        checkBiasInitializer('Conv2DTranspose', ctx);
        const k = tuple(ctx.args, 'kernel_size');
        const s = tuple(ctx.args, 'strides');
        const mode = str(ctx.args, 'padding');
        return [transposedOutputLength(ctx.input[0], k[0], mode, s[0]), transposedOutputLength(ctx.input[1], k[1], mode, s[1]), num(ctx.args, 'filters')];
    },
    params: convolutionParams,
    tfjs: ctx => convolutionSpec('Conv2DTranspose', ctx.args, { kernelSize: tuple(ctx.args, 'kernel_size'), strides: tuple(ctx.args, 'strides') }),
    lint: weightedLint('filters'),
    // Every input pixel meets every kernel tap and filter. The input gradient is a plain
    // convolution of the output's gradient, whose patch matrix has one row per input pixel.
    cost(ctx, output) {
        const patch = elementCount(tuple(ctx.args, 'kernel_size'));
        const positions = elementCount(ctx.input.slice(0, -1));
        const filters = num(ctx.args, 'filters');
        return { macs: positions * patch * ctx.input[2] * filters, activations: elementCount(output), transient: positions * patch * filters };
    },
    gradientKernels: CONVOLUTION_GRADIENTS,
    example: { input: [3, 3, 2], statements: ['Conv2DTranspose(3, 2, strides=2, activation=relu)'] }
};

/** UpSampling2D: Keras's fixed-factor image enlargement (tfjs implements nearest and bilinear). */
const upSampling: LayerKind = {
    name: 'UpSampling2D',
    category: 'reshaping',
    summary: 'Enlarges an image `size` times in height and width, repeating pixels (`nearest`) or interpolating between them (`bilinear`); channels are untouched and nothing is learned.',
    computes: 'out[i, j, c] = input[⌊i / size₀⌋, ⌊j / size₁⌋, c] (nearest)',
    args: [
        { name: 'size', type: { kind: 'tuple', length: 2, min: 1 }, default: [2, 2], positional: true, doc: 'Upsampling factors for rows and columns: an integer or [rows, columns].' },
        { name: 'interpolation', type: { kind: 'choice', set: 'interpolation' }, default: 'nearest', doc: '`nearest` repeats each pixel; `bilinear` blends the four nearest input pixels.' }
    ],
    outputShape(ctx) {
        requireRank('UpSampling2D', ctx, 3, '[height, width, channels]');
        const size = tuple(ctx.args, 'size');
        return [ctx.input[0] * size[0], ctx.input[1] * size[1], ctx.input[2]];
    },
    params: noParams,
    // tfjs reads `size` as a pair only. Its bilinear resize samples without half-pixel centres,
    // so bilinear values near the edges differ slightly from Keras's; shapes do not.
    tfjs: ctx => [{ className: 'UpSampling2D', config: { size: tuple(ctx.args, 'size'), interpolation: str(ctx.args, 'interpolation') } }],
    lint: {},
    // Bilinear blends four input pixels into each output value.
    cost(ctx, output) {
        const n = elementCount(output);
        return { macs: str(ctx.args, 'interpolation') === 'bilinear' ? 4 * n : 0, activations: n, transient: 0 };
    },
    gradientKernels: {},
    example: { input: [3, 3, 2], statements: ['UpSampling2D(2, interpolation=bilinear)'] }
};

function pooling(kind: 'Max' | 'Average', rank: 1 | 2): LayerKind {
    const name = `${kind}Pooling${rank}D`;
    const axes = rank === 1 ? '[steps, channels]' : '[height, width, channels]';
    return {
        name,
        category: 'pooling',
        summary: `Downsamples by taking the ${kind === 'Max' ? 'maximum' : 'average'} of each ${rank === 1 ? 'window of steps' : 'window of pixels'}, per channel.`,
        computes: kind === 'Max' ? 'out = max over each pool_size window' : 'out = mean over each pool_size window',
        args: [
            { name: 'pool_size', type: { kind: 'tuple', length: rank, min: 1 }, default: Array(rank).fill(2), positional: true, doc: 'Size of the pooling window.' },
            { name: 'strides', type: { kind: 'tuple', length: rank, min: 1 }, default: null, positional: true, doc: 'Step of the window (defaults to pool_size).' },
            { ...padding, positional: true }
        ],
        outputShape(ctx) {
            requireRank(name, ctx, rank + 1, axes);
            const pool = tuple(ctx.args, 'pool_size');
            const strides = (ctx.args.strides as number[] | null) ?? pool;
            const spatial = slidingWindow(name, ctx, ctx.input.slice(0, rank), pool, strides, str(ctx.args, 'padding'), Array(rank).fill(1), 'pool_size');
            return [...spatial, ctx.input[rank]];
        },
        params: noParams,
        tfjs(ctx) {
            const pool = tuple(ctx.args, 'pool_size');
            const strides = (ctx.args.strides as number[] | null) ?? pool;
            return [{
                className: name,
                config: { poolSize: rank === 1 ? pool[0] : pool, strides: rank === 1 ? strides[0] : strides, padding: str(ctx.args, 'padding') }
            }];
        },
        lint: {},
        cost: outputOnly,
        gradientKernels: {},
        example: rank === 1 ? { input: [6, 2], statements: [`${name}(2)`] } : { input: [4, 4, 2], statements: [`${name}(2)`] }
    };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2): LayerKind {
    const name = `Global${kind}Pooling${rank}D`;
    return {
        name,
        category: 'pooling',
        summary: `Reduces each channel to one number: the ${kind === 'Max' ? 'maximum' : 'average'} over all ${rank === 1 ? 'steps' : 'positions'}.`,
        computes: kind === 'Max' ? 'out[c] = max over positions of input[…, c]' : 'out[c] = mean over positions of input[…, c]',
        args: [],
        outputShape(ctx) {
            requireRank(name, ctx, rank + 1, rank === 1 ? '[steps, channels]' : '[height, width, channels]');
            return [ctx.input[rank]];
        },
        params: noParams,
        tfjs: () => [{ className: name, config: {} }],
        lint: {},
        cost: outputOnly,
        gradientKernels: {},
        example: rank === 1 ? { input: [6, 2], statements: [`${name}()`] } : { input: [4, 4, 2], statements: [`${name}()`] }
    };
}

function recurrent(name: 'SimpleRNN' | 'LSTM' | 'GRU', gates: number, summary: string): LayerKind {
    const args: ArgSpec[] = [
        { name: 'units', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Size of the hidden state (and of the output).' },
        activationArg('tanh', 'Activation of the candidate state.')
    ];
    if (gates > 1) {
        args.push({ name: 'recurrent_activation', type: { kind: 'choice', set: 'activation' }, default: 'sigmoid', doc: 'Activation of the gates.' });
    }
    args.push(
        useBias,
        { name: 'return_sequences', type: { kind: 'bool' }, default: false, doc: 'Return the output at every step ([steps, units]) instead of the last one ([units]).' },
        { name: 'go_backwards', type: { kind: 'bool' }, default: false, doc: 'Process the sequence backwards.' },
        kernelInit(),
        { name: 'recurrent_initializer', type: { kind: 'choice', set: 'initializer' }, default: 'orthogonal', doc: 'How the recurrent weight matrix starts.' },
        biasInit,
        { name: 'dropout', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0, doc: 'Fraction of the inputs dropped during training.' },
        { name: 'recurrent_dropout', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0, doc: 'Fraction of the recurrent state dropped during training.' }
    );
    return {
        name,
        category: 'recurrent',
        summary,
        computes: name === 'SimpleRNN' ? 'hₜ = activation(W·xₜ + U·hₜ₋₁ + b)' : name === 'LSTM'
            ? 'gates i, f, o = σ(W·xₜ + U·hₜ₋₁ + b); cₜ = f⊙cₜ₋₁ + i⊙tanh(W_c·xₜ + U_c·hₜ₋₁ + b_c); hₜ = o⊙tanh(cₜ)'
            : 'z, r = σ(W·xₜ + U·hₜ₋₁ + b); h̃ = tanh(W_h·xₜ + U_h·(r⊙hₜ₋₁) + b_h); hₜ = z⊙hₜ₋₁ + (1−z)⊙h̃',
        args,
        outputShape(ctx) {
            requireRank(name, ctx, 2, '[steps, features]');
            checkBiasInitializer(name, ctx);
            // A cell takes its activations by tfjs name, and tfjs names no leaky_relu: it cannot be built.
            for (const arg of ['activation', 'recurrent_activation']) {
                if (ctx.args[arg] !== undefined && !findActivation(str(ctx.args, arg))?.tfjs) {
                    throw new ShapeFault('bad-argument', `${name} cannot use ${str(ctx.args, arg)} as its ${arg}: tfjs's recurrent cells only take activations tfjs names (relu, elu, tanh, sigmoid, …), and it has no ${str(ctx.args, arg)}.`, arg);
                }
            }
            const units = num(ctx.args, 'units');
            return bool(ctx.args, 'return_sequences') ? [ctx.input[0], units] : [units];
        },
        params(ctx) {
            const units = num(ctx.args, 'units');
            const features = ctx.input[1];
            const bias = bool(ctx.args, 'use_bias') ? 1 : 0;
            const total = gates * units * (features + units + bias);
            const g = gates > 1 ? `${gates} × ` : '';
            const formula = `${g}${count(units)} units × (${count(features)} inputs + ${count(units)} recurrent${bias ? ' + 1 bias' : ''}) = ${count(total)}`;
            return { trainable: total, nonTrainable: 0, formula };
        },
        tfjs(ctx) {
            const a = ctx.args;
            const config: Record<string, unknown> = {
                units: num(a, 'units'),
                activation: findActivation(str(a, 'activation'))?.tfjs ?? 'tanh',
                useBias: bool(a, 'use_bias'),
                returnSequences: bool(a, 'return_sequences'),
                goBackwards: bool(a, 'go_backwards'),
                kernelInitializer: init(str(a, 'kernel_initializer')),
                recurrentInitializer: init(str(a, 'recurrent_initializer')),
                biasInitializer: init(str(a, 'bias_initializer')),
                dropout: num(a, 'dropout'),
                recurrentDropout: num(a, 'recurrent_dropout')
            };
            if (gates > 1) config.recurrentActivation = findActivation(str(a, 'recurrent_activation'))?.tfjs ?? 'sigmoid';
            // Keras's LSTM starts the forget gate's bias at 1; tfjs leaves it at 0 unless asked.
            if (name === 'LSTM') config.unitForgetBias = true;
            return [{ className: name, config }];
        },
        lint: weightedLint('units'),
        // Every step multiplies the input and the previous state into each gate.
        cost(ctx, output) {
            const units = num(ctx.args, 'units');
            const [steps, features] = ctx.input;
            return { macs: steps * gates * units * (features + units), activations: elementCount(output), transient: 0 };
        },
        gradientKernels: {},
        example: { input: [5, 2], statements: [`${name}(3)`] }
    };
}

/** numpy-style broadcasting of sample shapes, as tfjs's merge layers compute it. */
function broadcast(a: Shape, b: Shape): Shape | undefined {
    if (a.length < b.length) return broadcast(b, a);
    const out = a.slice(0, a.length - b.length);
    for (let k = 0; k < b.length; k++) {
        const i = a[a.length - b.length + k];
        const j = b[k];
        if (i === 1) out.push(j);
        else if (j === 1 || i === j) out.push(i);
        else return undefined;
    }
    return out;
}

function mergeInputsText(ctx: ShapeContext): string {
    return ctx.inputs.map(formatShape).join(' and ');
}

function elementwiseMerge(name: string, op: string, summary: string): LayerKind {
    return {
        name,
        category: 'merge',
        merge: true,
        summary,
        computes: op,
        args: [],
        outputShape(ctx) {
            let out: Shape | undefined = ctx.inputs[0];
            for (const s of ctx.inputs.slice(1)) {
                out = out && broadcast(out, s);
            }
            if (!out) {
                throw new ShapeFault('shape-mismatch', `${name} combines inputs element by element, so their shapes must match, but they are ${mergeInputsText(ctx)}. ` +
                    'Make the layers produce the same shape (e.g. the same number of units or filters).');
            }
            return out;
        },
        params: noParams,
        tfjs: () => [{ className: name, config: {} }],
        lint: {},
        cost: outputOnly,
        gradientKernels: {},
        example: mergeExample(name)
    };
}

/** A residual-style block: a labelled branch, a second one, and the merge. */
function mergeExample(name: string) {
    return { input: [4], statements: ['skip = Dense(4)', 'Dense(4, activation=tanh)', `${name}(skip)`] };
}

const concatenate: LayerKind = {
    name: 'Concatenate',
    category: 'merge',
    merge: true,
    summary: 'Joins the previous output and the named labels along `axis` (default: the last, e.g. channels).',
    computes: 'out = [x₁ ‖ x₂ ‖ …] along axis',
    args: [{ name: 'axis', type: { kind: 'axis' }, default: -1, doc: 'Axis to join along, counting the batch axis as 0 (-1 = last).' }],
    outputShape(ctx) {
        const rank = ctx.input.length;
        const axis = num(ctx.args, 'axis');
        if (ctx.inputs.some(s => s.length !== rank)) {
            throw new ShapeFault('shape-mismatch', `Concatenate needs inputs of the same rank, but they are ${mergeInputsText(ctx)}.`);
        }
        // Keras counts the batch axis: axis 1 is the first sample axis, -1 the last.
        const sampleAxis = axis < 0 ? rank + axis : axis - 1;
        if (sampleAxis < 0 || sampleAxis >= rank) {
            throw new ShapeFault('bad-argument', `axis=${axis} is outside inputs of rank ${rank} (plus the batch axis): use an axis from 1 to ${rank}, or -1 for the last.`, 'axis');
        }
        const rest = (s: Shape) => s.filter((_, i) => i !== sampleAxis).join(',');
        if (ctx.inputs.some(s => rest(s) !== rest(ctx.input))) {
            throw new ShapeFault('shape-mismatch', `Concatenate along axis ${axis} needs the other axes to match, but the inputs are ${mergeInputsText(ctx)}.`);
        }
        const out = ctx.input.slice();
        out[sampleAxis] = ctx.inputs.reduce((sum, s) => sum + s[sampleAxis], 0);
        return out;
    },
    params: noParams,
    // tfjs 4.22 joins along the LAST axis at run time for every negative axis (its backend's
    // concatenate maps axis < 0 to the rank), while its static shape uses the axis as given:
    // hand it the same axis counted from the front (batch = 0). -1 is right as it is.
    tfjs(ctx) {
        const axis = num(ctx.args, 'axis');
        return [{ className: 'Concatenate', config: { axis: axis < -1 ? ctx.input.length + 1 + axis : axis } }];
    },
    lint: {},
    cost: outputOnly,
    gradientKernels: {},
    example: mergeExample('Concatenate')
};

// ---------------------------------------------------------------- normalisations

const NORMALIZATION_ARGS: ArgSpec[] = [
    { name: 'epsilon', type: { kind: 'float', min: 0, minExclusive: true }, default: 0.001, doc: 'Added to the variance to avoid dividing by zero.' },
    { name: 'center', type: { kind: 'bool' }, default: true, doc: 'Learn the offset β.' },
    { name: 'scale', type: { kind: 'bool' }, default: true, doc: 'Learn the scale γ.' }
];

/** The input's shape, once tfjs can normalise it along the axis asked for. */
function normalizedShape(layer: string): LayerKind['outputShape'] {
    return ctx => {
        requireNormalizableRank(layer, ctx);
        channelAxis(layer, ctx);
        return ctx.input;
    };
}

/** No lint role, a multiply-add per element (γ·x̂ + β), and every backend has their gradients. */
const NORMALIZATION_TRAITS: Pick<LayerKind, 'lint' | 'cost' | 'gradientKernels'> = { lint: {}, cost: perElement, gradientKernels: {} };

// ---------------------------------------------------------------- the catalogue

export const LAYERS: readonly LayerKind[] = [
    {
        name: 'Dense',
        category: 'core',
        summary: 'A fully connected layer: every output unit is a weighted sum of all inputs plus a bias, then the activation.',
        computes: 'y = activation(x·W + b)',
        args: [
            { name: 'units', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Number of output units.' },
            activationArg(),
            useBias,
            kernelInit(),
            biasInit
        ],
        outputShape(ctx) {
            requireMinRank('Dense', ctx, 1, '');
            checkBiasInitializer('Dense', ctx);
            return [...ctx.input.slice(0, -1), num(ctx.args, 'units')];
        },
        params(ctx) {
            const inputs = ctx.input[ctx.input.length - 1];
            const units = num(ctx.args, 'units');
            const weights = inputs * units;
            const biases = bool(ctx.args, 'use_bias') ? units : 0;
            const formula = `${count(inputs)}×${count(units)} weights${biases ? ` + ${count(biases)} biases` : ''} = ${count(weights + biases)}`;
            return { trainable: weights + biases, nonTrainable: 0, formula };
        },
        tfjs(ctx) {
            const a = ctx.args;
            return withActivation({
                className: 'Dense',
                config: {
                    units: num(a, 'units'),
                    useBias: bool(a, 'use_bias'),
                    kernelInitializer: init(str(a, 'kernel_initializer')),
                    biasInitializer: init(str(a, 'bias_initializer'))
                }
            }, str(a, 'activation'));
        },
        lint: { ...weightedLint('units'), lastAxisLinear: true },
        // One weighted sum of the last axis per output unit, at every position of the other axes.
        cost(ctx, output) {
            return { macs: elementCount(output) * ctx.input[ctx.input.length - 1], activations: elementCount(output), transient: 0 };
        },
        gradientKernels: {},
        example: { input: [4], statements: ['Dense(3, activation=relu)'] }
    },
    {
        name: 'Activation',
        category: 'activation',
        summary: 'Applies an activation function element-wise.',
        args: [{ ...activationArg(undefined, 'The activation function.'), default: undefined, required: true, positional: true }],
        outputShape: ctx => ctx.input,
        params: noParams,
        tfjs: ctx => activationLayer(str(ctx.args, 'activation')),
        lint: { activation: { argument: 'activation' } },
        cost: outputOnly,
        gradientKernels: {},
        example: { input: [4], statements: ['Activation(tanh)'] }
    },
    {
        name: 'LeakyReLU',
        category: 'activation',
        summary: 'Leaky rectified linear unit as a layer: negative inputs are scaled by `alpha` instead of zeroed.',
        computes: 'f(x) = x if x > 0, else alpha·x',
        args: [{ name: 'alpha', type: { kind: 'float', min: 0 }, default: 0.3, positional: true, doc: 'Slope for negative inputs.' }],
        outputShape: ctx => ctx.input,
        params: noParams,
        tfjs: ctx => [{ className: 'LeakyReLU', config: { alpha: num(ctx.args, 'alpha') } }],
        lint: { activation: { fixed: 'leaky_relu' } },
        cost: outputOnly,
        gradientKernels: {},
        example: { input: [4], statements: ['LeakyReLU(0.1)'] }
    },
    {
        name: 'Dropout',
        category: 'regularization',
        summary: 'During training, zeroes a random fraction `rate` of the inputs and scales the rest by 1/(1−rate); does nothing at inference.',
        computes: 'y = x·mask/(1−rate), mask ~ Bernoulli(1−rate)',
        args: [{ name: 'rate', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, required: true, positional: true, doc: 'Fraction of inputs to drop, in [0, 1).' }],
        outputShape: ctx => ctx.input,
        params: noParams,
        tfjs: ctx => [{ className: 'Dropout', config: { rate: num(ctx.args, 'rate') } }],
        lint: { transparent: true },
        cost: outputOnly,
        gradientKernels: {},
        example: { input: [4], statements: ['Dropout(0.5)'] }
    },
    {
        name: 'Flatten',
        category: 'reshaping',
        summary: 'Flattens each sample into a vector, e.g. [26, 26, 32] → [21632]; usually between convolutions and Dense layers.',
        args: [],
        outputShape(ctx) {
            if (ctx.input.length < 2) {
                throw new ShapeFault('shape-mismatch', `Flatten needs an input of rank ≥ 2, but its input ${formatShape(ctx.input)} is already flat. Remove this Flatten().`, undefined, { fix: 'remove-layer' });
            }
            return [elementCount(ctx.input)];
        },
        params: noParams,
        tfjs: () => [{ className: 'Flatten', config: {} }],
        lint: {},
        cost: outputOnly,
        gradientKernels: {},
        example: { input: [2, 3], statements: ['Flatten()'] }
    },
    {
        name: 'Reshape',
        category: 'reshaping',
        summary: 'Rearranges each sample into `target_shape` (same number of elements; one dimension may be -1 to infer it).',
        args: [{ name: 'target_shape', type: { kind: 'shape' }, required: true, positional: true, doc: 'The new shape of one sample, e.g. [28, 28, 1].' }],
        outputShape(ctx) {
            const target = tuple(ctx.args, 'target_shape');
            const n = elementCount(ctx.input);
            const known = target.filter(d => d !== -1);
            const knownCount = elementCount(known);
            if (known.length < target.length) {
                const inferred = n / knownCount;
                if (!Number.isInteger(inferred) || inferred <= 0) {
                    throw new ShapeFault('non-positive-dimension', `Reshape(${formatShape(target)}) cannot fit the ${count(n)} elements of ${formatShape(ctx.input)}: ${count(n)} is not a multiple of ${count(knownCount)}.`, 'target_shape');
                }
                return target.map(d => (d === -1 ? inferred : d));
            }
            if (knownCount !== n) {
                throw new ShapeFault('non-positive-dimension', `Reshape(${formatShape(target)}) holds ${count(knownCount)} elements but its input ${formatShape(ctx.input)} has ${count(n)}; the element counts must agree.`, 'target_shape');
            }
            return target;
        },
        params: noParams,
        // tfjs 4.22 resolves -1 only at run time (its static shape stays unknown, so a later Flatten
        // or Dense refuses to build): give it the inferred size.
        tfjs(ctx) {
            const target = tuple(ctx.args, 'target_shape');
            const known = elementCount(target.filter(d => d !== -1));
            return [{ className: 'Reshape', config: { targetShape: target.map(d => (d === -1 ? elementCount(ctx.input) / known : d)) } }];
        },
        lint: {},
        cost: outputOnly,
        gradientKernels: {},
        example: { input: [6], statements: ['Reshape([2, -1])'] }
    },
    convolution(1),
    convolution(2),
    convolutionTranspose,
    upSampling,
    pooling('Max', 1),
    pooling('Max', 2),
    pooling('Average', 1),
    pooling('Average', 2),
    globalPooling('Average', 1),
    globalPooling('Average', 2),
    globalPooling('Max', 1),
    globalPooling('Max', 2),
    {
        name: 'BatchNormalization',
        category: 'normalization',
        summary: 'Normalises each channel over the batch, then scales by γ and shifts by β (learned); keeps running mean and variance for inference.',
        computes: 'y = γ·(x − μ_batch)/√(σ²_batch + ε) + β',
        args: [
            { name: 'axis', type: { kind: 'axis' }, default: -1, doc: 'The channel axis (-1 = last).' },
            { name: 'momentum', type: { kind: 'float', min: 0, max: 1 }, default: 0.99, doc: 'Momentum of the running mean and variance.' },
            ...NORMALIZATION_ARGS
        ],
        outputShape: normalizedShape('BatchNormalization'),
        params(ctx) {
            const c = ctx.input[channelAxis('BatchNormalization', ctx)];
            const learned = (bool(ctx.args, 'center') ? 1 : 0) + (bool(ctx.args, 'scale') ? 1 : 0);
            const names = [bool(ctx.args, 'scale') ? 'γ' : '', bool(ctx.args, 'center') ? 'β' : ''].filter(Boolean).join(', ');
            const formula = `${2 + learned} × ${count(c)} channels (${names ? `${names} trainable; ` : ''}moving mean, variance not) = ${count((2 + learned) * c)}`;
            return { trainable: learned * c, nonTrainable: 2 * c, formula };
        },
        tfjs(ctx) {
            const a = ctx.args;
            return [{ className: 'BatchNormalization', config: { axis: num(a, 'axis'), momentum: num(a, 'momentum'), epsilon: num(a, 'epsilon'), center: bool(a, 'center'), scale: bool(a, 'scale') } }];
        },
        ...NORMALIZATION_TRAITS,
        example: { input: [4], statements: ['BatchNormalization()'] }
    },
    {
        name: 'LayerNormalization',
        category: 'normalization',
        summary: 'Normalises each sample over its last axis, then scales by γ and shifts by β (learned).',
        computes: 'y = γ·(x − μ_sample)/√(σ²_sample + ε) + β',
        args: [
            { name: 'axis', type: { kind: 'axis' }, default: -1, doc: 'The axis to normalise over (-1 = last).' },
            ...NORMALIZATION_ARGS
        ],
        outputShape: normalizedShape('LayerNormalization'),
        params(ctx) {
            const c = ctx.input[channelAxis('LayerNormalization', ctx)];
            const learned = (bool(ctx.args, 'center') ? 1 : 0) + (bool(ctx.args, 'scale') ? 1 : 0);
            return { trainable: learned * c, nonTrainable: 0, formula: `${learned} × ${count(c)} (γ and β per feature) = ${count(learned * c)}` };
        },
        tfjs(ctx) {
            const a = ctx.args;
            return [{ className: 'LayerNormalization', config: { axis: num(a, 'axis'), epsilon: num(a, 'epsilon'), center: bool(a, 'center'), scale: bool(a, 'scale') } }];
        },
        ...NORMALIZATION_TRAITS,
        example: { input: [4], statements: ['LayerNormalization()'] }
    },
    recurrent('SimpleRNN', 1, 'A fully connected recurrent layer: the hidden state is fed back at every step.'),
    recurrent('LSTM', 4, 'Long short-term memory: a recurrent layer with input, forget and output gates and a cell state that carries long-range information.'),
    recurrent('GRU', 3, 'Gated recurrent unit: a lighter LSTM with update and reset gates.'),
    {
        name: 'Embedding',
        category: 'embedding',
        summary: 'Maps integer indices (e.g. word ids in [0, input_dim)) to learned dense vectors of size output_dim.',
        computes: 'out[…, :] = E[index], E ∈ ℝ^(input_dim × output_dim)',
        args: [
            { name: 'input_dim', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Vocabulary size: indices run from 0 to input_dim − 1.' },
            { name: 'output_dim', type: { kind: 'int', min: 1 }, required: true, positional: true, doc: 'Size of each embedding vector.' },
            { name: 'embeddings_initializer', type: { kind: 'choice', set: 'initializer' }, default: 'random_uniform', doc: 'How the embedding table starts.' },
            { name: 'mask_zero', type: { kind: 'bool' }, default: false, doc: 'Treat index 0 as padding.' }
        ],
        outputShape: ctx => [...ctx.input, num(ctx.args, 'output_dim')],
        params(ctx) {
            const n = num(ctx.args, 'input_dim') * num(ctx.args, 'output_dim');
            return { trainable: n, nonTrainable: 0, formula: `${count(num(ctx.args, 'input_dim'))}×${count(num(ctx.args, 'output_dim'))} embeddings = ${count(n)}` };
        },
        tfjs(ctx) {
            const a = ctx.args;
            return [{ className: 'Embedding', config: { inputDim: num(a, 'input_dim'), outputDim: num(a, 'output_dim'), embeddingsInitializer: init(str(a, 'embeddings_initializer')), maskZero: bool(a, 'mask_zero') } }];
        },
        lint: {},
        // A lookup: no arithmetic forward; its gradient scatters rows back into the table.
        cost: outputOnly,
        gradientKernels: { wasm: ['UnsortedSegmentSum'] },
        example: { input: [4], statements: ['Embedding(10, 3)'] }
    },
    elementwiseMerge('Add', 'out = x₁ + x₂ + …', 'Adds the previous output and the named labels element-wise (a residual / skip connection).'),
    elementwiseMerge('Multiply', 'out = x₁ ⊙ x₂ ⊙ …', 'Multiplies the previous output and the named labels element-wise (gating).'),
    elementwiseMerge('Average', 'out = (x₁ + x₂ + …) / n', 'Averages the previous output and the named labels element-wise.'),
    elementwiseMerge('Maximum', 'out = max(x₁, x₂, …)', 'Takes the element-wise maximum of the previous output and the named labels.'),
    elementwiseMerge('Minimum', 'out = min(x₁, x₂, …)', 'Takes the element-wise minimum of the previous output and the named labels.'),
    concatenate
];

/** tfjs 4.22 normalises tensors of rank 2 to 4 only (batch included): beyond, it builds but fails at run time. */
function requireNormalizableRank(layer: string, ctx: ShapeContext): void {
    if (ctx.input.length > 3) {
        throw new ShapeFault('shape-mismatch', `${layer} in tfjs handles samples of at most 3 axes (e.g. [height, width, channels]), but its input ${formatShape(ctx.input)} has ${ctx.input.length}. Reshape or Flatten first.`);
    }
}

/** Resolves a Keras axis (batch axis = 0) on a sample shape; refuses the batch axis and out-of-range axes. */
function channelAxis(layer: string, ctx: ShapeContext): number {
    const axis = num(ctx.args, 'axis');
    const rank = ctx.input.length;
    const sampleAxis = axis < 0 ? rank + axis : axis - 1;
    if (sampleAxis < 0 || sampleAxis >= rank) {
        throw new ShapeFault('bad-argument', `${layer}: axis=${axis} is outside its input ${formatShape(ctx.input)}; use an axis from 1 to ${rank}, or -1 for the last.`, 'axis');
    }
    return sampleAxis;
}

const byName = new Map(LAYERS.map(l => [l.name, l]));

export function findLayer(name: string): LayerKind | undefined {
    return byName.get(name);
}

export function positionalArgs(kind: LayerKind): ArgSpec[] {
    return kind.args.filter(a => a.positional);
}
