import { UriUtils, type URI } from 'langium';
import { isCallValue, isStringValue, isTrain, type Document, type StringValue, type Train } from './generated/ast.js';

/**
 * Where the checker may look at the data files a `.nn` file names (`csv("...")`). The language
 * package reads no files itself (it also runs in a browser and in tests on an empty file system):
 * the language server and the CLI plug in the Node implementation, which keeps every path inside
 * the workspace folder, reads only regular files and caps their size.
 */
export interface DataFileChecker {
    /** What can be known of the data file `file` (absolute) named in the `.nn` file `nnFile`. */
    inspect(file: string, nnFile: string): Promise<DataFileReport>;
}

export interface DataFileReport {
    /** Why the file cannot be read (outside the workspace, not a regular file, missing, too big). */
    problem?: string;
    /** For a file that can be read and is small enough to count: its data rows and the 80/20 holdout's sizes. */
    split?: { rows: number; train: number; test: number };
}

/** No file system: nothing to say about data files. */
export const NO_DATA_FILE_CHECKS: DataFileChecker = { inspect: async () => ({}) };

/** A `csv("path", …)` in a train block: the string node (for the diagnostic) and the absolute path. */
export interface DataPathUse {
    train: Train;
    node: StringValue;
    path: string;
}

/** Every csv path of the document, resolved against the document's folder (as describeTraining does). */
export function dataPathUses(root: Document, documentUri: URI): DataPathUse[] {
    const uses: DataPathUse[] = [];
    for (const block of root.blocks) {
        if (!isTrain(block)) continue;
        for (const setting of block.settings) {
            const value = setting.value;
            if (setting.name !== 'data' || !isCallValue(value) || value.callee !== 'csv') continue;
            const first = value.args[0];
            if (!first || first.name || !isStringValue(first.value) || first.value.value === '') continue;
            uses.push({ train: block, node: first.value, path: UriUtils.resolvePath(UriUtils.dirname(documentUri), first.value.value).fsPath });
        }
    }
    return uses;
}
