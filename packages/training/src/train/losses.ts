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

/**
 * A loss on plain arrays, for backends whose memory the trainer reads in place (cpu, wasm): the
 * batch's mean loss and its gradient with respect to the predictions, the same arithmetic as the
 * tfjs form above (clipping, Keras's renormalisation, and where clipping blocks the gradient).
 * `labels` as the batch holds them: class indices for sparse and one-hot encodings, values
 * otherwise. One kernel-free op instead of ten forward and fifteen backward kernels a batch.
 */
export interface ArrayLoss {
    value(labels: ArrayLike<number>, preds: ArrayLike<number>, n: number): number;
    gradient(labels: ArrayLike<number>, preds: ArrayLike<number>, n: number, out: Float32Array): void;
}

const CLIP_LOW = Math.fround(EPSILON);
const CLIP_HIGH = Math.fround(1 - EPSILON);
const clip = (v: number): number => (v < CLIP_LOW ? CLIP_LOW : v > CLIP_HIGH ? CLIP_HIGH : v);
/** tfjs's clipByValue passes the gradient only where the input lies inside the range. */
const passes = (v: number): boolean => v >= CLIP_LOW && v <= CLIP_HIGH;

export function arrayLoss(name: string, enc: TargetEncoding): ArrayLoss | undefined {
    const k = enc.outputUnits;
    // Targets per sample as the tfjs form sees them: values shaped like the outputs, or one-hot rows.
    const perSample = enc.kind === 'value' ? enc.labelSize : k;
    const target = (y: ArrayLike<number>, r: number, j: number): number => (enc.kind === 'value' ? y[r * perSample + j] : y[r] === j ? 1 : 0);
    switch (canonicalLoss(name)) {
        case 'mse':
        case 'mae': {
            if (enc.kind === 'sparse') return undefined;
            const squared = canonicalLoss(name) === 'mse';
            return {
                value(y, p, n) {
                    let sum = 0;
                    for (let r = 0; r < n; r++) {
                        for (let j = 0; j < perSample; j++) {
                            const d = p[r * perSample + j] - target(y, r, j);
                            sum += squared ? d * d : Math.abs(d);
                        }
                    }
                    return sum / (n * perSample);
                },
                gradient(y, p, n, out) {
                    const scale = 1 / (n * perSample);
                    for (let r = 0; r < n; r++) {
                        for (let j = 0; j < perSample; j++) {
                            const d = p[r * perSample + j] - target(y, r, j);
                            // tfjs's |x| gradient is step(x, −1): −1 at 0, like every x ≤ 0.
                            out[r * perSample + j] = squared ? 2 * d * scale : (d > 0 ? scale : -scale);
                        }
                    }
                }
            };
        }
        case 'binary_crossentropy': {
            if (enc.kind === 'sparse') return undefined;
            return {
                value(y, p, n) {
                    let sum = 0;
                    for (let r = 0; r < n; r++) {
                        for (let j = 0; j < perSample; j++) {
                            const q = clip(p[r * perSample + j]);
                            const t = target(y, r, j);
                            sum += t * Math.log(q) + (1 - t) * Math.log(1 - q);
                        }
                    }
                    return -sum / (n * perSample);
                },
                gradient(y, p, n, out) {
                    const scale = 1 / (n * perSample);
                    for (let r = 0; r < n; r++) {
                        for (let j = 0; j < perSample; j++) {
                            const i = r * perSample + j;
                            const q = clip(p[i]);
                            const t = target(y, r, j);
                            out[i] = passes(p[i]) ? -(t / q - (1 - t) / (1 - q)) * scale : 0;
                        }
                    }
                }
            };
        }
        case 'categorical_crossentropy':
        case 'sparse_categorical_crossentropy': {
            if (enc.kind === 'value' && perSample !== k) return undefined;
            return {
                value(y, p, n) {
                    let sum = 0;
                    for (let r = 0; r < n; r++) {
                        let s = 0;
                        for (let j = 0; j < k; j++) s += p[r * k + j];
                        for (let j = 0; j < k; j++) {
                            const t = target(y, r, j);
                            if (t !== 0) sum += t * Math.log(clip(p[r * k + j] / s));
                        }
                    }
                    return -sum / n;
                },
                gradient(y, p, n, out) {
                    // q = clip(p / s), s = Σp: dL/dp_m = (g_m − Σ_j g_j·p_j/s) / s with g_j = −t_j/q_j where the clip passes.
                    for (let r = 0; r < n; r++) {
                        const o = r * k;
                        let s = 0;
                        for (let j = 0; j < k; j++) s += p[o + j];
                        let dot = 0;
                        for (let j = 0; j < k; j++) {
                            const t = target(y, r, j);
                            const ratio = Math.fround(p[o + j] / s);
                            const g = t !== 0 && passes(ratio) ? -t / clip(ratio) : 0;
                            out[o + j] = g;
                            dot += (g * p[o + j]) / s;
                        }
                        for (let j = 0; j < k; j++) out[o + j] = (out[o + j] - dot) / s / n;
                    }
                }
            };
        }
    }
}

export type MetricFn = (yTrue: tfjs.Tensor, yPred: tfjs.Tensor) => tfjs.Scalar;

/**
 * The same metric on plain arrays: `labels` as the batch holds them (class indices for sparse and
 * one-hot encodings, values otherwise), `preds` the model's outputs, `n` samples. Lets the trainer
 * score a batch from memory it can read directly (cpu, wasm) without running tfjs kernels.
 */
export type ArrayMetricFn = (labels: ArrayLike<number>, preds: ArrayLike<number>, n: number) => number;

export interface Metric {
    /** The key in logs: the name as the user wrote it. */
    name: string;
    fn: MetricFn;
    onArrays?: ArrayMetricFn;
}

const METRIC_FUNCTIONS: Record<MetricName, (tf: TF, enc: TargetEncoding) => Omit<Metric, 'name'>> = {
    accuracy: (tf, enc) => ({ fn: accuracyFunction(tf, enc), onArrays: enc.outputUnits === 1 ? binaryAccuracyOnArrays(enc) : categoricalAccuracyOnArrays(enc) }),
    mse: (tf, enc) => ({ fn: (y, p) => tf.mean(tf.squaredDifference(p, asValues(tf, y, enc))) as tfjs.Scalar, onArrays: meanError(enc, d => d * d) }),
    mae: (tf, enc) => ({ fn: (y, p) => tf.mean(tf.abs(tf.sub(p, asValues(tf, y, enc)))) as tfjs.Scalar, onArrays: meanError(enc, Math.abs) })
};

export function metricFunctions(tf: TF, names: string[], enc: TargetEncoding): Metric[] {
    return names.map(name => {
        if (!isMetricName(name)) {
            throw new TrainingError('bad-settings', `unknown metric '${name}'. Known: ${METRICS.map(m => m.name).join(', ')}.`);
        }
        return { name, ...METRIC_FUNCTIONS[name](tf, enc) };
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

/** `binaryAccuracy` on arrays, where the labels are values shaped like the outputs. */
function binaryAccuracyOnArrays(enc: TargetEncoding): ArrayMetricFn | undefined {
    if (enc.kind !== 'value') return undefined;
    return (y, p, n) => {
        const count = n * enc.labelSize;
        let hits = 0;
        for (let i = 0; i < count; i++) if (p[i] > 0.5 === y[i] > 0.5) hits++;
        return hits / count;
    };
}

/** `categoricalAccuracy` on arrays: the first highest output is the predicted class. */
function categoricalAccuracyOnArrays(enc: TargetEncoding): ArrayMetricFn | undefined {
    if (enc.kind === 'value') return undefined;
    const k = enc.outputUnits;
    return (y, p, n) => {
        let hits = 0;
        for (let r = 0; r < n; r++) {
            let best = 0;
            for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + best]) best = j;
            if (best === y[r]) hits++;
        }
        return hits / n;
    };
}

/** Mean of `err(prediction − target)` over every output, against one-hot targets for class labels. */
function meanError(enc: TargetEncoding, err: (d: number) => number): ArrayMetricFn {
    const k = enc.outputUnits;
    const perSample = enc.kind === 'value' ? enc.labelSize : k;
    return (y, p, n) => {
        let sum = 0;
        for (let r = 0; r < n; r++) {
            for (let j = 0; j < perSample; j++) {
                const target = enc.kind === 'value' ? y[r * perSample + j] : y[r] === j ? 1 : 0;
                sum += err(p[r * perSample + j] - target);
            }
        }
        return sum / (n * perSample);
    };
}
