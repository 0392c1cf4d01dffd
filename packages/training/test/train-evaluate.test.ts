import { describe, expect, it } from 'vitest';
import { confusionMatrix, evaluate, predictGrid, samplePredictions, train, TrainingError } from '../src/train/index.js';
import { blobs, cpu, mlp, training, xorData } from './train-fixtures.js';

const tf = await cpu();
const noYield = { yieldEveryMs: 1e9 };

const xor = xorData(300, 21, 120);
const trained = await train(tf, training(mlp('Xor', [2, 8, 8, 1], 'tanh', 'sigmoid'), { epochs: 15, batchSize: 16 }), xor, {}, undefined, noYield);
const blob = blobs(150, 22, 60);
const classifier = await train(tf, training(mlp('Blobs', [4, 8, 3], 'relu', 'softmax'), { loss: 'categorical_crossentropy', epochs: 10, batchSize: 16 }), blob, {}, undefined, noYield);

describe('evaluate', () => {
    it('matches the test metrics the training run reported', async () => {
        const r = await evaluate(tf, trained.model, xor.test!, { loss: 'binary_crossentropy', data: xor });
        expect(r.loss).toBeCloseTo(trained.test!.loss, 6);
        expect(r.accuracy).toBeCloseTo(trained.test!.accuracy!, 6);
        expect(r.accuracy).toBeGreaterThan(0.9);
    });

    it('reports extra metrics and works with any batch size', async () => {
        const a = await evaluate(tf, classifier.model, blob.test!, { loss: 'categorical_crossentropy', data: blob, metrics: ['mse'], batchSize: 7 });
        const b = await evaluate(tf, classifier.model, blob.test!, { loss: 'sparse_categorical_crossentropy', data: blob, metrics: ['mse'], batchSize: 1000 });
        expect(Object.keys(a).sort()).toEqual(['accuracy', 'loss', 'mse']);
        expect(a.loss).toBeCloseTo(b.loss, 5);
        expect(a.accuracy).toBeCloseTo(b.accuracy!, 6);
        expect(a.mse).toBeCloseTo(b.mse!, 6);
    });

    it('leaves no tensors behind', async () => {
        const before = tf.memory().numTensors;
        await evaluate(tf, trained.model, xor.test!, { loss: 'binary_crossentropy', data: xor, batchSize: 13 });
        await confusionMatrix(tf, classifier.model, blob.test!, blob);
        await predictGrid(tf, trained.model, { x: [-1, 1], y: [-1, 1], resolution: 9 });
        await samplePredictions(tf, classifier.model, blob.test!, 5, blob);
        expect(tf.memory().numTensors).toBe(before);
    });
});

describe('confusionMatrix', () => {
    it('counts true × predicted classes, agreeing with accuracy', async () => {
        const cm = await confusionMatrix(tf, classifier.model, blob.test!, blob);
        expect(cm.matrix).toHaveLength(3);
        expect(cm.matrix.flat().reduce((s, v) => s + v, 0)).toBe(60);
        expect(cm.matrix.map(row => row.reduce((s, v) => s + v, 0))).toEqual([20, 20, 20]);
        const diagonal = cm.matrix.reduce((s, row, i) => s + row[i], 0);
        expect(diagonal).toBe(cm.correct);
        const acc = await evaluate(tf, classifier.model, blob.test!, { loss: 'categorical_crossentropy', data: blob });
        expect(cm.correct / cm.total).toBeCloseTo(acc.accuracy!, 6);
        expect(cm.classNames).toEqual(['a', 'b', 'c']);
    });

    it('thresholds a single sigmoid output at 0.5', async () => {
        const cm = await confusionMatrix(tf, trained.model, xor.test!, xor);
        expect(cm.matrix).toHaveLength(2);
        expect(cm.total).toBe(120);
    });

    it('refuses regression data', async () => {
        const reg = { ...xor, task: 'regression' as const, labelEncoding: 'value' as const };
        await expect(confusionMatrix(tf, trained.model, xor.test!, reg)).rejects.toThrow(TrainingError);
    });
});

describe('predictGrid', () => {
    it('covers the ranges row by row and shows xor\'s four quadrants', async () => {
        const g = await predictGrid(tf, trained.model, { x: [-1, 1], y: [-1, 1], resolution: [5, 4] });
        expect([g.nx, g.ny, g.units]).toEqual([5, 4, 1]);
        expect(Array.from(g.xs)).toEqual([-1, -0.5, 0, 0.5, 1]);
        expect(g.ys[0]).toBe(-1);
        expect(g.ys[3]).toBe(1);
        expect(g.values).toHaveLength(20);
        const at = (i: number, j: number) => g.classes[j * g.nx + i];
        // Same signs → class 1; different signs → class 0.
        expect([at(0, 0), at(4, 3), at(0, 3), at(4, 0)]).toEqual([1, 1, 0, 0]);
        for (let k = 0; k < 20; k++) expect(g.confidence[k]).toBeGreaterThanOrEqual(0.5);
    });

    it('gives class probabilities for a softmax output and refuses non-2-D inputs', async () => {
        const two = await train(tf, training(mlp('Two', [2, 4, 2], 'relu', 'softmax'), { loss: 'categorical_crossentropy', epochs: 1 }), xorData(40, 3), {}, undefined, noYield);
        const g = await predictGrid(tf, two.model, { x: [0, 1], y: [0, 1], resolution: 3 });
        expect(g.units).toBe(2);
        expect(g.values).toHaveLength(18);
        expect(g.values[0] + g.values[1]).toBeCloseTo(1, 5);
        two.model.dispose();
        await expect(predictGrid(tf, classifier.model, { x: [0, 1], y: [0, 1], resolution: 3 })).rejects.toThrow(/needs a model with input \[2\], not \[4\]/);
    });
});

describe('samplePredictions', () => {
    it('returns k seeded samples with inputs, targets and predicted classes', async () => {
        const a = await samplePredictions(tf, classifier.model, blob.test!, 6, blob, 5);
        const b = await samplePredictions(tf, classifier.model, blob.test!, 6, blob, 5);
        expect(a).toHaveLength(6);
        expect(a.map(s => s.index)).toEqual(b.map(s => s.index));
        expect(new Set(a.map(s => s.index)).size).toBe(6);
        for (const s of a) {
            expect(s.input).toHaveLength(4);
            expect(Array.from(s.input)).toEqual(Array.from(blob.test!.x.subarray(s.index * 4, s.index * 4 + 4)));
            expect(s.trueClass).toBe(blob.test!.y[s.index]);
            expect(s.output).toHaveLength(3);
            expect(s.predictedClass).toBe(s.output.indexOf(Math.max(...s.output)));
            expect(s.correct).toBe(s.predictedClass === s.trueClass);
            expect(s.confidence).toBe(s.output[s.predictedClass!]);
        }
    });

    it('returns all samples when k exceeds the split', async () => {
        const s = await samplePredictions(tf, trained.model, { x: xor.test!.x.subarray(0, 6), y: xor.test!.y.subarray(0, 3), count: 3 }, 10, xor);
        expect(s.map(p => p.index).sort()).toEqual([0, 1, 2]);
    });
});
