/**
 * A second opinion on a `.nn` text: our parser gives the syntax tree, and from there each
 * statement is mapped to tfjs layer configs by rules written here from the Keras / tfjs
 * documentation — NOT by the catalogue's `tfjs()` builders, and with no shape inference of ours.
 * tfjs then decides whether the model builds and runs.
 */
import type { Shape, TfjsLayerSpec } from '../../src/description.js';
import { isInputDecl, isLayer, isModel, isBoolValue, isListValue, isNameValue, isNumberValue, isStringValue, type Document, type Layer, type Model, type Value } from '../../src/generated/ast.js';
import { Nn } from '../helpers.js';
import { buildGraph, GraphError, type ReferenceModel, tf } from './tfjs-reference.js';

/** Keras positional order of each layer's arguments (merge layers take labels instead). */
const KERAS_POSITIONAL: Record<string, string[]> = {
    Dense: ['units', 'activation', 'use_bias'],
    Activation: ['activation'],
    LeakyReLU: ['alpha'],
    Dropout: ['rate'],
    Flatten: [],
    Reshape: ['target_shape'],
    Conv1D: ['filters', 'kernel_size', 'strides', 'padding'],
    Conv2D: ['filters', 'kernel_size', 'strides', 'padding'],
    Conv2DTranspose: ['filters', 'kernel_size', 'strides', 'padding'],
    UpSampling2D: ['size', 'data_format', 'interpolation'],
    MaxPooling1D: ['pool_size', 'strides', 'padding'],
    MaxPooling2D: ['pool_size', 'strides', 'padding'],
    AveragePooling1D: ['pool_size', 'strides', 'padding'],
    AveragePooling2D: ['pool_size', 'strides', 'padding'],
    GlobalAveragePooling1D: [],
    GlobalAveragePooling2D: [],
    GlobalMaxPooling1D: [],
    GlobalMaxPooling2D: [],
    BatchNormalization: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
    LayerNormalization: ['axis', 'epsilon', 'center', 'scale'],
    SimpleRNN: ['units', 'activation', 'use_bias'],
    LSTM: ['units', 'activation', 'recurrent_activation', 'use_bias'],
    GRU: ['units', 'activation', 'recurrent_activation', 'use_bias'],
    Embedding: ['input_dim', 'output_dim']
};
const MERGES = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate']);
/** Layers whose `activation` tfjs applies inside; an activation tfjs cannot name becomes a layer after them. */
const SPLITTABLE_ACTIVATION = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv2DTranspose']);
/** Keras turns an integer into a pair for these (normalize_tuple); tfjs's UpSampling2D reads a pair only. */
const PAIR_ARGUMENTS: Record<string, string[]> = { UpSampling2D: ['size'] };
/**
 * Keras 2 defaults that tfjs 4.22 does not share (tfjs initialises kernels with glorotNormal, gates
 * LSTM/GRU with hardSigmoid, and starts LSTMs without the forget-gate bias of 1). The spec follows
 * Keras, so the second opinion does too.
 */
const KERAS_DEFAULTS: Record<string, Record<string, unknown>> = {
    Dense: { kernelInitializer: 'glorotUniform' },
    Conv1D: { kernelInitializer: 'glorotUniform' },
    Conv2D: { kernelInitializer: 'glorotUniform' },
    Conv2DTranspose: { kernelInitializer: 'glorotUniform' },
    SimpleRNN: { kernelInitializer: 'glorotUniform' },
    GRU: { kernelInitializer: 'glorotUniform', recurrentActivation: 'sigmoid' },
    LSTM: { kernelInitializer: 'glorotUniform', recurrentActivation: 'sigmoid', unitForgetBias: true },
    // tfjs leaves maskZero undefined (falsy); Keras's default is an explicit False.
    Embedding: { maskZero: false }
};
/** Keras 3's leaky_relu activation function uses a negative slope of 0.2. */
const LEAKY_RELU_SLOPE = 0.2;

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function tfjsActivation(name: string): string {
    return camel(name);
}

function tfjsInitializer(name: string): string {
    // tfjs spells LeCun with a capital C.
    return name.startsWith('lecun_') ? camel(name).replace(/^lecun/, 'leCun') : camel(name);
}

function plain(value: Value): unknown {
    if (isNumberValue(value)) return Number(value.value);
    // Langium's value converter has already unquoted STRING tokens.
    if (isStringValue(value)) return value.value;
    if (isBoolValue(value)) return value.value === 'true';
    if (isListValue(value)) return value.items.map(plain);
    if (isNameValue(value)) return value.ref.$refText;
    throw new Error(`text-to-tfjs: unsupported value ${value.$type}`);
}

export class MappingError extends Error {}

/** Keras's static rule for Reshape: -1 becomes what the known input size leaves (tfjs 4.22 defers it to run time). */
function resolveTarget(target: number[], feed: tf.SymbolicTensor): number[] {
    const dims = feed.shape.slice(1);
    if (!target.includes(-1) || dims.some(d => d === null || d < 0)) return target;
    const total = (dims as number[]).reduce((a, b) => a * b, 1);
    const known = target.filter(d => d !== -1).reduce((a, b) => a * b, 1);
    if (known <= 0 || total % known !== 0) return target;
    return target.map(d => (d === -1 ? total / known : d));
}

interface MappedStatement {
    inputs: number[];
    layers(feeds: tf.SymbolicTensor[]): TfjsLayerSpec[];
}

function mapLayer(node: Layer, labels: Map<string, number>, previous: number): MappedStatement {
    const kind = node.type;
    const config: Record<string, unknown> = { ...KERAS_DEFAULTS[kind] };
    const inputs = [previous];
    const order = KERAS_POSITIONAL[kind];
    if (!order && !MERGES.has(kind)) throw new MappingError(`text-to-tfjs has no mapping for layer ${kind}`);
    let position = 0;
    for (const arg of node.args) {
        if (!arg.name && MERGES.has(kind)) {
            const label = isNameValue(arg.value) ? labels.get(arg.value.ref.$refText) : undefined;
            if (label === undefined) throw new MappingError(`text-to-tfjs: ${kind} names an unknown label`);
            inputs.push(label);
            continue;
        }
        const key = arg.name ?? order?.[position++];
        if (!key) throw new MappingError(`text-to-tfjs: too many positional arguments for ${kind}`);
        let value = plain(arg.value);
        if (key.endsWith('activation')) value = tfjsActivation(String(value));
        if (key.endsWith('initializer')) value = tfjsInitializer(String(value));
        if (PAIR_ARGUMENTS[kind]?.includes(key) && typeof value === 'number') value = [value, value];
        config[camel(key)] = value;
    }

    return {
        inputs,
        layers(feeds) {
            if (kind === 'Activation' && config.activation === 'leakyRelu') {
                return [{ className: 'LeakyReLU', config: { alpha: LEAKY_RELU_SLOPE } }];
            }
            if (SPLITTABLE_ACTIVATION.has(kind) && config.activation === 'leakyRelu') {
                return [
                    { className: kind, config: { ...config, activation: 'linear' } },
                    { className: 'LeakyReLU', config: { alpha: LEAKY_RELU_SLOPE } }
                ];
            }
            const fromFront = typeof config.axis === 'number' ? feeds[0].shape.length + config.axis : 0;
            if (kind === 'Concatenate' && (config.axis as number) < -1 && fromFront >= 1) {
                // tfjs 4.22 concatenates along the last axis at run time for any negative axis:
                // count Keras's axis from the front of the batched input instead (an axis that
                // reaches the batch or beyond is passed as written, for tfjs to judge).
                return [{ className: kind, config: { ...config, axis: fromFront } }];
            }
            if (kind === 'Reshape' && Array.isArray(config.targetShape)) {
                return [{ className: kind, config: { ...config, targetShape: resolveTarget(config.targetShape as number[], feeds[0]) } }];
            }
            return [{ className: kind, config }];
        }
    };
}

export type TfjsVerdict =
    | { ok: true; model: ReferenceModel }
    | { ok: false; stage: 'build' | 'dimension' | 'predict'; reason: string };

const positiveInteger = (d: number | null) => typeof d === 'number' && Number.isInteger(d) && d > 0;

/** Maps one model block to tfjs and asks tfjs to build it and run a batch of two zero samples. */
export function tfjsVerdict(model: Model): TfjsVerdict {
    const first = model.statements[0];
    if (!isInputDecl(first)) throw new MappingError(`text-to-tfjs: model ${model.name} does not start with input`);
    const input = plain(first.shape) as Shape;
    const labels = new Map<string, number>();
    const statements: MappedStatement[] = [];
    for (const statement of model.statements.slice(1)) {
        if (!isLayer(statement)) throw new MappingError('text-to-tfjs: a second input');
        statements.push(mapLayer(statement, labels, statements.length - 1));
        if (statement.name) labels.set(statement.name, statements.length - 1);
    }
    let built: ReferenceModel;
    try {
        built = buildGraph(input, statements);
    } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        return { ok: false, stage: error.stage, reason: error.message.split('\n')[0] };
    }
    for (const [i, layer] of built.layers.entries()) {
        for (const [k, shape] of layer.layerShapes.entries()) {
            const name = `statement ${i + 1} (${layer.classNames[k]})`;
            if (!shape.every(positiveInteger)) {
                return { ok: false, stage: 'dimension', reason: `${name} has output shape [${shape.join(', ')}]` };
            }
            // A layer whose real output differs from the shape it declares was not built as asked.
            const ran = layer.runtimeShapes[k];
            if (ran.length !== shape.length + 1 || shape.some((d, j) => d !== ran[j + 1])) {
                return { ok: false, stage: 'predict', reason: `${name} says [${shape.join(', ')}] but predict gave [${ran.slice(1).join(', ')}]` };
            }
        }
    }
    const expected = [2, ...built.outputShape];
    if (built.predicted.length !== expected.length || built.predicted.some((d, i) => d !== expected[i])) {
        return { ok: false, stage: 'predict', reason: `predict gave [${built.predicted.join(', ')}] but the model says [${expected.map(d => d ?? 'null').join(', ')}]` };
    }
    return { ok: true, model: built };
}

/** Parses text with our parser (no checking) and judges every model block with tfjs. */
export function tfjsVerdictsForText(text: string): { name: string; verdict: TfjsVerdict }[] {
    const result = Nn.parser.LangiumParser.parse<Document>(text);
    if (result.parserErrors.length || result.lexerErrors.length) throw new MappingError('text-to-tfjs: the text does not parse');
    return result.value.blocks.filter(isModel).map(model => ({ name: model.name, verdict: tfjsVerdict(model) }));
}
