import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, classCounts, datasetFromCsvText, inferTask, loadDataset, oneHot, parseCsvRecords, type Dataset } from '../src/index.js';

const F = 'data/points.csv';

/** Runs fn, expecting a DataError; returns it for inspection. */
function dataError(fn: () => unknown): DataError {
    try {
        fn();
    } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return error as DataError;
    }
    throw new Error('expected a DataError');
}

const load = (text: string, label = 'label', extra: Partial<Parameters<typeof datasetFromCsvText>[1]> = {}): Dataset =>
    datasetFromCsvText(text, { file: F, label, standardize: false, ...extra });

/** Train and test rows together, as [features..., label] sorted by the first feature. */
function rows(d: Dataset): number[][] {
    const w = d.sampleShape[0];
    const out: number[][] = [];
    for (const s of [d.train, d.test!]) {
        for (let i = 0; i < s.count; i++) out.push([...Array.from(s.x.subarray(i * w, (i + 1) * w)), s.y[i]]);
    }
    return out.sort((a, b) => a[0] - b[0]);
}

describe('parseCsvRecords', () => {
    it('handles quotes, escaped quotes, separators and line breaks inside quotes', () => {
        const text = 'a,b,c\n"x, y","say ""hi""",3\n"two\nlines",2,"3"\n4,5,6';
        const records = parseCsvRecords(text, F);
        expect(records.map((r) => r.cells)).toEqual([
            ['a', 'b', 'c'],
            ['x, y', 'say "hi"', '3'],
            ['two\nlines', '2', '3'],
            ['4', '5', '6']
        ]);
        expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    });

    it('accepts CRLF, lone CR, a BOM, blank lines and a trailing newline', () => {
        const text = '\uFEFFa,b\r\n1,2\r\n\r\n3,4\r5,6\r\n';
        const records = parseCsvRecords(text, F);
        expect(records.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
        expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    });

    it('keeps empty cells, including a trailing one and a quoted empty line', () => {
        expect(parseCsvRecords('a,b,\n""\n', F).map((r) => r.cells)).toEqual([['a', 'b', ''], ['']]);
    });

    it('reports an unclosed quote at the line where it opened', () => {
        const e = dataError(() => parseCsvRecords('a,b\n1,2\n3,"oops\n4,5\n', F));
        expect(e.code).toBe('bad-quote');
        expect(e.message).toBe(`${F}:3: a quoted cell opened here is never closed (missing ")`);
        expect(e.line).toBe(3);
    });

    it('reports text after a closing quote', () => {
        const e = dataError(() => parseCsvRecords('a,b\n"1"x,2\n', F));
        expect(e.message).toMatch(/^data\/points\.csv:2: unexpected "x" after a closing quote/);
    });
});

describe('csv labels', () => {
    it('string labels become classes in sorted order', () => {
        const d = load('x1,label,x2\n1,setosa,10\n2,virginica,20\n3,versicolor,30\n4,setosa,40\n5,virginica,50\n6,versicolor,60\n');
        expect(d.task).toBe('classification');
        expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
        expect(d.numClasses).toBe(3);
        expect(d.labelEncoding).toBe('index');
        expect(d.featureNames).toEqual(['x1', 'x2']);
        expect(d.sampleShape).toEqual([2]);
        const byFirst = rows(d);
        expect(byFirst.map((r) => r[2])).toEqual([0, 2, 1, 0, 2, 1]);
        expect(byFirst.map((r) => r[1])).toEqual([10, 20, 30, 40, 50, 60]);
        // One-hot columns follow the sorted names.
        const hot = oneHot(d.train, d.numClasses);
        for (let i = 0; i < d.train.count; i++) {
            const k = d.train.y[i];
            expect(Array.from(hot.y.subarray(3 * i, 3 * i + 3))).toEqual([0, 1, 2].map((j) => (j === k ? 1 : 0)));
        }
    });

    it('a numeric label column with fractions is regression', () => {
        const d = load('a,b,price\n1,2,10.5\n3,4,20.25\n5,6,-3\n7,8,1e3\n9,10,0\n', 'price');
        expect(d.task).toBe('regression');
        expect(d.numClasses).toBe(0);
        expect(d.classNames).toEqual([]);
        expect(d.labelEncoding).toBe('value');
        expect(rows(d).map((r) => r[2])).toEqual([10.5, 20.25, -3, 1000, 0]);
    });

    it('few non-negative integer labels are classes in numeric order (1,2,3 → indices 0,1,2)', () => {
        const d = load('f,label\n1,3\n2,1\n3,2\n4,10\n5,1\n');
        expect(d.task).toBe('classification');
        expect(d.classNames).toEqual(['1', '2', '3', '10']);
        expect(rows(d).map((r) => r[1])).toEqual([2, 0, 1, 3, 0]);
    });

    it('integer labels with more distinct values than MAX_INFERRED_CLASSES are regression; task overrides', () => {
        const many = Array.from({ length: 21 }, (_, i) => String(i));
        expect(inferTask(many)).toBe('regression');
        expect(inferTask(many.slice(0, 20))).toBe('classification');
        expect(inferTask(['0', '1', '-1'])).toBe('regression');
        expect(inferTask(['1.0', '2.0'])).toBe('classification');
        const text = 'f,rooms\n1,3\n2,4\n3,3\n4,5\n5,4\n';
        expect(load(text, 'rooms').task).toBe('classification');
        const forced = load(text, 'rooms', { task: 'regression' });
        expect(forced.task).toBe('regression');
        expect(rows(forced).map((r) => r[1])).toEqual([3, 4, 3, 5, 4]);
    });

    it('forcing regression on string labels names the cell', () => {
        const e = dataError(() => load('f,y\n1,2\n2,cat\n', 'y', { task: 'regression' }));
        expect(e.message).toBe(`${F}:3: label column "y": "cat" is not a number (a regression target must be numeric)`);
    });
});

describe('csv errors carry file:line', () => {
    const cases: [string, string, string, RegExp | string][] = [
        ['empty file', '', 'empty-file', `${F}: the file is empty (expected a header row and data rows)`],
        ['whitespace only', ' \r\n\n', 'empty-file', /the file is empty/],
        ['header only', 'a,label\n', 'empty-file', `${F}:1: the file has a header but no data rows`],
        ['ragged row', 'a,b,label\n1,2,x\n1,2\n', 'ragged-row', `${F}:3: this row has 2 cells but the header has 3`],
        ['too many cells', 'a,label\r\n1,x\r\n1,2,y\r\n', 'ragged-row', `${F}:3: this row has 3 cells but the header has 2`],
        ['non-numeric feature', 'a,b,label\n1,2,x\n3,abc,y\n', 'not-a-number', `${F}:3: column "b": "abc" is not a number (feature columns must be numeric; encode categories as numbers)`],
        ['hex is not a number', 'a,label\n0x10,x\n', 'not-a-number', /:2: column "a": "0x10" is not a number/],
        ['empty feature cell', 'a,b,label\n1,2,x\n3,,y\n', 'missing-value', `${F}:3: missing value in column "b" (empty cell); fill it in or remove the row`],
        ['NA feature cell', 'a,b,label\n1,NA,x\n', 'missing-value', `${F}:2: missing value in column "b" ("NA"); fill it in or remove the row`],
        ['missing label', 'a,label\n1,x\n2,\n', 'missing-value', `${F}:3: missing label in column "label" (empty cell); fill it in or remove the row`],
        ['unknown label, typo', 'sepal,petal,species\n1,2,x\n', 'unknown-column', `${F}:1: no column "label" in the header; the columns are: sepal, petal, species`],
        ['duplicate label column', 'label,a,label\n1,2,3\n', 'unknown-column', /:1: the header has 2 columns named "label" \(columns 1 and 3\)/],
        ['a single class', 'a,label\n1,x\n2,x\n', 'bad-argument', `${F}:1: every label in column "label" is "x"; a classifier needs at least two classes`],
        ['only the label', 'label\nx\n', 'bad-argument', `${F}:1: the only column is the label "label"; at least one feature column is needed`]
    ];
    it.each(cases)('%s', (_, text, code, message) => {
        const e = dataError(() => load(text));
        expect(e.code).toBe(code);
        if (typeof message === 'string') expect(e.message).toBe(message);
        else expect(e.message).toMatch(message);
    });

    it('suggests the closest header name for a misspelt label', () => {
        expect(dataError(() => load('sepal,petal,species\n1,2,x\n', 'specis')).message).toBe(
            `${F}:1: no column "specis" in the header (did you mean "species"?); the columns are: sepal, petal, species`
        );
        expect(dataError(() => load('a,Label\n1,x\n', 'label')).message).toMatch(/did you mean "Label"\?/);
    });

    it('explains a semicolon-separated file', () => {
        expect(dataError(() => load('a;b;label\n1;2;x\n')).message).toMatch(/looks ";"-separated, but only commas separate columns/);
    });

    it('counts lines across CRLF, BOM, blank lines and multi-line quoted cells', () => {
        const text = '\uFEFFnote,a,label\r\n"multi\r\nline",1,x\r\n\r\nplain,2,y\r\n';
        // "note" is a text feature: the error points at the record's first line (2), not where the cell ends.
        expect(dataError(() => load(text)).message).toBe(`${F}:2: column "note": "multi\\r\\nline" is not a number (feature columns must be numeric; encode categories as numbers)`);
        const ragged = '\uFEFFa,label\r\n"1",x\r\n\r\n2,y,z\r\n';
        expect(dataError(() => load(ragged)).line).toBe(4);
    });
});

describe('csv split', () => {
    const text = ['a,b,label', ...Array.from({ length: 100 }, (_, i) => `${i},${i % 7},${['cat', 'dog', 'emu', 'fox'][i % 4]}`)].join('\n');

    it('holds out a stratified, seeded 20% and keeps every row once', () => {
        const d = load(text);
        expect(d.train.count).toBe(80);
        expect(d.test!.count).toBe(20);
        expect(classCounts(d.test!, 4)).toEqual([5, 5, 5, 5]);
        expect(rows(d).map((r) => r[0])).toEqual(Array.from({ length: 100 }, (_, i) => i));
        expect(rows(d).every((r) => r[1] === r[0] % 7 && r[2] === r[0] % 4)).toBe(true);
        expect(load(text).test!.x).toEqual(d.test!.x);
        expect(load(text, 'label', { seed: 1 }).test!.x).not.toEqual(d.test!.x);
    });

    it('standardises features with train statistics by default', () => {
        const d = datasetFromCsvText(text, { file: F, label: 'label' });
        const scaling = d.featureScaling!;
        expect(scaling.mean).toHaveLength(2);
        const w = 2;
        for (let j = 0; j < w; j++) {
            let sum = 0;
            let sq = 0;
            for (let i = 0; i < d.train.count; i++) {
                sum += d.train.x[i * w + j];
                sq += d.train.x[i * w + j] ** 2;
            }
            expect(sum / d.train.count).toBeCloseTo(0, 5);
            expect(Math.sqrt(sq / d.train.count)).toBeCloseTo(1, 5);
        }
        expect(load(text).featureScaling).toBeUndefined();
    });
});

describe('loadDataset(csv)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-csv-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a file with BOM and CRLF', async () => {
        const path = join(dir, 'fruit.csv');
        writeFileSync(path, '\uFEFFweight,colour,"kind"\r\n150,1,apple\r\n120,2,pear\r\n160,1,apple\r\n110,2,pear\r\n155,1,apple\r\n');
        const d = await loadDataset({ kind: 'csv', path, label: 'kind' }, { standardize: false });
        expect(d.name).toBe('csv:fruit.csv');
        expect(d.classNames).toEqual(['apple', 'pear']);
        expect(d.train.count + d.test!.count).toBe(5);
        expect(d.description).toContain(path);
    });

    it('names a missing file', async () => {
        const path = join(dir, 'nope.csv');
        await expect(loadDataset({ kind: 'csv', path, label: 'y' })).rejects.toThrow(`${path}: file not found`);
        await expect(loadDataset({ kind: 'csv', path: dir, label: 'y' })).rejects.toThrow(`${dir}: this is a folder, not a file`);
    });

    it('reports errors with the full path and line', async () => {
        const path = join(dir, 'bad.csv');
        writeFileSync(path, 'a,y\n1,2\n1,2,3\n');
        await expect(loadDataset({ kind: 'csv', path, label: 'y' })).rejects.toThrow(`${path}:3: this row has 3 cells but the header has 2`);
    });
});
