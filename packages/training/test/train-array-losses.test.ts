/**
 * The losses and metrics the trainer computes on plain arrays (cpu, wasm) against their tfjs forms:
 * the same value, and for losses the same gradient with respect to the predictions as tfjs's
 * autodiff, for every encoding the targets can take — including predictions outside the clipping
 * range, where the gradient must stop.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { arrayLoss, lossFunction, metricFunctions } from '../src/train/losses.js';
import { createUniform } from '../src/train/random.js';
import type { TargetEncoding, TargetKind } from '../src/train/targets.js';
import { cpu } from './train-fixtures.js';

await cpu();

interface Case {
    name: string;
    kind: TargetKind;
    outputShape: number[];
    numClasses: number;
    /** Outputs are probabilities (softmax rows, sigmoid units) or free values. */
    outputs: 'softmax' | 'sigmoid' | 'free';
    losses: string[];
    metrics: string[];
}

const CASES: Case[] = [
    { name: 'sigmoid unit, 0/1 labels', kind: 'value', outputShape: [1], numClasses: 2, outputs: 'sigmoid', losses: ['binary_crossentropy', 'mse', 'mae'], metrics: ['accuracy', 'mse', 'mae'] },
    { name: 'softmax, one-hot targets', kind: 'one-hot', outputShape: [5], numClasses: 5, outputs: 'softmax', losses: ['categorical_crossentropy', 'binary_crossentropy', 'mse', 'mae'], metrics: ['accuracy', 'mse', 'mae'] },
    { name: 'softmax, sparse labels', kind: 'sparse', outputShape: [4], numClasses: 4, outputs: 'softmax', losses: ['sparse_categorical_crossentropy'], metrics: ['accuracy', 'mse', 'mae'] },
    { name: 'unnormalised outputs, one-hot targets', kind: 'one-hot', outputShape: [3], numClasses: 3, outputs: 'sigmoid', losses: ['categorical_crossentropy'], metrics: ['accuracy'] },
    { name: 'regression, 2×3 outputs', kind: 'value', outputShape: [2, 3], numClasses: 0, outputs: 'free', losses: ['mse', 'mae'], metrics: ['mse', 'mae'] }
];

function encoding(c: Case): TargetEncoding {
    const outputUnits = c.outputShape[c.outputShape.length - 1];
    const labelSize = c.kind === 'value' ? c.outputShape.reduce((p, d) => p * d, 1) : 1;
    return { kind: c.kind, outputUnits, inputShape: [2], inputSize: 2, labelSize, outputShape: c.outputShape, numClasses: c.numClasses, binary: outputUnits === 1 && c.numClasses === 2 };
}

/** A batch of predictions and labels; some probabilities are pushed to 0 or 1, past the clip. */
function batch(c: Case, enc: TargetEncoding, n: number, seed: number): { preds: Float32Array; labels: Float32Array } {
    const rng = createUniform(seed);
    const per = c.outputShape.reduce((p, d) => p * d, 1);
    const preds = new Float32Array(n * per);
    for (let r = 0; r < n; r++) {
        const row = preds.subarray(r * per, (r + 1) * per);
        for (let j = 0; j < per; j++) row[j] = c.outputs === 'free' ? (rng() - 0.5) * 6 : rng();
        if (c.outputs === 'softmax') {
            const s = row.reduce((a, b) => a + b, 0);
            row.forEach((v, j) => (row[j] = v / s));
        }
        if (c.outputs !== 'free' && r % 7 === 3) row[0] = r % 2 ? 1 : 0;
    }
    const labels = new Float32Array(n * enc.labelSize);
    for (let i = 0; i < labels.length; i++) {
        labels[i] = c.kind === 'value' ? (c.outputs === 'free' ? (rng() - 0.5) * 4 : rng() < 0.5 ? 0 : 1) : Math.floor(rng() * c.numClasses);
    }
    return { preds, labels };
}

/** The target tensor the tfjs forms receive for these labels (as makeBatch builds it). */
function targets(c: Case, enc: TargetEncoding, labels: Float32Array, n: number): tf.Tensor {
    if (c.kind === 'sparse') return tf.tensor1d(Int32Array.from(labels), 'int32');
    if (c.kind === 'one-hot') return tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), enc.outputUnits).toFloat();
    return tf.tensor(labels, [n, ...c.outputShape]);
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
    expect(actual.length, what).toBe(expected.length);
    for (let i = 0; i < actual.length; i++) {
        const tolerance = 1e-5 * Math.max(1, Math.abs(expected[i]));
        expect(Math.abs(actual[i] - expected[i]), `${what} [${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
    }
}

describe.each(CASES)('on arrays: $name', c => {
    const enc = encoding(c);
    const n = 23;

    it.each(c.losses)('%s: value and gradient equal tfjs\'s', loss => {
        const ours = arrayLoss(loss, enc);
        expect(ours, `${loss} has an array form for ${c.kind} targets`).toBeDefined();
        for (const seed of [1, 2, 3]) {
            const { preds, labels } = batch(c, enc, n, seed);
            const y = targets(c, enc, labels, n);
            const p = tf.tensor(preds, [n, ...c.outputShape]);
            const lossFn = lossFunction(tf, loss, enc);
            const { value, grad } = tf.valueAndGrad((q: tf.Tensor) => lossFn(y, q))(p);
            const gradient = new Float32Array(preds.length);
            ours!.gradient(labels, preds, n, gradient);
            close([ours!.value(labels, preds, n)], value.dataSync(), `${loss} value (seed ${seed})`);
            close(gradient, grad.dataSync(), `${loss} gradient (seed ${seed})`);
            tf.dispose([y, p, value, grad]);
        }
    });

    it('every metric\'s array form gives tfjs\'s value', () => {
        const metrics = metricFunctions(tf, c.metrics, enc);
        for (const seed of [4, 5]) {
            const { preds, labels } = batch(c, enc, n, seed);
            const y = targets(c, enc, labels, n);
            const p = tf.tensor(preds, [n, ...c.outputShape]);
            for (const m of metrics) {
                expect(m.onArrays, `${m.name} has an array form for ${c.kind} targets`).toBeDefined();
                const theirs = m.fn(y, p);
                close([m.onArrays!(labels, preds, n)], theirs.dataSync(), `${m.name} (seed ${seed})`);
                theirs.dispose();
            }
            tf.dispose([y, p]);
        }
    });
});
