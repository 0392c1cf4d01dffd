/**
 * THE table from catalogue layer kinds to PyTorch: one entry per kind (a kind the catalogue gains
 * must be added here; test/coverage.test.ts fails until it is). Each entry says which tensor
 * layout it wants (PyTorch convolutions are channels-first, everything else follows Keras's
 * channels-last), what it adds to `__init__`, and the forward expression.
 */
import type { LayerDescription } from '@nn-lang/language';
import { pyBool, pyFloat, pyString, pyTuple } from '../python/literals.js';
import { args, paddingOf, sampleAxis, transposedCrop } from '../shared/keras-math.js';
import { transpose, type AnyTensor, type Tensor } from '../weights/tensor.js';
import type { TorchHelper } from './helpers.js';

/** `last`: Keras's channels-last order; `first`: PyTorch's (batch, channels, spatial…). */
export type Layout = 'last' | 'first';

export interface TorchContext {
    layer: LayerDescription;
    /** The module attribute for this statement (`dense_0`). */
    attr: string;
    /** Python expressions of the inputs, already in the layout the entry asked for. */
    inputs: string[];
    /** Layout of the inputs as given. */
    layout: Layout;
    /** Python expression of the main input's Keras mask (Embedding(mask_zero=true)), if any. */
    mask?: string;
    /** Adds `self.<attr><suffix> = <module>` to __init__; returns `self.<attr><suffix>`. */
    module(code: string, suffix?: string): string;
    /** Keras's initializer for a parameter (name relative to the module, e.g. `dense_0.weight`). */
    initializer(param: string, name: string, shape: readonly number[]): void;
    /** A statement to run before the output expression (e.g. computing a mask). */
    before(line: string): void;
    use(helper: TorchHelper): void;
    /** A difference a user should know about; also printed by the exporter. */
    warn(text: string): void;
}

export interface TorchMapping {
    /** The layout the entry wants its inputs in, given theirs. */
    wants(layer: LayerDescription, incoming: Layout): Layout;
    /** The forward expression producing the output, in the wanted layout. */
    forward(ctx: TorchContext): string;
    /** Whether a Keras mask passes through (tfjs's `supportsMasking` layers). */
    carriesMask?: (layer: LayerDescription) => boolean;
    /** Expression form of a Keras mask this layer creates (Embedding); `input` is its input. */
    createsMask?: (layer: LayerDescription, input: string) => string | undefined;
    /** Trained Keras weights (kernel, bias, …) → this module's state_dict entries (relative names). */
    weights?: (layer: LayerDescription, keras: KerasWeights) => Record<string, AnyTensor>;
}

/** One statement's Keras weights by their Keras names. */
export type KerasWeights = (name: string) => Tensor;

/** Dense and convolution kernels: Keras [..., in, out] → PyTorch [out, in, ...]. */
function kernelWeights(layer: LayerDescription, keras: KerasWeights): Record<string, AnyTensor> {
    const kernel = keras('kernel');
    const rank = kernel.shape.length;
    const perm = rank === 2 ? [1, 0] : [rank - 1, rank - 2, ...Array.from({ length: rank - 2 }, (_, i) => i)];
    const out: Record<string, AnyTensor> = { weight: transpose(kernel, perm) };
    if (layer.args.use_bias !== false) out.bias = keras('bias');
    return out;
}

/** Keras activations as PyTorch expressions. */
export const TORCH_ACTIVATIONS: Record<string, (x: string, use: (h: TorchHelper) => void, channelsFirst: boolean) => string> = {
    linear: x => x,
    relu: x => `torch.relu(${x})`,
    sigmoid: x => `torch.sigmoid(${x})`,
    tanh: x => `torch.tanh(${x})`,
    // Keras's softmax runs over the channels: axis 1 while a tensor is channels-first.
    softmax: (x, _, channelsFirst) => `torch.softmax(${x}, dim=${channelsFirst ? 1 : -1})`,
    leaky_relu: x => `F.leaky_relu(${x}, 0.2)`,
    elu: x => `F.elu(${x})`,
    selu: x => `F.selu(${x})`,
    softplus: x => `F.softplus(${x})`,
    softsign: x => `F.softsign(${x})`,
    relu6: x => `F.relu6(${x})`,
    swish: x => `F.silu(${x})`,
    gelu: x => `F.gelu(${x})`,
    hard_sigmoid: (x, use) => {
        use('hard_sigmoid');
        return `hard_sigmoid(${x})`;
    }
};

export function activation(name: string, x: string, ctx: Pick<TorchContext, 'use' | 'layout' | 'layer'>): string {
    const f = TORCH_ACTIVATIONS[name];
    if (!f) throw new Error(`no PyTorch form for the activation ${name}`);
    return f(x, h => ctx.use(h), ctx.layout === 'first' && ctx.layer.outputShape.length > 1);
}

const always = () => true;
const keep = (_: LayerDescription, incoming: Layout): Layout => incoming;
const last = (): Layout => 'last';
const first = (): Layout => 'first';

/** Pads of a `same` window as F.pad / nn.ConstantPadNd take them: last axis first, (before, after). */
function torchPads(pads: [number, number][]): number[] {
    return pads.slice().reverse().flat();
}

function symmetric(pads: [number, number][]): boolean {
    return pads.every(([a, b]) => a === b);
}

function convolution(rank: 1 | 2): TorchMapping {
    return {
        wants: first,
        forward(ctx) {
            const a = args(ctx.layer);
            const input = ctx.layer.inputShapes[0];
            const spatial = input.slice(0, rank);
            const inChannels = input[rank];
            const k = a.tuple('kernel_size');
            const s = a.tuple('strides');
            const d = a.tuple('dilation_rate');
            const pads = paddingOf(a.str('padding'), spatial, k, s, d);
            const options = [`kernel_size=${pyTuple(k)}`];
            if (s.some(v => v !== 1)) options.push(`stride=${pyTuple(s)}`);
            if (symmetric(pads) && pads.some(([p]) => p > 0)) options.push(`padding=${pyTuple(pads.map(([p]) => p))}`);
            if (d.some(v => v !== 1)) options.push(`dilation=${pyTuple(d)}`);
            if (!a.bool('use_bias')) options.push('bias=False');
            let x = ctx.inputs[0];
            if (!symmetric(pads)) {
                const pad = ctx.module(`nn.ConstantPad${rank}d(${pyTuple(torchPads(pads))}, 0.0)`, '_pad');
                x = `${pad}(${x})`;
            }
            const conv = ctx.module(`nn.Conv${rank}d(${inChannels}, ${a.num('filters')}, ${options.join(', ')})`);
            const kernelShape = [...k, inChannels, a.num('filters')];
            ctx.initializer(`${ctx.attr}.weight`, a.str('kernel_initializer'), kernelShape);
            if (a.bool('use_bias')) ctx.initializer(`${ctx.attr}.bias`, a.str('bias_initializer'), [a.num('filters')]);
            return activation(a.str('activation'), `${conv}(${x})`, ctx);
        },
        weights: kernelWeights
    };
}

/** Conv2DTranspose: nn.ConvTranspose2d, cropped or extended to TensorFlow's output size. */
const convolutionTranspose: TorchMapping = {
    wants: first,
    forward(ctx) {
        const a = args(ctx.layer);
        const input = ctx.layer.inputShapes[0];
        const inChannels = input[2];
        const k = a.tuple('kernel_size');
        const s = a.tuple('strides');
        const geometry = [0, 1].map(i => transposedCrop(input[i], k[i], s[i], ctx.layer.outputShape[i]));
        const options = [`kernel_size=${pyTuple(k)}`, `stride=${pyTuple(s)}`];
        if (geometry.some(g => g.extra > 0)) options.push(`output_padding=${pyTuple(geometry.map(g => g.extra))}`);
        if (!a.bool('use_bias')) options.push('bias=False');
        const conv = ctx.module(`nn.ConvTranspose2d(${inChannels}, ${a.num('filters')}, ${options.join(', ')})`);
        // Keras's fans come from its kernel [kh, kw, filters, in], whatever PyTorch's layout.
        ctx.initializer(`${ctx.attr}.weight`, a.str('kernel_initializer'), [...k, a.num('filters'), inChannels]);
        if (a.bool('use_bias')) ctx.initializer(`${ctx.attr}.bias`, a.str('bias_initializer'), [a.num('filters')]);
        let y = `${conv}(${ctx.inputs[0]})`;
        if (geometry.some(g => g.crop[0] + g.crop[1] > 0)) {
            y += `[:, :, ${geometry.map((g, i) => `${g.crop[0]}:${g.crop[0] + ctx.layer.outputShape[i]}`).join(', ')}]`;
        }
        return activation(a.str('activation'), y, ctx);
    },
    // Keras [kh, kw, filters, in] → PyTorch [in, filters, kh, kw].
    weights(layer, keras) {
        const out: Record<string, AnyTensor> = { weight: transpose(keras('kernel'), [3, 2, 0, 1]) };
        if (layer.args.use_bias !== false) out.bias = keras('bias');
        return out;
    }
};

/** UpSampling2D: repeated rows and columns, or tfjs's bilinear resize (source = target / size). */
const upSampling: TorchMapping = {
    wants: first,
    forward(ctx) {
        const a = args(ctx.layer);
        const [rows, cols] = a.tuple('size');
        if (a.str('interpolation') === 'bilinear') {
            ctx.use('resize_bilinear');
            return `resize_bilinear(${ctx.inputs[0]}, ${rows}, ${cols})`;
        }
        return `${ctx.inputs[0]}.repeat_interleave(${rows}, dim=2).repeat_interleave(${cols}, dim=3)`;
    }
};

function pooling(kind: 'Max' | 'Average', rank: 1 | 2): TorchMapping {
    return {
        wants: first,
        forward(ctx) {
            const a = args(ctx.layer);
            const spatial = ctx.layer.inputShapes[0].slice(0, rank);
            const pool = a.tuple('pool_size');
            const strides = a.maybeTuple('strides') ?? pool;
            const pads = paddingOf(a.str('padding'), spatial, pool, strides);
            const base = `kernel_size=${pyTuple(pool)}, stride=${pyTuple(strides)}`;
            const x = ctx.inputs[0];
            const padded = pads.some(([b, e]) => b > 0 || e > 0);
            if (kind === 'Max') {
                if (!padded) return `${ctx.module(`nn.MaxPool${rank}d(${base})`)}(${x})`;
                if (symmetric(pads)) return `${ctx.module(`nn.MaxPool${rank}d(${base}, padding=${pyTuple(pads.map(([p]) => p))})`)}(${x})`;
                // Padding with -inf leaves every maximum as TensorFlow's `same` computes it.
                const pad = ctx.module(`nn.ConstantPad${rank}d(${pyTuple(torchPads(pads))}, float("-inf"))`, '_pad');
                return `${ctx.module(`nn.MaxPool${rank}d(${base})`)}(${pad}(${x}))`;
            }
            if (!padded) return `${ctx.module(`nn.AvgPool${rank}d(${base})`)}(${x})`;
            if (symmetric(pads)) {
                return `${ctx.module(`nn.AvgPool${rank}d(${base}, padding=${pyTuple(pads.map(([p]) => p))}, count_include_pad=False)`)}(${x})`;
            }
            ctx.use('avg_pool_same');
            return `${ctx.module(`AvgPoolSame(${pyTuple(pool)}, ${pyTuple(strides)}, ${pyTuple(torchPads(pads))})`)}(${x})`;
        }
    };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2): TorchMapping {
    return {
        wants: first,
        forward(ctx) {
            const dims = rank === 1 ? '2' : '(2, 3)';
            return kind === 'Max' ? `${ctx.inputs[0]}.amax(dim=${dims})` : `${ctx.inputs[0]}.mean(dim=${dims})`;
        }
    };
}

function recurrent(cell: 'SimpleRNN' | 'LSTM' | 'GRU'): TorchMapping {
    return {
        wants: last,
        carriesMask: layer => layer.args.return_sequences === true,
        forward(ctx) {
            const a = args(ctx.layer);
            const features = ctx.layer.inputShapes[0][1];
            const units = a.num('units');
            const gates = cell === 'SimpleRNN' ? 1 : cell === 'LSTM' ? 4 : 3;
            ctx.use('rnn');
            const options = [pyString(cell), String(features), String(units)];
            if (a.str('activation') !== 'tanh') options.push(`activation=${pyString(a.str('activation'))}`);
            if (cell !== 'SimpleRNN' && a.str('recurrent_activation') !== 'sigmoid') options.push(`recurrent_activation=${pyString(a.str('recurrent_activation'))}`);
            if (!a.bool('use_bias')) options.push('use_bias=False');
            if (a.bool('return_sequences')) options.push('return_sequences=True');
            if (a.bool('go_backwards')) options.push('go_backwards=True');
            if (a.num('dropout') > 0) options.push(`dropout=${pyFloat(a.num('dropout'))}`);
            if (a.num('recurrent_dropout') > 0) options.push(`recurrent_dropout=${pyFloat(a.num('recurrent_dropout'))}`);
            const rnn = ctx.module(`KerasRNN(${options.join(', ')})`);
            ctx.initializer(`${ctx.attr}.kernel`, a.str('kernel_initializer'), [features, gates * units]);
            ctx.initializer(`${ctx.attr}.recurrent_kernel`, a.str('recurrent_initializer'), [units, gates * units]);
            if (a.bool('use_bias')) {
                // Keras's LSTM (unit_forget_bias, which nn-lang's trainer sets) starts the forget gate at 1.
                ctx.initializer(`${ctx.attr}.bias`, cell === 'LSTM' ? `${a.str('bias_initializer')}+forget_bias` : a.str('bias_initializer'), [gates * units]);
            }
            return ctx.mask ? `${rnn}(${ctx.inputs[0]}, mask=${ctx.mask})` : `${rnn}(${ctx.inputs[0]})`;
        },
        // KerasRNN keeps Keras's layout: the weights go in as they are.
        weights: (layer, keras) => ({
            kernel: keras('kernel'),
            recurrent_kernel: keras('recurrent_kernel'),
            ...(layer.args.use_bias !== false ? { bias: keras('bias') } : {})
        })
    };
}

/** Inputs of a merge lifted to a common rank, as Keras does (axes added after the batch axis). */
function lifted(ctx: TorchContext): string[] {
    const ranks = ctx.layer.inputShapes.map(s => s.length);
    const max = Math.max(...ranks);
    return ctx.inputs.map((x, i) => {
        if (ranks[i] === max) return x;
        ctx.use('expand_rank');
        return `expand_rank(${x}, ${max + 1})`;
    });
}

function mergeWants(layer: LayerDescription, incoming: Layout): Layout {
    // Element-wise merges of equal shapes work in either layout; anything else in Keras's.
    const same = layer.inputShapes.every(s => s.join() === layer.inputShapes[0].join());
    return same && layer.type !== 'Concatenate' ? incoming : 'last';
}

function elementwise(op: (xs: string[]) => string): TorchMapping {
    return {
        wants: mergeWants,
        carriesMask: always,
        forward: ctx => op(lifted(ctx))
    };
}

const nested = (fn: string) => (xs: string[]): string => xs.slice(1).reduce((acc, x) => `${fn}(${acc}, ${x})`, xs[0]);

export const TORCH_LAYERS: Record<string, TorchMapping> = {
    Dense: {
        wants: last,
        carriesMask: always,
        forward(ctx) {
            const a = args(ctx.layer);
            const input = ctx.layer.inputShapes[0];
            const features = input[input.length - 1];
            const units = a.num('units');
            const linear = ctx.module(`nn.Linear(${features}, ${units}${a.bool('use_bias') ? '' : ', bias=False'})`);
            ctx.initializer(`${ctx.attr}.weight`, a.str('kernel_initializer'), [features, units]);
            if (a.bool('use_bias')) ctx.initializer(`${ctx.attr}.bias`, a.str('bias_initializer'), [units]);
            return activation(a.str('activation'), `${linear}(${ctx.inputs[0]})`, ctx);
        },
        weights: kernelWeights
    },
    Activation: {
        wants: keep,
        carriesMask: always,
        forward: ctx => activation(args(ctx.layer).str('activation'), ctx.inputs[0], ctx)
    },
    LeakyReLU: {
        wants: keep,
        forward: ctx => `F.leaky_relu(${ctx.inputs[0]}, ${pyFloat(args(ctx.layer).num('alpha'))})`
    },
    Dropout: {
        wants: keep,
        carriesMask: always,
        forward: ctx => `${ctx.module(`nn.Dropout(${pyFloat(args(ctx.layer).num('rate'))})`)}(${ctx.inputs[0]})`
    },
    Flatten: {
        wants: last,
        // Keras flattens channels-last tensors: kept in that order, Dense weights read the same.
        forward: ctx => `torch.flatten(${ctx.inputs[0]}, 1)`
    },
    Reshape: {
        wants: last,
        forward: ctx => `${ctx.inputs[0]}.reshape(${ctx.inputs[0]}.shape[0], ${ctx.layer.outputShape.join(', ')})`
    },
    Conv1D: convolution(1),
    Conv2D: convolution(2),
    Conv2DTranspose: convolutionTranspose,
    UpSampling2D: upSampling,
    MaxPooling1D: pooling('Max', 1),
    MaxPooling2D: pooling('Max', 2),
    AveragePooling1D: pooling('Average', 1),
    AveragePooling2D: pooling('Average', 2),
    GlobalAveragePooling1D: globalPooling('Average', 1),
    GlobalAveragePooling2D: globalPooling('Average', 2),
    GlobalMaxPooling1D: globalPooling('Max', 1),
    GlobalMaxPooling2D: globalPooling('Max', 2),
    BatchNormalization: {
        wants(layer, incoming) {
            const rank = layer.inputShapes[0].length;
            const axis = sampleAxis(layer.args.axis as number, rank);
            return incoming === 'first' && rank > 1 && axis === rank - 1 ? 'first' : 'last';
        },
        carriesMask: always,
        forward(ctx) {
            const a = args(ctx.layer);
            const input = ctx.layer.inputShapes[0];
            const rank = input.length;
            const axis = sampleAxis(a.num('axis'), rank);
            const channels = input[axis];
            // PyTorch's momentum weighs the new batch; Keras's weighs the running average.
            const momentum = Number((1 - a.num('momentum')).toPrecision(12));
            const eps = pyFloat(a.num('epsilon'));
            let norm: string;
            if (a.bool('center') && a.bool('scale')) {
                norm = ctx.module(`nn.BatchNorm${rank === 3 ? 2 : 1}d(${channels}, eps=${eps}, momentum=${pyFloat(momentum)})`);
            } else {
                ctx.use('batch_norm');
                norm = ctx.module(`BatchNorm(${channels}, eps=${eps}, momentum=${pyFloat(momentum)}, center=${pyBool(a.bool('center'))}, scale=${pyBool(a.bool('scale'))})`);
            }
            const x = ctx.inputs[0];
            // Channels already on axis 1 (channels-first, or a vector): as PyTorch wants them.
            if (ctx.layout === 'first' || rank === 1) return `${norm}(${x})`;
            return `${norm}(${x}.movedim(${axis + 1}, 1)).movedim(1, ${axis + 1})`;
        },
        weights(layer, keras) {
            const out: Record<string, AnyTensor> = {};
            if (layer.args.scale !== false) out.weight = keras('gamma');
            if (layer.args.center !== false) out.bias = keras('beta');
            out.running_mean = keras('moving_mean');
            out.running_var = keras('moving_variance');
            // nn.BatchNorm counts its updates; our own BatchNorm helper (center/scale apart) does not.
            if (layer.args.scale !== false && layer.args.center !== false) out.num_batches_tracked = { shape: [], int64: new BigInt64Array(1) };
            return out;
        }
    },
    LayerNormalization: {
        wants: last,
        carriesMask: always,
        forward(ctx) {
            const a = args(ctx.layer);
            const input = ctx.layer.inputShapes[0];
            const rank = input.length;
            const axis = sampleAxis(a.num('axis'), rank);
            const features = input[axis];
            const eps = pyFloat(a.num('epsilon'));
            let norm: string;
            if (a.bool('center') && a.bool('scale')) {
                norm = ctx.module(`nn.LayerNorm(${features}, eps=${eps})`);
            } else {
                ctx.use('layer_norm');
                norm = ctx.module(`LayerNorm(${features}, eps=${eps}, center=${pyBool(a.bool('center'))}, scale=${pyBool(a.bool('scale'))})`);
            }
            const x = ctx.inputs[0];
            if (axis === rank - 1) return `${norm}(${x})`;
            return `${norm}(${x}.movedim(${axis + 1}, -1)).movedim(-1, ${axis + 1})`;
        },
        weights(layer, keras) {
            const out: Record<string, AnyTensor> = {};
            if (layer.args.scale !== false) out.weight = keras('gamma');
            if (layer.args.center !== false) out.bias = keras('beta');
            return out;
        }
    },
    SimpleRNN: recurrent('SimpleRNN'),
    LSTM: recurrent('LSTM'),
    GRU: recurrent('GRU'),
    Embedding: {
        wants: last,
        createsMask: (layer, input) => (layer.args.mask_zero === true ? `${input} != 0` : undefined),
        forward(ctx) {
            const a = args(ctx.layer);
            const embedding = ctx.module(`nn.Embedding(${a.num('input_dim')}, ${a.num('output_dim')})`);
            ctx.initializer(`${ctx.attr}.weight`, a.str('embeddings_initializer'), [a.num('input_dim'), a.num('output_dim')]);
            // Indices arrive as floats (the data sets are float arrays); tfjs truncates them the same way.
            return `${embedding}(${ctx.inputs[0]}.long())`;
        },
        weights: (_, keras) => ({ weight: keras('embeddings') })
    },
    Add: elementwise(xs => xs.join(' + ')),
    Multiply: elementwise(xs => xs.join(' * ')),
    Average: elementwise(xs => `(${xs.join(' + ')}) / ${xs.length}`),
    Maximum: elementwise(nested('torch.maximum')),
    Minimum: elementwise(nested('torch.minimum')),
    Concatenate: {
        wants: last,
        carriesMask: always,
        forward(ctx) {
            const rank = ctx.layer.inputShapes[0].length;
            const axis = sampleAxis(ctx.layer.args.axis as number, rank) + 1;
            return `torch.cat([${ctx.inputs.join(', ')}], dim=${axis})`;
        }
    }
};
