/**
 * What would fail only after the last epoch is refused before the first (issue 9, item 7): a
 * data set whose test split is empty (a 2-row CSV's 20% holdout), which training ends by measuring.
 */
import { describe, expect, it } from 'vitest';
import { train, TrainingError } from '../src/train/index.js';
import { cpu, mlp, training, xorData } from './train-fixtures.js';

describe('late checks come first', () => {
    it('an empty test split is refused before any batch runs', async () => {
        const tf = await cpu();
        const data = { ...xorData(2, 1), test: { x: new Float32Array(0), y: new Float32Array(0), count: 0 } };
        let batches = 0;
        const error = await train(tf, training(mlp('Tiny', [2, 1], 'relu', 'sigmoid'), { epochs: 2, batchSize: 1, loss: 'binary_crossentropy' }), data, { onBatchEnd: () => void batches++ }).catch(e => e);
        expect(error).toBeInstanceOf(TrainingError);
        expect((error as Error).message).toMatch(/test split is empty \(the data has 2 samples\)/);
        expect(batches).toBe(0);
    });
});
