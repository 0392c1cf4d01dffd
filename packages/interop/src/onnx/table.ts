/**
 * THE table from catalogue layer kinds to ONNX (opset 17): one entry per kind (test/coverage.test.ts
 * fails for a kind the catalogue gains until it is mapped). Weights come in Keras's layout and are
 * laid out for ONNX here; convolutions and pooling run channels-first, everything else as Keras.
 * Recurrent layers are unrolled over their (fixed) steps, so any activation, masks and go_backwards
 * behave exactly as in tfjs.
 */
import type { LayerDescription } from '@nn-lang/language';
import type { Layout } from '../pytorch/table.js';
import { args, paddingOf, sampleAxis, transposedCrop } from '../shared/keras-math.js';
import { transpose, type Tensor } from '../weights/tensor.js';
import type { GraphBuilder } from './graph.js';

export type KerasWeights = (name: string) => Tensor;

export interface OnnxContext {
    layer: LayerDescription;
    g: GraphBuilder;
    /** Value names of the inputs, in the layout the entry asked for. */
    inputs: string[];
    layout: Layout;
    /** A bool [batch, steps] mask (Embedding(mask_zero=true)), if one reaches this layer. */
    mask?: string;
    keras: KerasWeights;
}

export interface OnnxMapping {
    wants(layer: LayerDescription, incoming: Layout): Layout;
    build(ctx: OnnxContext): string;
    carriesMask?: (layer: LayerDescription) => boolean;
    /** The bool mask this layer makes from its input (Embedding). */
    createsMask?: (layer: LayerDescription, g: GraphBuilder, input: string) => string | undefined;
}

/** Keras activations as ONNX nodes. */
export const ONNX_ACTIVATIONS: Record<string, (g: GraphBuilder, x: string, channelsFirst: boolean) => string> = {
    linear: (_, x) => x,
    relu: (g, x) => g.op('Relu', [x]),
    sigmoid: (g, x) => g.op('Sigmoid', [x]),
    tanh: (g, x) => g.op('Tanh', [x]),
    softmax: (g, x, channelsFirst) => g.op('Softmax', [x], { axis: channelsFirst ? 1 : -1 }),
    leaky_relu: (g, x) => g.op('LeakyRelu', [x], { alpha: { float: 0.2 } }),
    elu: (g, x) => g.op('Elu', [x], { alpha: { float: 1 } }),
    selu: (g, x) => g.op('Selu', [x]),
    softplus: (g, x) => g.op('Softplus', [x]),
    softsign: (g, x) => g.op('Softsign', [x]),
    relu6: (g, x) => g.op('Clip', [x, g.scalar('zero', 0), g.scalar('six', 6)]),
    swish: (g, x) => g.op('Mul', [x, g.op('Sigmoid', [x])]),
    // Opset 17 has no Gelu: x · ½(1 + erf(x/√2)), as tfjs computes it.
    gelu: (g, x) => {
        const erf = g.op('Erf', [g.op('Div', [x, g.scalar('sqrt2', Math.SQRT2)])]);
        return g.op('Mul', [x, g.op('Mul', [g.op('Add', [erf, g.scalar('one', 1)]), g.scalar('half', 0.5)])]);
    },
    hard_sigmoid: (g, x) => g.op('HardSigmoid', [x], { alpha: { float: 0.2 }, beta: { float: 0.5 } })
};

export function onnxActivation(g: GraphBuilder, name: string, x: string, channelsFirst = false): string {
    const f = ONNX_ACTIVATIONS[name];
    if (!f) throw new Error(`no ONNX form for the activation ${name}`);
    return f(g, x, channelsFirst);
}

const keep = (_: LayerDescription, incoming: Layout): Layout => incoming;
const last = (): Layout => 'last';
const first = (): Layout => 'first';
const always = () => true;

/** Keras kernel [..., in, out] → ONNX's [out, in, ...]. */
function convWeight(kernel: Tensor): Tensor {
    const rank = kernel.shape.length;
    return transpose(kernel, [rank - 1, rank - 2, ...Array.from({ length: rank - 2 }, (_, i) => i)]);
}

/** ONNX pads: all the begins, then all the ends. */
function onnxPads(pads: [number, number][]): number[] {
    return [...pads.map(p => p[0]), ...pads.map(p => p[1])];
}

function convolution(rank: 1 | 2): OnnxMapping {
    return {
        wants: first,
        build(ctx) {
            const a = args(ctx.layer);
            const spatial = ctx.layer.inputShapes[0].slice(0, rank);
            const k = a.tuple('kernel_size');
            const s = a.tuple('strides');
            const d = a.tuple('dilation_rate');
            const inputs = [ctx.inputs[0], ctx.g.constant('kernel', convWeight(ctx.keras('kernel')))];
            if (a.bool('use_bias')) inputs.push(ctx.g.constant('bias', ctx.keras('bias')));
            const y = ctx.g.op('Conv', inputs, { kernel_shape: k, strides: s, dilations: d, pads: onnxPads(paddingOf(a.str('padding'), spatial, k, s, d)) });
            return onnxActivation(ctx.g, a.str('activation'), y, true);
        }
    };
}

/** Conv2DTranspose: ConvTranspose, its pads cropping (and output_padding extending) to TensorFlow's size. */
const convolutionTranspose: OnnxMapping = {
    wants: first,
    build(ctx) {
        const a = args(ctx.layer);
        const input = ctx.layer.inputShapes[0];
        const k = a.tuple('kernel_size');
        const s = a.tuple('strides');
        const geometry = [0, 1].map(i => transposedCrop(input[i], k[i], s[i], ctx.layer.outputShape[i]));
        // Keras [kh, kw, filters, in] → ONNX's [in, filters, kh, kw].
        const inputs = [ctx.inputs[0], ctx.g.constant('kernel', transpose(ctx.keras('kernel'), [3, 2, 0, 1]))];
        if (a.bool('use_bias')) inputs.push(ctx.g.constant('bias', ctx.keras('bias')));
        const y = ctx.g.op('ConvTranspose', inputs, {
            kernel_shape: k,
            strides: s,
            pads: [...geometry.map(g => g.crop[0]), ...geometry.map(g => g.crop[1])],
            output_padding: geometry.map(g => g.extra)
        });
        return onnxActivation(ctx.g, a.str('activation'), y, true);
    }
};

/** UpSampling2D: Resize by the integer factors, sampling as tfjs does (source = target / size). */
const upSampling: OnnxMapping = {
    wants: first,
    build(ctx) {
        const a = args(ctx.layer);
        const [rows, cols] = a.tuple('size');
        const scales = ctx.g.constant('scales', { shape: [4], data: Float32Array.of(1, 1, rows, cols) });
        const bilinear = a.str('interpolation') === 'bilinear';
        return ctx.g.op('Resize', [ctx.inputs[0], '', scales], {
            mode: bilinear ? 'linear' : 'nearest',
            coordinate_transformation_mode: 'asymmetric',
            ...(bilinear ? {} : { nearest_mode: 'floor' })
        });
    }
};

function pooling(kind: 'Max' | 'Average', rank: 1 | 2): OnnxMapping {
    return {
        wants: first,
        build(ctx) {
            const a = args(ctx.layer);
            const spatial = ctx.layer.inputShapes[0].slice(0, rank);
            const pool = a.tuple('pool_size');
            const strides = a.maybeTuple('strides') ?? pool;
            const pads = onnxPads(paddingOf(a.str('padding'), spatial, pool, strides));
            if (kind === 'Max') return ctx.g.op('MaxPool', [ctx.inputs[0]], { kernel_shape: pool, strides, pads });
            // Keras leaves padded cells out of each average.
            return ctx.g.op('AveragePool', [ctx.inputs[0]], { kernel_shape: pool, strides, pads, count_include_pad: 0 });
        }
    };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2): OnnxMapping {
    return {
        wants: first,
        build: ctx => ctx.g.op(kind === 'Max' ? 'ReduceMax' : 'ReduceMean', [ctx.inputs[0]], { axes: rank === 1 ? [2] : [2, 3], keepdims: 0 })
    };
}

/** A constant [1, …, C, …, 1] that broadcasts along `axis` of a sample of the given rank. */
function alongAxis(values: Tensor, rank: number, axis: number): Tensor {
    const shape = Array(rank).fill(1);
    shape[axis] = values.data.length;
    return { shape, data: values.data };
}

/** The channel axis of a sample as laid out: channels-first puts it in front. */
function layoutAxis(axis: number, rank: number, layout: Layout): number {
    if (layout === 'last' || rank < 2) return axis;
    return axis === rank - 1 ? 0 : axis + 1;
}

function recurrent(cell: 'SimpleRNN' | 'LSTM' | 'GRU'): OnnxMapping {
    return {
        wants: last,
        carriesMask: layer => layer.args.return_sequences === true,
        build(ctx) {
            const a = args(ctx.layer);
            const g = ctx.g;
            const units = a.num('units');
            const [steps, features] = ctx.layer.inputShapes[0];
            const act = (x: string) => onnxActivation(g, a.str('activation'), x);
            const gate = (x: string) => onnxActivation(g, cell === 'SimpleRNN' ? 'sigmoid' : a.str('recurrent_activation'), x);
            let x = ctx.inputs[0];
            let mask = ctx.mask;
            if (a.bool('go_backwards')) {
                const reverse = (t: string) => g.op('Slice', [t, g.int64('start', [steps - 1]), g.int64('end', [-steps - 1]), g.int64('axes', [1]), g.int64('steps', [-1])]);
                x = reverse(x);
                if (mask) mask = reverse(mask);
            }
            // All steps' input projections at once: [batch, steps, gates·units].
            let projected = g.op('MatMul', [x, g.constant('kernel', ctx.keras('kernel'))]);
            if (a.bool('use_bias')) projected = g.op('Add', [projected, g.constant('bias', ctx.keras('bias'))]);
            const recurrentKernel = ctx.keras('recurrent_kernel');
            const columns = (from: number, to: number): Tensor => {
                const out = new Float32Array(units * (to - from));
                const width = recurrentKernel.shape[1];
                for (let r = 0; r < units; r++) out.set(recurrentKernel.data.subarray(r * width + from, r * width + to), r * (to - from));
                return { shape: [units, to - from], data: out };
            };
            const slice = (t: string, from: number, to: number) => g.op('Slice', [t, g.int64('start', [from]), g.int64('end', [to]), g.int64('axes', [-1])]);
            // Zero states of the batch's size: the first step's inputs times a zero matrix.
            const first = g.op('Gather', [x, g.int64Scalar('t0', 0)], { axis: 1 });
            const zeros = g.op('MatMul', [first, g.constant('zeros', { shape: [features, units], data: new Float32Array(features * units) })]);
            let h = zeros;
            let c = zeros;
            const U = cell === 'GRU' ? g.constant('recurrent_zr', columns(0, 2 * units)) : g.constant('recurrent_kernel', recurrentKernel);
            const Uh = cell === 'GRU' ? g.constant('recurrent_h', columns(2 * units, 3 * units)) : undefined;
            const masks = mask ? g.op('Unsqueeze', [mask, g.int64('axes', [2])]) : undefined;
            const outputs: string[] = [];
            for (let t = 0; t < steps; t++) {
                const xt = g.op('Gather', [projected, g.int64Scalar('t', t)], { axis: 1 });
                let newH: string;
                let newC = c;
                if (cell === 'SimpleRNN') {
                    newH = act(g.op('Add', [xt, g.op('MatMul', [h, U])]));
                } else if (cell === 'LSTM') {
                    const z = g.op('Add', [xt, g.op('MatMul', [h, U])]);
                    const [i, f, cc, o] = [0, 1, 2, 3].map(k => slice(z, k * units, (k + 1) * units));
                    newC = g.op('Add', [g.op('Mul', [gate(f), c]), g.op('Mul', [gate(i), act(cc)])]);
                    newH = g.op('Mul', [gate(o), act(newC)]);
                } else {
                    const rzr = g.op('MatMul', [h, U]);
                    const z = gate(g.op('Add', [slice(xt, 0, units), slice(rzr, 0, units)]));
                    const r = gate(g.op('Add', [slice(xt, units, 2 * units), slice(rzr, units, 2 * units)]));
                    const hh = act(g.op('Add', [slice(xt, 2 * units, 3 * units), g.op('MatMul', [g.op('Mul', [r, h]), Uh!])]));
                    newH = g.op('Add', [g.op('Mul', [z, h]), g.op('Mul', [g.op('Sub', [g.scalar('one', 1), z]), hh])]);
                }
                if (masks) {
                    // A masked step keeps the previous state (tfjs's rnn()).
                    const m = g.op('Gather', [masks, g.int64Scalar('t', t)], { axis: 1 });
                    newH = g.op('Where', [m, newH, h]);
                    if (cell === 'LSTM') newC = g.op('Where', [m, newC, c]);
                }
                h = newH;
                c = newC;
                if (a.bool('return_sequences')) outputs.push(g.op('Unsqueeze', [h, g.int64('axes', [1])]));
            }
            return a.bool('return_sequences') ? (outputs.length === 1 ? outputs[0] : g.op('Concat', outputs, { axis: 1 })) : h;
        }
    };
}

/** Merge inputs lifted to one rank as Keras does (axes added after the batch axis). */
function lifted(ctx: OnnxContext): string[] {
    const ranks = ctx.layer.inputShapes.map(s => s.length);
    const max = Math.max(...ranks);
    return ctx.inputs.map((x, i) => (ranks[i] === max ? x : ctx.g.op('Unsqueeze', [x, ctx.g.int64('axes', Array.from({ length: max - ranks[i] }, (_, k) => k + 1))])));
}

function mergeWants(layer: LayerDescription, incoming: Layout): Layout {
    const same = layer.inputShapes.every(s => s.join() === layer.inputShapes[0].join());
    return same && layer.type !== 'Concatenate' ? incoming : 'last';
}

function elementwise(op: string, variadic: boolean): OnnxMapping {
    return {
        wants: mergeWants,
        carriesMask: always,
        build(ctx) {
            const xs = lifted(ctx);
            if (variadic) return ctx.g.op(op, xs);
            return xs.slice(1).reduce((acc, x) => ctx.g.op(op, [acc, x]), xs[0]);
        }
    };
}

export const ONNX_LAYERS: Record<string, OnnxMapping> = {
    Dense: {
        wants: last,
        carriesMask: always,
        build(ctx) {
            const a = args(ctx.layer);
            let y = ctx.g.op('MatMul', [ctx.inputs[0], ctx.g.constant('kernel', ctx.keras('kernel'))]);
            if (a.bool('use_bias')) y = ctx.g.op('Add', [y, ctx.g.constant('bias', ctx.keras('bias'))]);
            return onnxActivation(ctx.g, a.str('activation'), y);
        }
    },
    Activation: {
        wants: keep,
        carriesMask: always,
        build: ctx => onnxActivation(ctx.g, args(ctx.layer).str('activation'), ctx.inputs[0], ctx.layout === 'first' && ctx.layer.outputShape.length > 1)
    },
    LeakyReLU: { wants: keep, build: ctx => ctx.g.op('LeakyRelu', [ctx.inputs[0]], { alpha: { float: args(ctx.layer).num('alpha') } }) },
    // Inference: dropout passes its input through.
    Dropout: { wants: keep, carriesMask: always, build: ctx => ctx.inputs[0] },
    Flatten: { wants: last, build: ctx => ctx.g.op('Flatten', [ctx.inputs[0]], { axis: 1 }) },
    Reshape: { wants: last, build: ctx => ctx.g.op('Reshape', [ctx.inputs[0], ctx.g.int64('shape', [-1, ...ctx.layer.outputShape])]) },
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
        wants: keep,
        carriesMask: always,
        // Inference folds into one scale and one shift per channel: y = x·γ/√(var+ε) + (β − mean·γ/√(var+ε)).
        build(ctx) {
            const a = args(ctx.layer);
            const rank = ctx.layer.inputShapes[0].length;
            const axis = layoutAxis(sampleAxis(a.num('axis'), rank), rank, ctx.layout);
            const mean = ctx.keras('moving_mean').data;
            const variance = ctx.keras('moving_variance').data;
            const gamma = a.bool('scale') ? ctx.keras('gamma').data : undefined;
            const beta = a.bool('center') ? ctx.keras('beta').data : undefined;
            const n = mean.length;
            const scale = new Float32Array(n);
            const shift = new Float32Array(n);
            for (let i = 0; i < n; i++) {
                const s = (gamma ? gamma[i] : 1) / Math.sqrt(variance[i] + a.num('epsilon'));
                scale[i] = s;
                shift[i] = (beta ? beta[i] : 0) - mean[i] * s;
            }
            const g = ctx.g;
            const scaled = g.op('Mul', [ctx.inputs[0], g.constant('scale', alongAxis({ shape: [n], data: scale }, rank, axis))]);
            return g.op('Add', [scaled, g.constant('shift', alongAxis({ shape: [n], data: shift }, rank, axis))]);
        }
    },
    LayerNormalization: {
        wants: last,
        carriesMask: always,
        build(ctx) {
            const a = args(ctx.layer);
            const g = ctx.g;
            const rank = ctx.layer.inputShapes[0].length;
            const axis = sampleAxis(a.num('axis'), rank);
            const mean = g.op('ReduceMean', [ctx.inputs[0]], { axes: [axis + 1], keepdims: 1 });
            const centred = g.op('Sub', [ctx.inputs[0], mean]);
            const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], { axes: [axis + 1], keepdims: 1 });
            let y = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, g.scalar('epsilon', a.num('epsilon'))])])]);
            if (a.bool('scale')) y = g.op('Mul', [y, g.constant('gamma', alongAxis(ctx.keras('gamma'), rank, axis))]);
            if (a.bool('center')) y = g.op('Add', [y, g.constant('beta', alongAxis(ctx.keras('beta'), rank, axis))]);
            return y;
        }
    },
    SimpleRNN: recurrent('SimpleRNN'),
    LSTM: recurrent('LSTM'),
    GRU: recurrent('GRU'),
    Embedding: {
        wants: last,
        createsMask: (layer, g, input) => (layer.args.mask_zero === true ? g.op('Not', [g.op('Equal', [input, g.scalar('zero', 0)])]) : undefined),
        // tfjs casts the (float) indices to int32, truncating: Cast to int64 does the same.
        build: ctx => ctx.g.op('Gather', [ctx.g.constant('embeddings', ctx.keras('embeddings')), ctx.g.op('Cast', [ctx.inputs[0]], { to: 7 })], { axis: 0 })
    },
    Add: elementwise('Sum', true),
    Multiply: elementwise('Mul', false),
    Average: elementwise('Mean', true),
    Maximum: elementwise('Max', true),
    Minimum: elementwise('Min', true),
    Concatenate: {
        wants: last,
        carriesMask: always,
        build: ctx => ctx.g.op('Concat', ctx.inputs, { axis: sampleAxis(ctx.layer.args.axis as number, ctx.layer.inputShapes[0].length) + 1 })
    }
};
