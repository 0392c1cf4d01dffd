import { describe, expect, it } from 'vitest';
import { createRng, normal, randomInt, shuffleIndices } from '../src/data/index.js';

const draw = (seed: number, n: number): number[] => {
    const rng = createRng(seed);
    return Array.from({ length: n }, rng);
};

describe('createRng', () => {
    it('repeats a stream for a seed and changes it with the seed', () => {
        expect(draw(42, 100)).toEqual(draw(42, 100));
        expect(draw(42, 100)).not.toEqual(draw(43, 100));
        expect(draw(0, 10)).not.toEqual(draw(1, 10));
        // The high half of a large seed counts too.
        expect(draw(1, 10)).not.toEqual(draw(2 ** 32 + 1, 10));
    });

    it('draws uniformly from [0, 1)', () => {
        const values = draw(7, 100_000);
        expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values)).toBeLessThan(1);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        expect(mean).toBeCloseTo(0.5, 2);
        const buckets = new Array(10).fill(0);
        for (const v of values) buckets[Math.floor(v * 10)]++;
        for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    });

    it('rejects a seed that is not a finite number', () => {
        expect(() => createRng(Number.NaN)).toThrow(/finite/);
    });
});

describe('normal', () => {
    it('has the requested mean and standard deviation', () => {
        const rng = createRng(3);
        const values = Array.from({ length: 50_000 }, () => normal(rng, 2, 0.5));
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
        expect(mean).toBeCloseTo(2, 1);
        expect(sd).toBeCloseTo(0.5, 1);
        expect(values.every(Number.isFinite)).toBe(true);
    });
});

describe('shuffleIndices / randomInt', () => {
    it('returns a seeded permutation of 0..n-1', () => {
        const a = shuffleIndices(1000, createRng(5));
        expect(a).toBeInstanceOf(Int32Array);
        expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
        expect([...a]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
        expect(shuffleIndices(1000, createRng(5))).toEqual(a);
        expect(shuffleIndices(1000, createRng(6))).not.toEqual(a);
    });

    it('randomInt stays in range and reaches both ends', () => {
        const rng = createRng(9);
        const seen = new Set(Array.from({ length: 1000 }, () => randomInt(rng, 5)));
        expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    });
});
