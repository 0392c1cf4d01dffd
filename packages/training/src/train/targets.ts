/**
 * How a data set's samples and labels become the model's input and target tensors.
 * Decided once per run (with clear errors when data and model disagree), then used per batch.
 */
import type { LossKind } from '@nn-lang/language/catalogue';
import type * as tfjs from '@tensorflow/tfjs';
import { TrainingError } from './errors.js';
import type { DatasetLike, SplitLike, TF } from './types.js';

/**
 * - `sparse`: class indices, int32 `[batch]` (sparse_categorical_crossentropy).
 * - `one-hot`: class indices expanded to `[batch, numClasses]` (categorical losses, softmax outputs).
 * - `value`: the label values as they are, `[batch, ...output]` (binary 0/1 labels, regression).
 */
export type TargetKind = 'sparse' | 'one-hot' | 'value';

export interface TargetEncoding {
    kind: TargetKind;
    /** Units of the model's last axis. */
    outputUnits: number;
    /** Values per sample in the input, and the model's input shape they are reshaped to. */
    inputShape: number[];
    inputSize: number;
    /** Target values per sample in `split.y`. */
    labelSize: number;
    outputShape: number[];
    numClasses: number;
    /** A classifier's accuracy is binary (threshold 0.5) for one output unit, argmax otherwise. */
    binary: boolean;
}

function prod(shape: number[]): number {
    return shape.reduce((p, d) => p * d, 1);
}

const fmt = (shape: number[]) => `[${shape.join(', ')}]`;

/** What the encoding needs to know about a data set (any split of it gives the label width). */
export type DataInfo = Pick<DatasetLike, 'sampleShape' | 'task' | 'numClasses' | 'labelEncoding'>;

/** The loss by name (for messages) and by kind (the catalogue's fact that decides the encoding). */
export interface LossSpec {
    name: string;
    kind: LossKind;
}

export function resolveTargets(lossSpec: LossSpec, modelInput: number[], modelOutput: number[], data: DataInfo, labelSplit: SplitLike): TargetEncoding {
    const loss = lossSpec.name;
    const inputSize = prod(modelInput);
    const sampleSize = prod(data.sampleShape);
    if (inputSize !== sampleSize) {
        throw new TrainingError(
            'data-mismatch',
            `the data's samples have shape ${fmt(data.sampleShape)} (${sampleSize} values) but the model's input is ${fmt(modelInput)} (${inputSize} values): they cannot be reshaped into each other.`
        );
    }
    const outputUnits = modelOutput[modelOutput.length - 1] ?? 1;
    const base = { inputShape: modelInput, inputSize, outputShape: modelOutput, outputUnits, numClasses: data.numClasses };
    const classifier = data.task === 'classification' && data.labelEncoding === 'index';
    if (lossSpec.kind === 'sparse') {
        if (!classifier) {
            throw new TrainingError('data-mismatch', `${loss} needs class-index labels, but this data set has ${data.task} targets. Use mse or mae.`);
        }
        if (modelOutput.length !== 1 || outputUnits !== data.numClasses) {
            throw new TrainingError('data-mismatch', `${loss} needs one output per class: the data has ${data.numClasses} classes but the model outputs ${fmt(modelOutput)}.`);
        }
        return { ...base, kind: 'sparse', labelSize: 1, binary: false };
    }
    if (classifier) {
        if (modelOutput.length !== 1) {
            throw new TrainingError('data-mismatch', `a classifier's output must be a vector of class scores, but the model outputs ${fmt(modelOutput)}. Add Flatten() and a Dense layer?`);
        }
        if (outputUnits === 1 && data.numClasses <= 2) return { ...base, kind: 'value', labelSize: 1, binary: true };
        if (outputUnits === data.numClasses) return { ...base, kind: 'one-hot', labelSize: 1, binary: false };
        throw new TrainingError(
            'data-mismatch',
            `the data has ${data.numClasses} classes but the model's output has ${outputUnits} unit${outputUnits === 1 ? '' : 's'}: ` +
                (data.numClasses === 2 ? 'use Dense(1, activation=sigmoid) or Dense(2, activation=softmax).' : `use Dense(${data.numClasses}, activation=softmax).`)
        );
    }
    if (lossSpec.kind === 'categorical' && data.task === 'regression') {
        throw new TrainingError('data-mismatch', `${loss} needs class labels, but this data set has regression targets. Use mse or mae.`);
    }
    const labelSize = labelsPerSample(labelSplit);
    if (labelSize !== prod(modelOutput)) {
        throw new TrainingError('data-mismatch', `the data has ${labelSize} target value${labelSize === 1 ? '' : 's'} per sample but the model outputs ${fmt(modelOutput)} (${prod(modelOutput)} values).`);
    }
    return { ...base, kind: 'value', labelSize, binary: outputUnits === 1 && data.task === 'classification' };
}

export function labelsPerSample(split: SplitLike): number {
    if (split.count <= 0) return 1;
    const k = split.y.length / split.count;
    if (!Number.isInteger(k)) {
        throw new TrainingError('data-mismatch', `the split holds ${split.count} samples but ${split.y.length} label values, which is not a whole number per sample.`);
    }
    return k;
}

/** Checks a split's arrays against the encoding before any tensor exists. */
export function checkSplit(name: string, split: SplitLike, enc: TargetEncoding): void {
    if (split.x.length !== split.count * enc.inputSize) {
        throw new TrainingError('data-mismatch', `the ${name} split has ${split.count} samples but ${split.x.length} input values (expected ${split.count * enc.inputSize}).`);
    }
    if (split.y.length !== split.count * enc.labelSize) {
        throw new TrainingError('data-mismatch', `the ${name} split has ${split.count} samples but ${split.y.length} label values (expected ${split.count * enc.labelSize}).`);
    }
    if (enc.kind !== 'value' || enc.binary) {
        for (let i = 0; i < split.y.length; i++) {
            const c = split.y[i];
            if (!Number.isInteger(c) || c < 0 || c >= Math.max(enc.numClasses, 1)) {
                throw new TrainingError('data-mismatch', `sample ${i} of the ${name} split has label ${c}, not a class index in 0..${enc.numClasses - 1}.`);
            }
        }
    }
}

/**
 * Copies the rows `indices[start..end)` of a split into fresh input/target tensors. `labels` holds
 * the batch's labels as the split stores them (class indices, or values), for scoring on arrays.
 */
export function makeBatch(tf: TF, split: SplitLike, indices: Int32Array | null, start: number, end: number, enc: TargetEncoding): { x: tfjs.Tensor; y: tfjs.Tensor; labels: Float32Array };
export function makeBatch(
    tf: TF,
    split: SplitLike,
    indices: Int32Array | null,
    start: number,
    end: number,
    enc: TargetEncoding,
    withTargets: boolean
): { x: tfjs.Tensor; y?: tfjs.Tensor; labels: Float32Array };
export function makeBatch(
    tf: TF,
    split: SplitLike,
    indices: Int32Array | null,
    start: number,
    end: number,
    enc: TargetEncoding,
    withTargets = true
): { x: tfjs.Tensor; y?: tfjs.Tensor; labels: Float32Array } {
    const n = end - start;
    const xs = new Float32Array(n * enc.inputSize);
    const ys = new Float32Array(n * enc.labelSize);
    const size = enc.inputSize;
    for (let r = 0; r < n; r++) {
        const i = indices ? indices[start + r] : start + r;
        // A subarray per row costs more than it saves on rows of a few values.
        if (size < 32) for (let j = 0; j < size; j++) xs[r * size + j] = split.x[i * size + j];
        else xs.set(split.x.subarray(i * size, (i + 1) * size), r * size);
        if (enc.labelSize === 1) ys[r] = split.y[i];
        else ys.set(split.y.subarray(i * enc.labelSize, (i + 1) * enc.labelSize), r * enc.labelSize);
    }
    const x = tf.tensor(xs, [n, ...enc.inputShape], 'float32');
    let y: tfjs.Tensor;
    if (!withTargets) {
        return { x, labels: ys };
    } else if (enc.kind === 'sparse') {
        y = tf.tensor1d(Int32Array.from(ys), 'int32');
    } else if (enc.kind === 'one-hot') {
        // Built here rather than with tf.oneHot: three kernels fewer per batch.
        const hot = new Float32Array(n * enc.outputUnits);
        for (let r = 0; r < n; r++) hot[r * enc.outputUnits + ys[r]] = 1;
        y = tf.tensor(hot, [n, enc.outputUnits], 'float32');
    } else {
        y = tf.tensor(ys, [n, ...enc.outputShape], 'float32');
    }
    return { x, y, labels: ys };
}
