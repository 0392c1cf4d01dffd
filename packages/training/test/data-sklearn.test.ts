import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FACTS, SKLEARN_FILES, classCounts, defaultSklearnDir, loadDataset, type Dataset, type SklearnName, type Split } from '../src/index.js';

const NAMES: SklearnName[] = ['iris', 'wine', 'breast_cancer', 'digits'];
/** Rows, features and per-class totals as published by scikit-learn. */
const PUBLISHED: Record<SklearnName, { rows: number; features: number; perClass: number[] }> = {
    iris: { rows: 150, features: 4, perClass: [50, 50, 50] },
    wine: { rows: 178, features: 13, perClass: [59, 71, 48] },
    breast_cancer: { rows: 569, features: 30, perClass: [212, 357] },
    digits: { rows: 1797, features: 64, perClass: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180] }
};

const range = (s: Split) => s.x.reduce((r, v) => [Math.min(r[0], v), Math.max(r[1], v)], [Infinity, -Infinity]);
const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

describe.each(NAMES)('%s', (name) => {
    it('matches its facts: shape, classes, 80/20 stratified split', async () => {
        const d = await loadDataset({ kind: name });
        const facts = DATASET_FACTS[name];
        const published = PUBLISHED[name];
        expect(d.sampleShape).toEqual(facts.sampleShape);
        expect(d.sampleShape).toEqual([published.features]);
        expect(d.numClasses).toBe(facts.numClasses);
        expect(d.classNames).toEqual(facts.classNames);
        expect(d.task).toBe('classification');
        expect(d.labelEncoding).toBe('index');
        expect(d.train.count).toBe(facts.trainCount);
        expect(d.test!.count).toBe(facts.testCount);
        expect(d.train.count + d.test!.count).toBe(published.rows);
        expect(d.test!.count).toBe(Math.round(published.rows * 0.2));
        expect(d.train.x.length).toBe(d.train.count * published.features);
        const trainCounts = classCounts(d.train, d.numClasses);
        const testCounts = classCounts(d.test!, d.numClasses);
        expect(add(trainCounts, testCounts)).toEqual(published.perClass);
        // Stratified: each class's test share is within one sample of 20%.
        testCounts.forEach((c, k) => expect(Math.abs(c - published.perClass[k] * 0.2)).toBeLessThanOrEqual(1));
        expect(Array.from(d.train.y).every((v) => Number.isInteger(v) && v >= 0 && v < d.numClasses)).toBe(true);
    });

    it('is deterministic for a seed and changes with it', async () => {
        const a = await loadDataset({ kind: name }, { seed: 5 });
        const b = await loadDataset({ kind: name }, { seed: 5 });
        const c = await loadDataset({ kind: name }, { seed: 6 });
        expect(a.test!.x).toEqual(b.test!.x);
        expect(a.test!.x).not.toEqual(c.test!.x);
    });
});

describe('value ranges', () => {
    it('iris raw features are the published cm ranges', async () => {
        const d = await loadDataset({ kind: 'iris' }, { standardize: false });
        const all = (j: number) => [d.train, d.test!].flatMap((s) => Array.from({ length: s.count }, (_, i) => s.x[i * 4 + j]));
        const ranges = [0, 1, 2, 3].map((j) => [Math.min(...all(j)), Math.max(...all(j))].map((v) => Math.round(v * 10) / 10));
        expect(ranges).toEqual([[4.3, 7.9], [2, 4.4], [1, 6.9], [0.1, 2.5]]);
        expect(d.featureScaling).toBeUndefined();
    });

    it('tabular sets are standardised with train statistics by default', async () => {
        for (const name of ['iris', 'wine', 'breast_cancer'] as const) {
            const d: Dataset = await loadDataset({ kind: name });
            const w = d.sampleShape[0];
            expect(d.featureScaling!.mean).toHaveLength(w);
            for (let j = 0; j < w; j++) {
                let sum = 0;
                let sq = 0;
                for (let i = 0; i < d.train.count; i++) {
                    sum += d.train.x[i * w + j];
                    sq += d.train.x[i * w + j] ** 2;
                }
                expect(Math.abs(sum / d.train.count)).toBeLessThan(1e-5);
                expect(Math.sqrt(sq / d.train.count)).toBeCloseTo(1, 4);
            }
        }
        // wine's proline is in the hundreds to ~1680 before scaling.
        const raw = await loadDataset({ kind: 'wine' }, { standardize: false });
        expect(Math.max(range(raw.train)[1], range(raw.test!)[1])).toBe(1680);
    });

    it('digits pixels are scaled from 0..16 to [0, 1] and use the full range', async () => {
        const d = await loadDataset({ kind: 'digits' });
        expect(range(d.train)).toEqual([0, 1]);
        expect(range(d.test!)).toEqual([0, 1]);
        expect(Array.from(d.train.x).every((v) => Number.isInteger(v * 16))).toBe(true);
        expect(d.featureScaling).toBeUndefined();
    });
});

describe('bundled files', () => {
    it('are byte-identical to scikit-learn 1.2.1 (Debian python3-sklearn) and licensed', () => {
        const expected: Record<string, string> = {
            'iris.csv': 'f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449',
            'wine_data.csv': '10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede',
            'breast_cancer.csv': 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed',
            'digits.csv.gz': '46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a'
        };
        const dir = defaultSklearnDir();
        expect(Object.values(SKLEARN_FILES).sort()).toEqual(Object.keys(expected).sort());
        for (const [file, sha] of Object.entries(expected)) {
            expect(createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')).toBe(sha);
        }
        expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/Scikit-Learn Developers[\s\S]*Redistribution and use/);
    });

    describe('damaged copies give clear errors', () => {
        const dir = mkdtempSync(join(tmpdir(), 'nn-sklearn-'));
        afterAll(() => rmSync(dir, { recursive: true, force: true }));
        cpSync(defaultSklearnDir(), dir, { recursive: true });

        it('missing file', async () => {
            rmSync(join(dir, 'wine_data.csv'));
            await expect(loadDataset({ kind: 'wine' }, { paths: { sklearn: dir } })).rejects.toThrow(
                `${join(dir, 'wine_data.csv')}: file not found; this file ships with nn-lang (packages/training/data/sklearn); restore it from the repository`
            );
        });

        it('truncated csv', async () => {
            const file = join(dir, 'iris.csv');
            writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, 100).join('\n'));
            await expect(loadDataset({ kind: 'iris' }, { paths: { sklearn: dir } })).rejects.toThrow(
                `${file}: the header announces 150 samples but the file has 99`
            );
        });

        it('truncated gzip', async () => {
            const file = join(dir, 'digits.csv.gz');
            const bytes = readFileSync(file);
            writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
            await expect(loadDataset({ kind: 'digits' }, { paths: { sklearn: dir } })).rejects.toThrow(`${file}: cannot decompress`);
        });
    });
});
