/**
 * Keras losses and metrics on tfjs tensors. Predictions are probabilities (Keras's default
 * `from_logits=False`): a softmax / sigmoid output layer, as the language's checker asks for.
 * One implementation per loss and metric of the language's catalogue (a missing one does not compile).
 */
import { isLossName, isMetricName, LOSSES, METRICS, type LossKind, type LossName, type MetricName } from '@nn-lang/language/catalogue';
import type * as tfjs from '@tensorflow/tfjs';
import { TrainingError } from './errors.js';
import type { TargetEncoding } from './targets.js';
import type { TF } from './types.js';

/** Keras's `backend.epsilon()`: keeps log() away from 0 and 1. */
const EPSILON = 1e-7;

export type LossFn = (yTrue: tfjs.Tensor, yPred: tfjs.Tensor) => tfjs.Scalar;

/** A loss name of the catalogue, or a clear refusal. */
export function canonicalLoss(name: string): LossName {
    if (!isLossName(name)) {
        throw new TrainingError('bad-settings', `unknown loss '${name}'. Known: ${LOSSES.map(l => l.name).join(', ')}.`);
    }
    return name;
}

/** The catalogue's loss entry: its kind says how labels become targets. */
export function lossSpec(name: string): { name: LossName; kind: LossKind } {
    const canonical = canonicalLoss(name);
    return { name: canonical, kind: LOSSES.find(l => l.name === canonical)!.kind };
}

const LOSS_FUNCTIONS: Record<LossName, (tf: TF, enc: TargetEncoding) => LossFn> = {
    mse: tf => (y, p) => tf.mean(tf.squaredDifference(p, y)) as tfjs.Scalar,
    mae: tf => (y, p) => tf.mean(tf.abs(tf.sub(p, y))) as tfjs.Scalar,
    binary_crossentropy: tf => (y, p) =>
        tf.tidy(() => {
            const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
            const ll = tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
            return tf.neg(tf.mean(ll)) as tfjs.Scalar;
        }),
    categorical_crossentropy: tf => (y, p) => categorical(tf, y, p),
    // tf.losses has no sparse variant: expand the indices in the graph (no gradient flows to labels).
    sparse_categorical_crossentropy: (tf, enc) => (y, p) => tf.tidy(() => categorical(tf, tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), enc.outputUnits).toFloat(), p))
};

/** Mean over the batch of the per-sample loss, as Keras reports it. */
export function lossFunction(tf: TF, name: string, enc: TargetEncoding): LossFn {
    return LOSS_FUNCTIONS[canonicalLoss(name)](tf, enc);
}

function categorical(tf: TF, y: tfjs.Tensor, p: tfjs.Tensor): tfjs.Scalar {
    return tf.tidy(() => {
        // Keras renormalises so that a non-softmax output still reads as a distribution.
        const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPSILON, 1 - EPSILON);
        return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(q)), -1))) as tfjs.Scalar;
    });
}

export type MetricFn = (yTrue: tfjs.Tensor, yPred: tfjs.Tensor) => tfjs.Scalar;

export interface Metric {
    /** The key in logs: the name as the user wrote it. */
    name: string;
    fn: MetricFn;
}

const METRIC_FUNCTIONS: Record<MetricName, (tf: TF, enc: TargetEncoding) => MetricFn> = {
    accuracy: (tf, enc) => accuracyFunction(tf, enc),
    mse: (tf, enc) => (y, p) => tf.mean(tf.squaredDifference(p, asValues(tf, y, enc))) as tfjs.Scalar,
    mae: (tf, enc) => (y, p) => tf.mean(tf.abs(tf.sub(p, asValues(tf, y, enc)))) as tfjs.Scalar
};

export function metricFunctions(tf: TF, names: string[], enc: TargetEncoding): Metric[] {
    return names.map(name => {
        if (!isMetricName(name)) {
            throw new TrainingError('bad-settings', `unknown metric '${name}'. Known: ${METRICS.map(m => m.name).join(', ')}.`);
        }
        return { name, fn: METRIC_FUNCTIONS[name](tf, enc) };
    });
}

/** Keras's `accuracy` shortcut: binary for a single sigmoid unit, categorical otherwise. */
export function accuracyFunction(tf: TF, enc: TargetEncoding): MetricFn {
    return enc.outputUnits === 1 ? binaryAccuracy(tf) : categoricalAccuracy(tf, enc);
}

function binaryAccuracy(tf: TF): MetricFn {
    return (y, p) => tf.tidy(() => tf.mean(tf.equal(tf.greater(p, 0.5), tf.greater(y, 0.5)).toFloat()) as tfjs.Scalar);
}

function categoricalAccuracy(tf: TF, enc: TargetEncoding): MetricFn {
    return (y, p) =>
        tf.tidy(() => {
            const truth = enc.kind === 'sparse' ? tf.cast(tf.reshape(y, [-1]), 'int32') : tf.argMax(y, -1);
            return tf.mean(tf.equal(tf.argMax(p, -1), truth).toFloat()) as tfjs.Scalar;
        });
}

/** Regression metrics on a classifier compare against the one-hot targets, as Keras would. */
function asValues(tf: TF, y: tfjs.Tensor, enc: TargetEncoding): tfjs.Tensor {
    return enc.kind === 'sparse' ? tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), enc.outputUnits).toFloat() : y;
}
