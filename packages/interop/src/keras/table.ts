/**
 * THE table from catalogue layer kinds to Keras 3 layers: one entry per kind (test/coverage.test.ts
 * fails for a kind the catalogue gains until it is mapped). Each gives the Keras class and the
 * constructor arguments that differ from Keras 3's defaults.
 */
import { findLayer, type ArgValue, type LayerDescription } from '@nn-lang/language';
import { pyBool, pyNumber, pyString, pyTuple } from '../python/literals.js';

export interface KerasCall {
    className: string;
    /** Python source of each argument: positional ones first (no name), then keywords. */
    positional: string[];
    keywords: [string, string][];
}

/** Activations Keras 3 spells as .nn does; hard_sigmoid differs (Keras 3's is relu6(x+3)/6). */
export const KERAS_ACTIVATIONS: Record<string, string> = {
    linear: '"linear"',
    relu: '"relu"',
    sigmoid: '"sigmoid"',
    tanh: '"tanh"',
    softmax: '"softmax"',
    leaky_relu: '"leaky_relu"',
    elu: '"elu"',
    selu: '"selu"',
    softplus: '"softplus"',
    softsign: '"softsign"',
    relu6: '"relu6"',
    swish: '"swish"',
    gelu: '"gelu"',
    hard_sigmoid: 'keras2_hard_sigmoid'
};

function literal(spec: string, value: ArgValue): string {
    if (spec === 'activation' || spec === 'recurrent_activation') {
        const text = KERAS_ACTIVATIONS[value as string];
        if (!text) throw new Error(`no Keras form for the activation ${String(value)}`);
        return text;
    }
    if (Array.isArray(value)) return pyTuple(value as number[]);
    if (typeof value === 'boolean') return pyBool(value);
    if (typeof value === 'number') return pyNumber(value);
    if (value === null) return 'None';
    return pyString(value);
}

/** Keyword arguments of `layer` whose values differ from the catalogue's (= Keras's) defaults. */
function nonDefault(layer: LayerDescription, skip: string[] = []): [string, string][] {
    const kind = findLayer(layer.type);
    if (!kind) throw new Error(`the catalogue has no layer ${layer.type}`);
    const out: [string, string][] = [];
    for (const spec of kind.args) {
        if (skip.includes(spec.name)) continue;
        const value = layer.args[spec.name];
        if (value === undefined || JSON.stringify(value) === JSON.stringify(spec.default) || (spec.default === null && value === null)) continue;
        out.push([spec.name, literal(spec.name, value)]);
    }
    return out;
}

/** Required arguments positionally (Keras order), the rest as keywords when not the default. */
function standard(className?: string, options: { always?: [string, string][] } = {}) {
    return (layer: LayerDescription): KerasCall => {
        const kind = findLayer(layer.type)!;
        const required = kind.args.filter(a => a.required && a.positional).map(a => a.name);
        return {
            className: className ?? layer.type,
            positional: required.map(name => literal(name, layer.args[name])),
            keywords: [...nonDefault(layer, required), ...(options.always ?? [])]
        };
    };
}

export const KERAS_LAYERS: Record<string, (layer: LayerDescription) => KerasCall> = {
    Dense: standard(),
    Activation: standard(),
    LeakyReLU: layer => ({
        className: 'LeakyReLU',
        positional: [],
        // Keras 3 renamed alpha to negative_slope (same default, 0.3).
        keywords: layer.args.alpha === 0.3 ? [] : [['negative_slope', pyNumber(layer.args.alpha as number)]]
    }),
    Dropout: standard(),
    Flatten: standard(),
    Reshape: layer => ({ className: 'Reshape', positional: [pyTuple(layer.outputShape)], keywords: [] }),
    Conv1D: standard(),
    Conv2D: standard(),
    Conv2DTranspose: standard(),
    // Keras 3's bilinear samples at half-pixel centres, tfjs's (and so .nn's) does not: the
    // values near the edges differ slightly; nearest is the same.
    UpSampling2D: standard(),
    MaxPooling1D: standard(),
    MaxPooling2D: standard(),
    AveragePooling1D: standard(),
    AveragePooling2D: standard(),
    GlobalAveragePooling1D: standard(),
    GlobalAveragePooling2D: standard(),
    GlobalMaxPooling1D: standard(),
    GlobalMaxPooling2D: standard(),
    BatchNormalization: standard(),
    LayerNormalization: standard(),
    SimpleRNN: standard(),
    LSTM: standard(),
    // tfjs's GRU (and so .nn's) resets before the recurrent product; Keras 3 defaults to after.
    GRU: standard(undefined, { always: [['reset_after', 'False']] }),
    Embedding: standard(),
    Add: standard(),
    Multiply: standard(),
    Average: standard(),
    Maximum: standard(),
    Minimum: standard(),
    Concatenate: standard()
};
