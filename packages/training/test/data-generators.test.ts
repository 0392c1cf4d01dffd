import { describe, expect, it } from 'vitest';
import {
    DATASET_FACTS,
    GENERATOR_RADIUS,
    classCounts,
    generateDataset,
    generatorSplitCounts,
    spiralAngle,
    type Dataset,
    type GeneratorName,
    type Split
} from '../src/data/index.js';

const NAMES: GeneratorName[] = ['xor', 'circle', 'spiral', 'gaussian'];

function points(split: Split): { x: number; y: number; label: number }[] {
    return Array.from({ length: split.count }, (_, i) => ({ x: split.x[2 * i], y: split.x[2 * i + 1], label: split.y[i] }));
}

const all = (d: Dataset) => [...points(d.train), ...points(d.test!)];

/** The rule that separates each set at noise 0. */
const RULES: Record<Exclude<GeneratorName, 'spiral'>, (p: { x: number; y: number }) => number> = {
    xor: (p) => (p.x * p.y > 0 ? 1 : 0),
    circle: (p) => (Math.hypot(p.x, p.y) < 0.6 * GENERATOR_RADIUS ? 1 : 0),
    gaussian: (p) => (p.x + p.y > 0 ? 1 : 0)
};

/** Distance from p to the point of arm `label` at the same radius. */
function spiralMiss(p: { x: number; y: number }, label: 0 | 1): number {
    const r = Math.hypot(p.x, p.y);
    const a = spiralAngle(r / GENERATOR_RADIUS, label);
    return Math.hypot(p.x - r * Math.sin(a), p.y - r * Math.cos(a));
}

describe.each(NAMES)('%s', (name) => {
    it('has 2 features, 2 balanced classes and a stratified 50/50 split', () => {
        const d = generateDataset({ kind: name, n: 200, noise: 0.1 }, { seed: 1 });
        expect(d.sampleShape).toEqual([2]);
        expect(d.numClasses).toBe(2);
        expect(d.task).toBe('classification');
        expect(d.labelEncoding).toBe('index');
        expect(d.classNames).toEqual(DATASET_FACTS[name].classNames);
        expect(d.train.count).toBe(DATASET_FACTS[name].trainCount);
        expect(d.test!.count).toBe(DATASET_FACTS[name].testCount);
        expect(d.train.x.length).toBe(200);
        expect(d.train.y.length).toBe(100);
        expect(classCounts(d.train, 2)).toEqual([50, 50]);
        expect(classCounts(d.test!, 2)).toEqual([50, 50]);
        // Shuffled: the first ten training labels are not all one class.
        expect(new Set(Array.from(d.train.y.subarray(0, 10))).size).toBe(2);
        for (const p of all(d)) {
            expect(Math.abs(p.x)).toBeLessThan(GENERATOR_RADIUS * 1.5);
            expect(Math.abs(p.y)).toBeLessThan(GENERATOR_RADIUS * 1.5);
        }
        // Survives postMessage's structured clone intact (typed arrays included).
        const copy = structuredClone(d);
        expect(copy.train.x).toBeInstanceOf(Float32Array);
        expect(copy).toEqual(d);
    });

    it('is deterministic for a seed and differs across seeds', () => {
        const spec = { kind: name, n: 120, noise: 0.2 } as const;
        const a = generateDataset(spec, { seed: 7 });
        const b = generateDataset(spec, { seed: 7 });
        const c = generateDataset(spec, { seed: 8 });
        expect(a.train.x).toEqual(b.train.x);
        expect(a.test!.y).toEqual(b.test!.y);
        expect(a.train.x).not.toEqual(c.train.x);
        // Without a seed the data are still fixed (DEFAULT_DATA_SEED).
        expect(generateDataset(spec).train.x).toEqual(generateDataset(spec).train.x);
    });

    it('at noise 0 is separable by its rule', () => {
        const d = generateDataset({ kind: name, n: 1000, noise: 0 }, { seed: 3 });
        for (const p of all(d)) {
            if (name === 'spiral') {
                // Each point lies on its own arm and away from the other (except at the centre, where arms meet).
                expect(spiralMiss(p, p.label as 0 | 1)).toBeLessThan(1e-4);
                if (Math.hypot(p.x, p.y) > 0.5) expect(spiralMiss(p, (1 - p.label) as 0 | 1)).toBeGreaterThan(0.3);
            } else {
                expect(RULES[name](p)).toBe(p.label);
            }
        }
    });

    it('noise moves points across the boundary', () => {
        if (name === 'spiral') return;
        const d = generateDataset({ kind: name, n: 2000, noise: 0.5 }, { seed: 3 });
        const wrong = all(d).filter((p) => RULES[name](p) !== p.label).length;
        expect(wrong).toBeGreaterThan(20);
        expect(wrong).toBeLessThan(1000);
    });
});

describe('generateDataset arguments', () => {
    it('splits odd n with one more point in class 1', () => {
        const d = generateDataset({ kind: 'xor', n: 7, noise: 0 }, { seed: 0 });
        expect(d.train.count + d.test!.count).toBe(7);
        expect(d.test!.count).toBe(generatorSplitCounts(7).testCount);
        expect(classCounts(d.train, 2)[0] + classCounts(d.test!, 2)[0]).toBe(3);
    });

    it('rejects bad n and noise with clear messages', () => {
        expect(() => generateDataset({ kind: 'xor', n: 2, noise: 0.1 })).toThrow(/xor: n must be an integer from 4/);
        expect(() => generateDataset({ kind: 'circle', n: 10.5, noise: 0.1 })).toThrow(/n must be an integer/);
        expect(() => generateDataset({ kind: 'spiral', n: 100, noise: -0.1 })).toThrow(/spiral: noise must be a fraction/);
        expect(() => generateDataset({ kind: 'gaussian', n: 100, noise: 5 })).toThrow(/from 0 to 1/);
    });
});
