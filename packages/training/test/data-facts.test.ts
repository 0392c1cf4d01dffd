import type { DataSpec as LanguageDataSpec } from '@nn-lang/language';
import { describe, expect, it } from 'vitest';
import { DATASET_FACTS, GENERATOR_DEFAULTS, generateDataset, generatorSplitCounts, type DataSpec } from '../src/data/index.js';
import { DATASETS } from '@nn-lang/language';

// Compile-time contract: this package restates the language's DataSpec; tsc fails here if they drift.
export const fromLanguage = (spec: LanguageDataSpec): DataSpec => spec;
export const toLanguage = (spec: DataSpec): LanguageDataSpec => spec;

describe('DATASET_FACTS', () => {
    it('covers every built-in kind of DataSpec', () => {
        const kinds: Exclude<DataSpec['kind'], 'csv'>[] = ['mnist', 'fashion_mnist', 'iris', 'wine', 'breast_cancer', 'digits', 'xor', 'circle', 'spiral', 'gaussian'];
        expect(Object.keys(DATASET_FACTS).sort()).toEqual([...kinds].sort());
        for (const facts of Object.values(DATASET_FACTS)) {
            expect(facts.classNames).toHaveLength(facts.numClasses);
            expect(facts.sampleShape.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
        }
    });

    it('states the shapes the checker compares against', () => {
        expect(DATASET_FACTS.mnist).toMatchObject({ sampleShape: [28, 28, 1], numClasses: 10, trainCount: 60000, testCount: 10000 });
        expect(DATASET_FACTS.iris).toMatchObject({ sampleShape: [4], numClasses: 3 });
        expect(DATASET_FACTS.wine).toMatchObject({ sampleShape: [13], numClasses: 3 });
        expect(DATASET_FACTS.breast_cancer).toMatchObject({ sampleShape: [30], numClasses: 2 });
        expect(DATASET_FACTS.digits).toMatchObject({ sampleShape: [64], numClasses: 10 });
        expect(DATASET_FACTS.xor).toMatchObject({ sampleShape: [2], numClasses: 2, trainCount: 100, testCount: 100 });
    });

    it('generatorSplitCounts agrees with what the generators produce', () => {
        for (const n of [4, 5, 7, 10, 33, GENERATOR_DEFAULTS.n, 501]) {
            const d = generateDataset({ kind: 'spiral', n, noise: GENERATOR_DEFAULTS.noise });
            expect({ trainCount: d.train.count, testCount: d.test!.count }).toEqual(generatorSplitCounts(n));
        }
    });
});

// The checker (language catalogue) and the loaders each state a data set's shape and classes;
// they must say the same, or data-mismatch would pass a model the trainer then refuses.
describe('the checker and the loaders agree on every data set', () => {
    it.each(DATASETS.map(d => d.name))('%s', name => {
        const checker = DATASETS.find(d => d.name === name)!;
        const loader = DATASET_FACTS[name as keyof typeof DATASET_FACTS];
        expect(loader, `${name} has no loader facts`).toBeDefined();
        expect({ sampleShape: loader.sampleShape, numClasses: loader.numClasses, task: loader.task })
            .toEqual({ sampleShape: checker.sampleShape, numClasses: checker.numClasses, task: checker.task });
    });
});
