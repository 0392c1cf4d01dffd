/**
 * THE table from Keras layer classes (tfjs, Keras 2, Keras 3) to .nn statements. A class missing
 * here cannot be imported and is reported by name. Entries read the config through LayerFields,
 * which reports every field that cannot be carried over.
 */
import type { Args, LayerFields } from './values.js';

export interface ImportedStatement {
    /** The catalogue layer kind. */
    type: string;
    /** Keras arguments (snake_case), .nn values. */
    args: Args;
}

/** A statement, or 'skip' for a layer that does nothing at inference (reported as not imported). */
export type ImportMapping = (f: LayerFields) => ImportedStatement | 'skip';

const CHANNELS_LAST = ['channels_last', 'channelsLast'];

function dataFormat(f: LayerFields): void {
    f.expect('data_format', CHANNELS_LAST, '.nn layers are channels-last ([height, width, channels]), as Keras\'s default');
}

function trainingExtras(f: LayerFields, ...prefixes: string[]): void {
    for (const p of prefixes) {
        f.trainingOnly(`${p}_regularizer`, 'the regularizer');
        f.trainingOnly(`${p}_constraint`, 'the constraint');
    }
    f.trainingOnly('activity_regularizer', 'the activity regularizer');
}

function dense(f: LayerFields): ImportedStatement {
    trainingExtras(f, 'kernel', 'bias');
    return {
        type: 'Dense',
        args: {
            units: f.int('units', { min: 1 }),
            activation: f.activation('activation'),
            use_bias: f.bool('use_bias', true),
            kernel_initializer: f.initializer('kernel_initializer', 'glorot_uniform'),
            bias_initializer: f.initializer('bias_initializer', 'zeros')
        }
    };
}

function convolution(rank: 1 | 2): ImportMapping {
    return f => {
        dataFormat(f);
        trainingExtras(f, 'kernel', 'bias');
        f.expect('groups', [1], 'grouped convolutions are not in .nn');
        return {
            type: `Conv${rank}D`,
            args: {
                filters: f.int('filters', { min: 1 }),
                kernel_size: f.tuple('kernel_size', rank),
                strides: f.tuple('strides', rank, Array(rank).fill(1)),
                padding: f.choice('padding', ['valid', 'same'], 'valid', 'only valid and same padding are in .nn'),
                dilation_rate: f.tuple('dilation_rate', rank, Array(rank).fill(1)),
                activation: f.activation('activation'),
                use_bias: f.bool('use_bias', true),
                kernel_initializer: f.initializer('kernel_initializer', 'glorot_uniform'),
                bias_initializer: f.initializer('bias_initializer', 'zeros')
            }
        };
    };
}

const convolutionTranspose: ImportMapping = f => {
    dataFormat(f);
    trainingExtras(f, 'kernel', 'bias');
    f.expect('output_padding', [null], 'output_padding is not in .nn (tfjs has none)');
    f.expect('dilation_rate', [1, [1, 1]], 'a dilated transposed convolution is not in .nn (tfjs has none)');
    f.expect('groups', [1], 'grouped convolutions are not in .nn');
    return {
        type: 'Conv2DTranspose',
        args: {
            filters: f.int('filters', { min: 1 }),
            kernel_size: f.tuple('kernel_size', 2),
            strides: f.tuple('strides', 2, [1, 1]),
            padding: f.choice('padding', ['valid', 'same'], 'valid', 'only valid and same padding are in .nn'),
            activation: f.activation('activation'),
            use_bias: f.bool('use_bias', true),
            kernel_initializer: f.initializer('kernel_initializer', 'glorot_uniform'),
            bias_initializer: f.initializer('bias_initializer', 'zeros')
        }
    };
};

function upSampling(f: LayerFields): ImportedStatement {
    dataFormat(f);
    return {
        type: 'UpSampling2D',
        args: {
            size: f.tuple('size', 2, [2, 2]),
            interpolation: f.choice('interpolation', ['nearest', 'bilinear'], 'nearest', 'only nearest and bilinear interpolation are in .nn (tfjs has no other)')
        }
    };
}

function pooling(kind: 'Max' | 'Average', rank: 1 | 2): ImportMapping {
    return f => {
        dataFormat(f);
        const pool = f.tuple('pool_size', rank, Array(rank).fill(2));
        const strides = f.has('strides') ? f.tuple('strides', rank) : (f.raw('strides'), null);
        return {
            type: `${kind}Pooling${rank}D`,
            args: { pool_size: pool, strides, padding: f.choice('padding', ['valid', 'same'], 'valid') }
        };
    };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2): ImportMapping {
    return f => {
        dataFormat(f);
        f.expect('keepdims', [false], 'a global pooling in .nn drops the pooled axes');
        return { type: `Global${kind}Pooling${rank}D`, args: {} };
    };
}

function recurrent(cell: 'SimpleRNN' | 'LSTM' | 'GRU'): ImportMapping {
    return f => {
        f.expect('return_state', [false], 'a .nn layer has one output');
        f.expect('stateful', [false], 'stateful layers carry state between batches, which .nn does not');
        f.expect('time_major', [false], '.nn sequences are [steps, features] per sample');
        if (cell === 'GRU') {
            f.expect('reset_after', [false], "tfjs's GRU (and so .nn's) applies the reset gate before the recurrent product; Keras's reset_after=True applies it after and has a second bias");
        }
        if (cell === 'LSTM' && f.raw('unit_forget_bias') === false) {
            f.warn('unit_forget_bias', 'false is not imported: .nn\'s LSTM starts its forget-gate bias at 1 (initial values only)');
        }
        trainingExtras(f, 'kernel', 'recurrent', 'bias');
        const args: Args = {
            units: f.int('units', { min: 1 }),
            activation: f.activation('activation', 'tanh')
        };
        if (cell !== 'SimpleRNN') args.recurrent_activation = f.activation('recurrent_activation', 'sigmoid');
        Object.assign(args, {
            use_bias: f.bool('use_bias', true),
            return_sequences: f.bool('return_sequences', false),
            go_backwards: f.bool('go_backwards', false),
            kernel_initializer: f.initializer('kernel_initializer', 'glorot_uniform'),
            recurrent_initializer: f.initializer('recurrent_initializer', 'orthogonal'),
            bias_initializer: f.initializer('bias_initializer', 'zeros'),
            dropout: f.number('dropout', 0),
            recurrent_dropout: f.number('recurrent_dropout', 0)
        });
        return { type: cell, args };
    };
}

function merge(type: string): ImportMapping {
    return () => ({ type, args: {} });
}

/** Layers that are the identity at inference: not imported, said so. */
const inferenceIdentity: ImportMapping = f => {
    f.warn(undefined, `${f.layer.className} is not imported: .nn has no such layer, and it does nothing at inference (it only adds noise or a penalty during training)`);
    for (const key of Object.keys(f.config)) f.raw(key);
    return 'skip';
};

export const IMPORT_LAYERS: Record<string, ImportMapping> = {
    Dense: dense,
    Activation: f => ({ type: 'Activation', args: { activation: f.activation('activation') } }),
    ReLU(f): ImportedStatement {
        const max = f.raw('max_value');
        const slope = f.number('negative_slope', 0);
        const threshold = f.number('threshold', 0);
        if (threshold !== 0) f.error('threshold', 'a thresholded ReLU is not in .nn');
        if (slope > 0) {
            if (max !== null && max !== undefined) f.error('max_value', 'a capped leaky ReLU is not in .nn');
            return { type: 'LeakyReLU', args: { alpha: slope } };
        }
        if (max === null || max === undefined) return { type: 'Activation', args: { activation: 'relu' } };
        if (max === 6) return { type: 'Activation', args: { activation: 'relu6' } };
        f.error('max_value', `ReLU capped at ${String(max)} is not in .nn (relu6 is)`);
        return { type: 'Activation', args: { activation: 'relu' } };
    },
    LeakyReLU(f) {
        // tfjs and Keras 2 call the slope alpha; Keras 3 negative_slope.
        const alpha = f.has('negative_slope') ? f.number('negative_slope', 0.3) : f.number('alpha', 0.3);
        f.raw('alpha');
        f.raw('negative_slope');
        return { type: 'LeakyReLU', args: { alpha } };
    },
    ELU(f) {
        if (f.number('alpha', 1) !== 1) f.error('alpha', 'ELU with alpha ≠ 1 is not in .nn');
        return { type: 'Activation', args: { activation: 'elu' } };
    },
    Softmax(f) {
        f.expect('axis', [-1, [-1]], '.nn\'s softmax is over the last axis');
        return { type: 'Activation', args: { activation: 'softmax' } };
    },
    Dropout(f) {
        f.expect('noise_shape', [null], 'dropout masks shared across axes are not in .nn');
        f.raw('seed');
        return { type: 'Dropout', args: { rate: f.number('rate', 0) } };
    },
    SpatialDropout1D: inferenceIdentity,
    SpatialDropout2D: inferenceIdentity,
    GaussianNoise: inferenceIdentity,
    GaussianDropout: inferenceIdentity,
    AlphaDropout: inferenceIdentity,
    ActivityRegularization: inferenceIdentity,
    Flatten(f) {
        dataFormat(f);
        return { type: 'Flatten', args: {} };
    },
    Reshape(f) {
        const target = f.raw('target_shape');
        if (!Array.isArray(target) || target.length === 0 || !target.every(d => Number.isInteger(d) && (d >= 1 || d === -1))) {
            f.error('target_shape', `expected a list of sizes (one may be -1), found ${JSON.stringify(target)}`);
            return { type: 'Reshape', args: { target_shape: [1] } };
        }
        return { type: 'Reshape', args: { target_shape: target as number[] } };
    },
    Conv1D: convolution(1),
    Conv2D: convolution(2),
    Conv2DTranspose: convolutionTranspose,
    UpSampling2D: upSampling,
    MaxPooling1D: pooling('Max', 1),
    MaxPooling2D: pooling('Max', 2),
    AveragePooling1D: pooling('Average', 1),
    AveragePooling2D: pooling('Average', 2),
    MaxPool1D: pooling('Max', 1),
    MaxPool2D: pooling('Max', 2),
    AvgPool1D: pooling('Average', 1),
    AvgPool2D: pooling('Average', 2),
    GlobalAveragePooling1D: globalPooling('Average', 1),
    GlobalAveragePooling2D: globalPooling('Average', 2),
    GlobalMaxPooling1D: globalPooling('Max', 1),
    GlobalMaxPooling2D: globalPooling('Max', 2),
    GlobalAvgPool1D: globalPooling('Average', 1),
    GlobalAvgPool2D: globalPooling('Average', 2),
    GlobalMaxPool1D: globalPooling('Max', 1),
    GlobalMaxPool2D: globalPooling('Max', 2),
    BatchNormalization(f) {
        f.expect('renorm', [false], 'batch renormalisation is not in .nn');
        f.expect('virtual_batch_size', [null], 'ghost batch normalisation is not in .nn');
        trainingExtras(f, 'beta', 'gamma');
        for (const [field, dflt] of [['beta_initializer', 'zeros'], ['gamma_initializer', 'ones'], ['moving_mean_initializer', 'zeros'], ['moving_variance_initializer', 'ones']] as const) {
            if (f.has(field) && f.initializer(field, dflt) !== dflt) f.warn(field, `is not imported: .nn starts it at ${dflt} (initial values only)`);
            f.raw(field);
        }
        return {
            type: 'BatchNormalization',
            args: {
                axis: f.axis('axis', -1),
                momentum: f.number('momentum', 0.99),
                epsilon: f.number('epsilon', 0.001),
                center: f.bool('center', true),
                scale: f.bool('scale', true)
            }
        };
    },
    LayerNormalization(f) {
        f.expect('rms_scaling', [false], 'RMS normalisation is not in .nn');
        trainingExtras(f, 'beta', 'gamma');
        for (const [field, dflt] of [['beta_initializer', 'zeros'], ['gamma_initializer', 'ones']] as const) {
            if (f.has(field) && f.initializer(field, dflt) !== dflt) f.warn(field, `is not imported: .nn starts it at ${dflt} (initial values only)`);
            f.raw(field);
        }
        return {
            type: 'LayerNormalization',
            args: { axis: f.axis('axis', -1), epsilon: f.number('epsilon', 0.001), center: f.bool('center', true), scale: f.bool('scale', true) }
        };
    },
    SimpleRNN: recurrent('SimpleRNN'),
    LSTM: recurrent('LSTM'),
    GRU: recurrent('GRU'),
    Embedding(f) {
        f.trainingOnly('embeddings_regularizer', 'the regularizer');
        f.trainingOnly('embeddings_constraint', 'the constraint');
        f.trainingOnly('activity_regularizer', 'the activity regularizer');
        f.raw('input_length');
        return {
            type: 'Embedding',
            args: {
                input_dim: f.int('input_dim', { min: 1 }),
                output_dim: f.int('output_dim', { min: 1 }),
                embeddings_initializer: f.initializer('embeddings_initializer', 'random_uniform'),
                mask_zero: f.bool('mask_zero', false)
            }
        };
    },
    Add: merge('Add'),
    Multiply: merge('Multiply'),
    Average: merge('Average'),
    Maximum: merge('Maximum'),
    Minimum: merge('Minimum'),
    Concatenate: f => ({ type: 'Concatenate', args: { axis: f.axis('axis', -1) } })
};

/** Config fields that say nothing the .nn statement would need to carry (per Keras's defaults). */
export const HARMLESS_FIELDS: Record<string, unknown[]> = {
    implementation: [],
    unroll: [],
    input_length: [],
    input_dim: [],
    sparse: [false],
    ragged: [false],
    seed: [],
    synchronized: [false],
    fused: [],
    renorm_clipping: [],
    renorm_momentum: [],
    adjustment: [],
    lora_rank: [],
    lora_alpha: [],
    use_cudnn: [],
    zero_output_for_mask: [],
    autocast: [],
    registered_name: [],
    module: [],
    quantization_config: [],
    data_format: []
};
