import path from 'node:path';
import { datasetFromCsvText, type CsvDatasetOptions } from '../csv-dataset.js';
import { parseCsvRecords } from '../csv-parse.js';
import { TABULAR_TEST_FRACTION } from '@nn-lang/language/catalogue';
import type { Dataset } from '../types.js';
import { MAX_DATA_FILE_BYTES, readContainedFile, type ContainedFile } from './contained-file.js';

/** Larger files would not fit comfortably as a JS string plus float copies. */
export const MAX_CSV_BYTES = MAX_DATA_FILE_BYTES;

/**
 * `csv("path", label="column")`: reads the file (path already absolute) and builds the data set.
 * `root` is the folder the file must stay inside (the workspace folder); absent, the file's own folder.
 */
export async function loadCsvFile(file: string, options: Omit<CsvDatasetOptions, 'file'> & { root?: string }): Promise<Dataset> {
    const { root, ...rest } = options;
    const bytes = await readContainedFile(file, root ?? path.dirname(path.resolve(file)), MAX_CSV_BYTES);
    return datasetFromCsvText(bytes.toString('utf8'), { ...rest, file });
}

/** How a CSV's data rows split before training: the 80/20 holdout every tabular set gets. */
export interface CsvSplitSizes {
    rows: number;
    train: number;
    test: number;
}

/** Files up to this size are counted for the editor's checks; bigger ones surely have rows enough. */
export const MAX_COUNTED_CSV_BYTES = 1024 * 1024;
const counted = new Map<string, { size: number; mtimeMs: number; sizes: CsvSplitSizes | undefined }>();

/**
 * The split a small CSV (already passed through inspectDataFile) will get, so the checker can say
 * before training that a split is empty; undefined for big or unparsable files (the trainer's
 * loader reports those). Cached by path, size and modification time: this runs on keystrokes.
 */
export async function csvSplitSizes(file: string, found: ContainedFile & { mtimeMs?: number }, root: string): Promise<CsvSplitSizes | undefined> {
    if (found.size > MAX_COUNTED_CSV_BYTES) return undefined;
    const known = counted.get(found.real);
    if (known && known.size === found.size && known.mtimeMs === found.mtimeMs) return known.sizes;
    let sizes: CsvSplitSizes | undefined;
    try {
        const records = parseCsvRecords((await readContainedFile(file, root, MAX_COUNTED_CSV_BYTES)).toString('utf8'), file);
        const rows = Math.max(0, records.length - 1);
        const test = Math.round(rows * TABULAR_TEST_FRACTION);
        sizes = { rows, train: rows - test, test };
    } catch {
        sizes = undefined;
    }
    if (counted.size >= 64) counted.delete(counted.keys().next().value!);
    counted.set(found.real, { size: found.size, mtimeMs: found.mtimeMs ?? 0, sizes });
    return sizes;
}
