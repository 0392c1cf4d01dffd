/**
 * Keras optimizers (names, defaults, arguments) on tfjs optimizers.
 */
import { optimizerSlots, type OptimizerSpec } from '@nn-lang/language/catalogue';
import type * as tfjs from '@tensorflow/tfjs';
import { TrainingError } from './errors.js';
import type { TF } from './types.js';

/** Keras 2 defaults; tfjs's differ (its Adagrad and RMSprop take other defaults or none). */
export const KERAS_DEFAULTS = {
    sgd: { learning_rate: 0.01, momentum: 0, nesterov: false },
    rmsprop: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    adam: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
    adagrad: { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 }
} as const;

const CLIPPING = ['clipnorm', 'clipvalue', 'global_clipnorm'];

export interface OptimizerSetup {
    optimizer: tfjs.Optimizer;
    /** Per-parameter state tfjs keeps (momentum, moments, accumulators): for the memory estimate. */
    slotsPerParam: number;
    /** Applies Keras's `clipnorm` / `clipvalue` / `global_clipnorm` to a gradient map (returns new tensors). */
    clip?: (tf: TF, grads: tfjs.NamedTensorMap) => tfjs.NamedTensorMap;
    /** The resolved settings, for metrics.json. */
    settings: Record<string, number | boolean | string>;
}

function arg<T extends number | boolean>(spec: OptimizerSpec, key: string, fallback: T): T {
    const v = spec.args[key];
    if (v === undefined) return fallback;
    if (typeof v !== typeof fallback) {
        throw new TrainingError('bad-settings', `optimizer ${spec.name}: ${key} must be a ${typeof fallback}, not ${JSON.stringify(v)}.`);
    }
    return v as T;
}

/** Slot counts without building anything: the catalogue's rule, which the memory estimate uses too. */
export { optimizerSlots };

export function createOptimizer(tf: TF, spec: OptimizerSpec): OptimizerSetup {
    const defaults = KERAS_DEFAULTS[spec.name as keyof typeof KERAS_DEFAULTS];
    if (!defaults) {
        throw new TrainingError('bad-settings', `unknown optimizer '${spec.name}'. Known: ${Object.keys(KERAS_DEFAULTS).join(', ')}.`);
    }
    for (const key of Object.keys(spec.args)) {
        if (!(key in defaults) && !CLIPPING.includes(key)) {
            throw new TrainingError('bad-settings', `optimizer ${spec.name} has no argument '${key}' the trainer supports (known: ${[...Object.keys(defaults).filter(k => k !== 'learning_rate'), ...CLIPPING].join(', ')}).`);
        }
    }
    // An absent learning rate means Keras's default for this optimizer; a given one must be usable.
    const lr = spec.learningRate === undefined || spec.learningRate === null ? defaults.learning_rate : spec.learningRate;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
        throw new TrainingError('bad-settings', `the learning rate must be a positive number, not ${JSON.stringify(spec.learningRate)}.`);
    }
    const settings: Record<string, number | boolean | string> = { name: spec.name, learning_rate: lr };
    let optimizer: tfjs.Optimizer;
    switch (spec.name) {
        case 'sgd': {
            const momentum = arg(spec, 'momentum', 0);
            const nesterov = arg(spec, 'nesterov', false);
            if (momentum < 0) throw new TrainingError('bad-settings', `SGD momentum must be ≥ 0, not ${momentum}.`);
            optimizer = momentum > 0 || nesterov ? tf.train.momentum(lr, momentum, nesterov) : tf.train.sgd(lr);
            Object.assign(settings, { momentum, nesterov });
            break;
        }
        case 'rmsprop': {
            const rho = arg(spec, 'rho', 0.9);
            const momentum = arg(spec, 'momentum', 0);
            const epsilon = arg(spec, 'epsilon', 1e-7);
            const centered = arg(spec, 'centered', false);
            optimizer = tf.train.rmsprop(lr, rho, momentum, epsilon, centered);
            Object.assign(settings, { rho, momentum, epsilon, centered });
            break;
        }
        case 'adam': {
            const beta1 = arg(spec, 'beta_1', 0.9);
            const beta2 = arg(spec, 'beta_2', 0.999);
            const epsilon = arg(spec, 'epsilon', 1e-7);
            if (arg(spec, 'amsgrad', false)) {
                throw new TrainingError('bad-settings', 'Adam(amsgrad=true) is not available in TensorFlow.js; remove amsgrad.');
            }
            optimizer = tf.train.adam(lr, beta1, beta2, epsilon);
            Object.assign(settings, { beta_1: beta1, beta_2: beta2, epsilon });
            break;
        }
        case 'adagrad': {
            const initial = arg(spec, 'initial_accumulator_value', 0.1);
            const epsilon = arg(spec, 'epsilon', 1e-7);
            if (epsilon !== 1e-7) {
                throw new TrainingError('bad-settings', 'TensorFlow.js\'s Adagrad has a fixed epsilon of 1e-7; remove epsilon.');
            }
            optimizer = tf.train.adagrad(lr, initial);
            Object.assign(settings, { initial_accumulator_value: initial, epsilon });
            break;
        }
        default:
            throw new TrainingError('bad-settings', `unknown optimizer '${spec.name}'.`);
    }
    const clipnorm = spec.args.clipnorm as number | undefined;
    const clipvalue = spec.args.clipvalue as number | undefined;
    const globalClipnorm = spec.args.global_clipnorm as number | undefined;
    for (const [key, v] of [['clipnorm', clipnorm], ['clipvalue', clipvalue], ['global_clipnorm', globalClipnorm]] as const) {
        if (v !== undefined) {
            if (typeof v !== 'number' || !(v > 0)) throw new TrainingError('bad-settings', `${key} must be a positive number, not ${JSON.stringify(v)}.`);
            settings[key] = v;
        }
    }
    const clip = clipnorm || clipvalue || globalClipnorm ? makeClip(clipnorm, clipvalue, globalClipnorm) : undefined;
    return { optimizer, slotsPerParam: optimizerSlots(spec), clip, settings };
}

function makeClip(clipnorm?: number, clipvalue?: number, globalClipnorm?: number) {
    return (tf: TF, grads: tfjs.NamedTensorMap): tfjs.NamedTensorMap =>
        tf.tidy(() => {
            const out: tfjs.NamedTensorMap = {};
            let scale: tfjs.Scalar | undefined;
            if (globalClipnorm) {
                const sq = Object.values(grads).map(g => tf.sum(tf.square(g)));
                const norm = tf.sqrt(tf.addN(sq));
                scale = tf.div(globalClipnorm, tf.maximum(norm, globalClipnorm)) as tfjs.Scalar;
            }
            for (const [name, g0] of Object.entries(grads)) {
                let g = g0;
                if (scale) g = tf.mul(g, scale);
                if (clipnorm) {
                    const norm = tf.norm(g);
                    g = tf.mul(g, tf.div(clipnorm, tf.maximum(norm, clipnorm)));
                }
                if (clipvalue) g = tf.clipByValue(g, -clipvalue, clipvalue);
                out[name] = g;
            }
            return out;
        });
}
