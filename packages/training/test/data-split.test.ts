import { describe, expect, it } from 'vitest';
import {
    classCounts,
    createRng,
    holdOut,
    oneHot,
    standardize,
    stratifiedHeldCounts,
    stratifiedHoldOut,
    takeRows,
    type Split
} from '../src/data/index.js';

/** Row i has features [i, 10·i] and label i % classes, so rows can be traced after splitting. */
function traceable(count: number, classes: number): Split {
    const x = new Float32Array(count * 2);
    const y = new Float32Array(count);
    for (let i = 0; i < count; i++) {
        x[2 * i] = i;
        x[2 * i + 1] = 10 * i;
        y[i] = i % classes;
    }
    return { x, y, count };
}

const ids = (split: Split): number[] => Array.from({ length: split.count }, (_, r) => split.x[2 * r]);

function expectRowsIntact(split: Split, classes: number): void {
    for (let r = 0; r < split.count; r++) {
        const id = split.x[2 * r];
        expect(split.x[2 * r + 1]).toBe(10 * id);
        expect(split.y[r]).toBe(id % classes);
    }
}

describe('oneHot', () => {
    it('turns class indices into one-hot rows and keeps x', () => {
        const split = { x: new Float32Array([1, 2, 3]), y: new Float32Array([2, 0, 1]), count: 3 };
        const hot = oneHot(split, 3);
        expect(Array.from(hot.y)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
        expect(hot.x).toBe(split.x);
        expect(hot.count).toBe(3);
    });

    it('rejects labels outside 0..k-1 and non-integers', () => {
        expect(() => oneHot({ x: new Float32Array(2), y: new Float32Array([0, 3]), count: 2 }, 3)).toThrow(/sample 1 has label 3/);
        expect(() => oneHot({ x: new Float32Array(1), y: new Float32Array([0.5]), count: 1 }, 3)).toThrow(/label 0.5/);
        expect(() => oneHot({ x: new Float32Array(1), y: new Float32Array([0]), count: 1 }, 0)).toThrow(/positive integer/);
    });
});

describe('holdOut', () => {
    it('holds out round(count × fraction) rows, whole and disjoint, deterministically', () => {
        const all = traceable(101, 3);
        const a = holdOut(all, 0.2, createRng(1));
        expect(a.held.count).toBe(20);
        expect(a.train.count).toBe(81);
        expectRowsIntact(a.train, 3);
        expectRowsIntact(a.held, 3);
        expect([...ids(a.train), ...ids(a.held)].sort((p, q) => p - q)).toEqual(ids(all));
        // Original order is kept within each part.
        expect(ids(a.train)).toEqual([...ids(a.train)].sort((p, q) => p - q));
        const again = holdOut(all, 0.2, createRng(1));
        expect(ids(again.held)).toEqual(ids(a.held));
        expect(ids(holdOut(all, 0.2, createRng(2)).held)).not.toEqual(ids(a.held));
    });

    it('returns fresh buffers, not views of the input', () => {
        const all = traceable(10, 2);
        const { train } = holdOut(all, 0.5, createRng(0));
        expect(train.x.buffer).not.toBe(all.x.buffer);
        expect(train.x.byteLength).toBe(train.x.buffer.byteLength);
    });

    it('rejects fractions outside (0, 1)', () => {
        expect(() => holdOut(traceable(10, 2), 0, createRng(0))).toThrow(/between 0 and 1/);
        expect(() => holdOut(traceable(10, 2), 1, createRng(0))).toThrow(/between 0 and 1/);
    });
});

describe('stratifiedHoldOut', () => {
    it('keeps each class share in both parts', () => {
        const all = traceable(150, 3);
        const { train, held } = stratifiedHoldOut(all, 0.2, createRng(4));
        expect(classCounts(held, 3)).toEqual([10, 10, 10]);
        expect(classCounts(train, 3)).toEqual([40, 40, 40]);
        expectRowsIntact(train, 3);
        expectRowsIntact(held, 3);
        expect(ids(stratifiedHoldOut(all, 0.2, createRng(4)).held)).toEqual(ids(held));
    });

    it('allocates remainders so the total is round(n × fraction)', () => {
        expect(stratifiedHeldCounts([59, 71, 48], 0.2)).toEqual([12, 14, 10]);
        expect(stratifiedHeldCounts([212, 357], 0.2)).toEqual([43, 71]);
        expect(stratifiedHeldCounts([3, 3], 0.5)).toEqual([2, 1]);
        expect(stratifiedHeldCounts([1, 9], 0.2)).toEqual([0, 2]);
    });
});

describe('takeRows / standardize', () => {
    it('takeRows copies rows in the given order', () => {
        const picked = takeRows(traceable(5, 2), [4, 0, 4]);
        expect(ids(picked)).toEqual([4, 0, 4]);
        expect(() => takeRows(traceable(5, 2), [5])).toThrow(/outside/);
    });

    it('standardises with train statistics only and survives a constant feature', () => {
        const train = { x: new Float32Array([1, 5, 3, 5]), y: new Float32Array(2), count: 2 };
        const test = { x: new Float32Array([5, 7]), y: new Float32Array(1), count: 1 };
        const out = standardize(train, [test]);
        expect(out.scaling.mean).toEqual([2, 5]);
        expect(out.scaling.std).toEqual([1, 1]);
        expect(Array.from(out.train.x)).toEqual([-1, 0, 1, 0]);
        expect(Array.from(out.others[0].x)).toEqual([3, 2]);
    });
});
