import { stat } from 'node:fs/promises';
import { datasetFromCsvText, type CsvDatasetOptions } from '../csv-dataset.js';
import { DataError } from '../errors.js';
import type { Dataset } from '../types.js';
import { readDataFile } from './read-file.js';

/** Larger files would not fit comfortably as a JS string plus float copies. */
export const MAX_CSV_BYTES = 512 * 1024 * 1024;

/** `csv("path", label="column")`: reads the file (path already absolute) and builds the data set. */
export async function loadCsvFile(path: string, options: Omit<CsvDatasetOptions, 'file'>): Promise<Dataset> {
    const info = await stat(path).catch(() => undefined);
    if (info && info.size > MAX_CSV_BYTES) {
        throw new DataError('bad-argument', `the file is ${Math.round(info.size / 2 ** 20)} MB; at most ${MAX_CSV_BYTES / 2 ** 20} MB of CSV can be loaded`, { file: path });
    }
    const bytes = await readDataFile(path);
    return datasetFromCsvText(bytes.toString('utf8'), { ...options, file: path });
}
