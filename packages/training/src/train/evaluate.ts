/**
 * Evaluation helpers for the webview and the CLI: loss/accuracy on a split, a confusion matrix,
 * a decision-boundary grid for 2-D inputs, and a few sample predictions to show.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { TrainingError } from './errors.js';
import { accuracyFunction, lossFunction, lossSpec, metricFunctions, type LossFn, type Metric } from './losses.js';
import { createUniform, permutation } from './random.js';
import { checkSplit, makeBatch, resolveTargets, type DataInfo, type TargetEncoding } from './targets.js';
import type { EvaluationResult, SplitLike, TF } from './types.js';

export interface EvaluateOptions {
    /** Keras loss name the model was trained with. */
    loss: string;
    /** The data set the split belongs to (sample shape, task, classes). */
    data: DataInfo;
    /** Extra metrics to report besides loss and accuracy (`mse`, `mae`, ...). */
    metrics?: string[];
    batchSize?: number;
    /** Called between batches so a long evaluation does not freeze a page. */
    yieldFn?: () => Promise<void>;
}

export function modelInputShape(model: tfjs.LayersModel): number[] {
    return model.inputs[0].shape.slice(1) as number[];
}

export function modelOutputShape(model: tfjs.LayersModel): number[] {
    return model.outputs[0].shape.slice(1) as number[];
}

const DEFAULT_EVAL_BATCH = 256;

/**
 * Mean loss and metrics over a split, in inference mode (dropout off, batch-norm moving stats),
 * accumulated on the device and read once.
 */
export async function evaluateEncoded(
    tf: TF,
    model: tfjs.LayersModel,
    split: SplitLike,
    enc: TargetEncoding,
    lossFn: LossFn,
    metrics: Metric[],
    batchSize = DEFAULT_EVAL_BATCH,
    yieldFn?: () => Promise<void>
): Promise<{ loss: number } & Record<string, number>> {
    if (split.count === 0) throw new TrainingError('data-mismatch', 'cannot evaluate on an empty split.');
    let sums: tfjs.Tensor | undefined;
    for (let start = 0; start < split.count; start += batchSize) {
        const end = Math.min(split.count, start + batchSize);
        const { x, y } = makeBatch(tf, split, null, start, end, enc);
        const next = tf.tidy(() => {
            const p = model.predict(x) as tfjs.Tensor;
            const stats = tf.mul(tf.stack([lossFn(y, p), ...metrics.map(m => m.fn(y, p))]), end - start);
            return sums ? tf.add(sums, stats) : stats;
        });
        tf.dispose([x, y]);
        sums?.dispose();
        sums = next;
        if (yieldFn) await yieldFn();
    }
    const values = await sums!.data();
    sums!.dispose();
    const out: { loss: number } & Record<string, number> = { loss: values[0] / split.count };
    metrics.forEach((m, i) => (out[m.name] = values[i + 1] / split.count));
    return out;
}

/** Loss, accuracy (for classifiers) and any extra metrics of a trained model on one split. */
export async function evaluate(tf: TF, model: tfjs.LayersModel, split: SplitLike, options: EvaluateOptions): Promise<EvaluationResult> {
    const enc = resolveTargets(lossSpec(options.loss), modelInputShape(model), modelOutputShape(model), options.data, split);
    checkSplit('evaluated', split, enc);
    const classifier = options.data.task === 'classification';
    const metrics: Metric[] = [];
    if (classifier) metrics.push({ name: 'accuracy', fn: accuracyFunction(tf, enc) });
    for (const m of metricFunctions(tf, options.metrics ?? [], enc)) if (m.name !== 'accuracy') metrics.push(m);
    const result = await evaluateEncoded(tf, model, split, enc, lossFunction(tf, options.loss, enc), metrics, options.batchSize, options.yieldFn);
    return result as EvaluationResult;
}

async function predictInBatches(tf: TF, model: tfjs.LayersModel, x: Float32Array, count: number, inputShape: number[], batchSize: number): Promise<Float32Array> {
    const inputSize = inputShape.reduce((p, d) => p * d, 1);
    const chunks: Float32Array[] = [];
    for (let start = 0; start < count; start += batchSize) {
        const end = Math.min(count, start + batchSize);
        const xb = tf.tensor(x.subarray(start * inputSize, end * inputSize), [end - start, ...inputShape]);
        const p = tf.tidy(() => model.predict(xb) as tfjs.Tensor);
        chunks.push((await p.data()) as Float32Array);
        tf.dispose([xb, p]);
    }
    const total = chunks.reduce((s, c) => s + c.length, 0);
    const out = new Float32Array(total);
    let offset = 0;
    for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
    }
    return out;
}

export interface ConfusionMatrix {
    /** `matrix[true][predicted]` sample counts. */
    matrix: number[][];
    classNames?: string[];
    total: number;
    correct: number;
}

export async function confusionMatrix(
    tf: TF,
    model: tfjs.LayersModel,
    split: SplitLike,
    data: DataInfo & { classNames?: string[] },
    batchSize = DEFAULT_EVAL_BATCH
): Promise<ConfusionMatrix> {
    if (data.task !== 'classification' || data.labelEncoding !== 'index') {
        throw new TrainingError('data-mismatch', 'a confusion matrix needs a classification data set with class-index labels.');
    }
    const n = Math.max(data.numClasses, 2);
    const inputShape = modelInputShape(model);
    const units = modelOutputShape(model).at(-1) ?? 1;
    if (split.y.length !== split.count) throw new TrainingError('data-mismatch', 'a confusion matrix needs one class index per sample.');
    const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const outputs = await predictInBatches(tf, model, split.x, split.count, inputShape, batchSize);
    let correct = 0;
    for (let i = 0; i < split.count; i++) {
        const row = outputs.subarray(i * units, (i + 1) * units);
        const predicted = units === 1 ? (row[0] > 0.5 ? 1 : 0) : argmax(row);
        const truth = split.y[i];
        matrix[truth][predicted]++;
        if (truth === predicted) correct++;
    }
    return { matrix, classNames: data.classNames, total: split.count, correct };
}

function argmax(row: ArrayLike<number>): number {
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    return best;
}

export interface GridOptions {
    x: [number, number];
    y: [number, number];
    /** Points per axis: one number for a square grid, or [nx, ny]. */
    resolution: number | [number, number];
    batchSize?: number;
}

export interface PredictionGrid {
    nx: number;
    ny: number;
    /** Grid coordinates: `xs[i]` for column i, `ys[j]` for row j (row 0 is y's minimum). */
    xs: Float32Array;
    ys: Float32Array;
    /** Output units per point. */
    units: number;
    /** Raw outputs, row-major: point (i, j) at `(j·nx + i)·units`. */
    values: Float32Array;
    /** Predicted class per point (threshold 0.5 for one unit, argmax otherwise). */
    classes: Int32Array;
    /** Probability of the predicted class per point. */
    confidence: Float32Array;
}

/** Model outputs over a 2-D grid: the data for a decision-boundary heat map. */
export async function predictGrid(tf: TF, model: tfjs.LayersModel, options: GridOptions): Promise<PredictionGrid> {
    const inputShape = modelInputShape(model);
    if (inputShape.length !== 1 || inputShape[0] !== 2) {
        throw new TrainingError('data-mismatch', `a decision-boundary grid needs a model with input [2], not [${inputShape.join(', ')}].`);
    }
    const [nx, ny] = typeof options.resolution === 'number' ? [options.resolution, options.resolution] : options.resolution;
    if (!(nx >= 2 && ny >= 2 && Number.isInteger(nx) && Number.isInteger(ny))) {
        throw new TrainingError('bad-settings', `the grid resolution must be whole numbers ≥ 2, not ${JSON.stringify(options.resolution)}.`);
    }
    const axis = (range: [number, number], n: number) => Float32Array.from({ length: n }, (_, i) => range[0] + ((range[1] - range[0]) * i) / (n - 1));
    const xs = axis(options.x, nx);
    const ys = axis(options.y, ny);
    const points = new Float32Array(nx * ny * 2);
    for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
            points[(j * nx + i) * 2] = xs[i];
            points[(j * nx + i) * 2 + 1] = ys[j];
        }
    }
    const units = modelOutputShape(model).at(-1) ?? 1;
    const values = await predictInBatches(tf, model, points, nx * ny, [2], options.batchSize ?? 4096);
    const classes = new Int32Array(nx * ny);
    const confidence = new Float32Array(nx * ny);
    for (let k = 0; k < nx * ny; k++) {
        if (units === 1) {
            const p = values[k];
            classes[k] = p > 0.5 ? 1 : 0;
            confidence[k] = p > 0.5 ? p : 1 - p;
        } else {
            const row = values.subarray(k * units, (k + 1) * units);
            const c = argmax(row);
            classes[k] = c;
            confidence[k] = row[c];
        }
    }
    return { nx, ny, xs, ys, units, values, classes, confidence };
}

export interface SamplePrediction {
    /** Index of the sample in the split. */
    index: number;
    input: Float32Array;
    /** The label value(s) as stored in the split. */
    target: number[];
    /** The model's raw output. */
    output: number[];
    /** For classifiers. */
    trueClass?: number;
    predictedClass?: number;
    confidence?: number;
    correct?: boolean;
}

/** `k` samples of a split (a seeded random pick, stable for a given seed) with the model's predictions. */
export async function samplePredictions(
    tf: TF,
    model: tfjs.LayersModel,
    split: SplitLike,
    k: number,
    data: DataInfo,
    seed = 0
): Promise<SamplePrediction[]> {
    const inputShape = modelInputShape(model);
    const inputSize = inputShape.reduce((p, d) => p * d, 1);
    const labelSize = split.count > 0 ? split.y.length / split.count : 1;
    const picked = Array.from(permutation(split.count, createUniform(seed)).subarray(0, Math.min(k, split.count)));
    const x = new Float32Array(picked.length * inputSize);
    picked.forEach((idx, r) => x.set(split.x.subarray(idx * inputSize, (idx + 1) * inputSize), r * inputSize));
    const units = modelOutputShape(model).reduce((p, d) => p * d, 1);
    const outputs = await predictInBatches(tf, model, x, picked.length, inputShape, DEFAULT_EVAL_BATCH);
    const classifier = data.task === 'classification' && data.labelEncoding === 'index';
    return picked.map((index, r) => {
        const output = Array.from(outputs.subarray(r * units, (r + 1) * units));
        const target = Array.from(split.y.subarray(index * labelSize, (index + 1) * labelSize));
        const sample: SamplePrediction = { index, input: split.x.slice(index * inputSize, (index + 1) * inputSize), target, output };
        if (classifier) {
            const predicted = units === 1 ? (output[0] > 0.5 ? 1 : 0) : argmax(output);
            sample.trueClass = target[0];
            sample.predictedClass = predicted;
            sample.confidence = units === 1 ? (predicted === 1 ? output[0] : 1 - output[0]) : output[predicted];
            sample.correct = predicted === target[0];
        }
        return sample;
    });
}
