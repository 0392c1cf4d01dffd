/**
 * The Node side of the checker's data-file checks, for the language server and the CLI: the
 * workspace boundary (contained-file.ts) and, for small CSVs, the split sizes. Light on purpose
 * (no tfjs): the language server bundles it.
 */
import type { DataFileChecker } from '@nn-lang/language';
import { inspectDataFile } from './contained-file.js';
import { csvSplitSizes } from './csv-file.js';

export { dataRootOf, inspectDataFile, isWithin, MAX_DATA_FILE_BYTES, readContainedFile, type ContainedFile } from './contained-file.js';
export { csvSplitSizes, MAX_COUNTED_CSV_BYTES, type CsvSplitSizes } from './csv-file.js';

/** Checks data files against the root `rootOf` gives for the .nn file naming them. */
export function nodeDataFileChecker(rootOf: (nnFile: string) => string): DataFileChecker {
    return {
        inspect: async (file, nnFile) => {
            const root = rootOf(nnFile);
            const found = await inspectDataFile(file, root);
            if ('problem' in found) return { problem: found.problem };
            return { split: await csvSplitSizes(file, found, root) };
        }
    };
}
