import { parseCsvRecords } from './csv-parse.js';
import { clip, DataError } from './errors.js';
import { closestName } from './suggest.js';
import { DEFAULT_DATA_SEED, describeSplit, splitTrainTest } from './tabular.js';
import type { Dataset, Task } from './types.js';

export interface CsvDatasetOptions {
    /** Shown in messages (`file:line: ...`) and the description. */
    file: string;
    /** Name of the label column. */
    label: string;
    /** Seed of the 80/20 holdout; DEFAULT_DATA_SEED when absent. */
    seed?: number;
    /**
     * Force the task (the trainer knows it from the loss: crossentropy → classification,
     * mse/mae → regression). Absent: inferred from the label column, see inferTask.
     */
    task?: Task;
    /** Standardise features with the train split's mean/std (default true). */
    standardize?: boolean;
}

/** Integer labels with at most this many distinct values are read as classes when not told otherwise. */
export const MAX_INFERRED_CLASSES = 20;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

const isMissing = (cell: string): boolean => MISSING.has(cell.toLowerCase());

/**
 * The rule for a label column when the task is not forced:
 * - any non-numeric label → classification, classes are the distinct strings in code-point order;
 * - all labels non-negative integers with at most MAX_INFERRED_CLASSES distinct values →
 *   classification, classes are the distinct values in numeric order (1,2,3 become indices 0,1,2);
 * - otherwise → regression on the numeric values.
 */
export function inferTask(labels: readonly string[]): Task {
    if (!labels.every((l) => NUMBER.test(l))) return 'classification';
    const values = labels.map(Number);
    if (!values.every((v) => Number.isInteger(v) && v >= 0)) return 'regression';
    return new Set(values).size <= MAX_INFERRED_CLASSES ? 'classification' : 'regression';
}

function baseName(path: string): string {
    return path.split(/[\\/]/).pop() ?? path;
}

/** A cell or column name as a message quotes it: cut, so a message never carries a whole line of the file. */
const MAX_QUOTED = 40;
const quoted = (cell: string): string => JSON.stringify(clip(cell, MAX_QUOTED));
const columnName = (name: string): string => clip(name, MAX_QUOTED);
const MAX_LISTED_COLUMNS = 12;

function unknownLabelMessage(label: string, header: string[]): string {
    const suggestion = closestName(label, header);
    const hint = suggestion !== undefined ? ` (did you mean "${columnName(suggestion)}"?)` : '';
    let separator = '';
    if (header.length === 1) {
        const found = [';', '\t', '|'].find((s) => header[0].includes(s));
        if (found) separator = `; the header looks ${found === '\t' ? 'tab' : `"${found}"`}-separated, but only commas separate columns`;
    }
    return `no column "${label}" in the header${hint}; the columns are: ${header.slice(0, MAX_LISTED_COLUMNS).map(columnName).join(', ')}${header.length > MAX_LISTED_COLUMNS ? ` and ${header.length - MAX_LISTED_COLUMNS} more` : ''}${separator}`;
}

/**
 * A data set from CSV text: a header row, numeric feature columns and one label column.
 * Browser-safe (no file access); loadDataset reads the file and calls this.
 */
export function datasetFromCsvText(text: string, options: CsvDatasetOptions): Dataset {
    const { file, label } = options;
    const seed = options.seed ?? DEFAULT_DATA_SEED;
    if (text.replace(/^\uFEFF/, '').trim() === '') {
        throw new DataError('empty-file', 'the file is empty (expected a header row and data rows)', { file });
    }
    const records = parseCsvRecords(text, file);
    const headerRecord = records[0];
    const header = headerRecord.cells.map((c) => c.trim());
    const labelColumns = header.flatMap((name, i) => (name === label ? [i] : []));
    if (labelColumns.length === 0) {
        throw new DataError('unknown-column', unknownLabelMessage(label, header), { file, line: headerRecord.line });
    }
    if (labelColumns.length > 1) {
        throw new DataError('unknown-column', `the header has ${labelColumns.length} columns named "${label}" (columns ${labelColumns.map((i) => i + 1).join(' and ')}); the label column must be unique`, { file, line: headerRecord.line });
    }
    const labelColumn = labelColumns[0];
    const featureColumns = header.flatMap((_, i) => (i === labelColumn ? [] : [i]));
    if (featureColumns.length === 0) {
        throw new DataError('bad-argument', `the only column is the label "${label}"; at least one feature column is needed`, { file, line: headerRecord.line });
    }
    const rows = records.slice(1);
    if (rows.length === 0) {
        throw new DataError('empty-file', 'the file has a header but no data rows', { file, line: headerRecord.line });
    }

    const width = featureColumns.length;
    const x = new Float32Array(rows.length * width);
    const labels: string[] = new Array(rows.length);
    rows.forEach((record, r) => {
        const where = { file, line: record.line };
        if (record.cells.length !== header.length) {
            throw new DataError('ragged-row', `this row has ${record.cells.length} cell${record.cells.length === 1 ? '' : 's'} but the header has ${header.length}`, where);
        }
        featureColumns.forEach((column, j) => {
            const cell = record.cells[column].trim();
            if (isMissing(cell)) {
                throw new DataError('missing-value', `missing value in column "${columnName(header[column])}" (${cell === '' ? 'empty cell' : quoted(cell)}); fill it in or remove the row`, where);
            }
            if (!NUMBER.test(cell)) {
                throw new DataError('not-a-number', `column "${columnName(header[column])}": ${quoted(cell)} is not a number (feature columns must be numeric; encode categories as numbers)`, where);
            }
            x[r * width + j] = Number(cell);
        });
        const value = record.cells[labelColumn].trim();
        if (isMissing(value)) {
            throw new DataError('missing-value', `missing label in column "${label}" (${value === '' ? 'empty cell' : quoted(value)}); fill it in or remove the row`, where);
        }
        labels[r] = value;
    });

    const task = options.task ?? inferTask(labels);
    const y = new Float32Array(rows.length);
    let classNames: string[] = [];
    if (task === 'regression') {
        labels.forEach((value, r) => {
            if (!NUMBER.test(value)) {
                throw new DataError('not-a-number', `label column "${label}": ${quoted(value)} is not a number (a regression target must be numeric)`, { file, line: rows[r].line });
            }
            y[r] = Number(value);
        });
    } else {
        const numeric = labels.every((l) => NUMBER.test(l));
        const keys = labels.map((l) => (numeric ? String(Number(l)) : l));
        const distinct = [...new Set(keys)];
        classNames = numeric
            ? distinct.sort((a, b) => Number(a) - Number(b))
            : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (classNames.length < 2) {
            throw new DataError('bad-argument', `every label in column "${label}" is ${quoted(classNames[0])}; a classifier needs at least two classes`, { file, line: headerRecord.line });
        }
        const indexOf = new Map(classNames.map((name, k) => [name, k]));
        keys.forEach((key, r) => (y[r] = indexOf.get(key)!));
    }

    const split = splitTrainTest({ x, y, count: rows.length }, task, seed, options.standardize ?? true);
    const labelSummary = task === 'regression'
        ? `regression on "${label}"`
        : `"${label}" → ${classNames.length} classes (${classNames.join(', ')})`;
    return {
        name: `csv:${baseName(file)}`,
        sampleShape: [width],
        task,
        numClasses: task === 'regression' ? 0 : classNames.length,
        classNames,
        labelEncoding: task === 'regression' ? 'value' : 'index',
        train: split.train,
        test: split.test,
        description: `${file}: ${rows.length} rows, ${width} features, ${labelSummary}; ${describeSplit(split, task, seed)}`,
        featureNames: featureColumns.map((i) => header[i]),
        ...(split.featureScaling ? { featureScaling: split.featureScaling } : {})
    };
}
