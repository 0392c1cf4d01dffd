import path from 'node:path';
import { datasetFromCsvText, type CsvDatasetOptions } from '../csv-dataset.js';
import type { Dataset } from '../types.js';
import { MAX_DATA_FILE_BYTES, readContainedFile } from './contained-file.js';

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
