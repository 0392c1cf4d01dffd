/** `data-split` (issue 9, item 7): a CSV too small for its splits is refused by the checker, as the trainer would refuse it. */
import { describe, expect, it } from 'vitest';
import { splitProblem } from '../src/validator.js';

const sizes = (rows: number) => {
    const test = Math.round(rows * 0.2);
    return { rows, train: rows - test, test };
};

describe('splitProblem', () => {
    it('no data rows, or an empty test split, is a problem whatever the validation setting', () => {
        for (const validation of [undefined, 'test' as const, 0.2]) {
            expect(splitProblem(sizes(0), validation)).toMatch(/no data rows/);
            expect(splitProblem(sizes(1), validation)).toMatch(/1 data row: the 20% test split gets none/);
            expect(splitProblem(sizes(2), validation)).toMatch(/2 data rows: the 20% test split gets none/);
        }
        expect(splitProblem(sizes(3), undefined)).toBeUndefined();
        expect(splitProblem(sizes(3), 'test')).toBeUndefined();
    });

    it('a validation fraction must leave a sample on each side, as the trainer computes it', () => {
        // 3 rows: 2 train after the holdout; 0.5 of 2 → 1 and 1.
        expect(splitProblem(sizes(3), 0.5)).toBeUndefined();
        // 0.1 of 2 → floor(1.8) = 1 for training, 1 for validation.
        expect(splitProblem(sizes(3), 0.1)).toBeUndefined();
        // 0.9 of 2 → floor(0.2) = 0 for training.
        expect(splitProblem(sizes(3), 0.9)).toMatch(/leaves 0 for training and 2 for validation/);
        expect(splitProblem(sizes(1000), 0.99)).toBeUndefined();
        expect(splitProblem(sizes(1000), 0.999)).toMatch(/leaves 0 for training/);
    });
});
