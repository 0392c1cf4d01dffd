import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';
import { SKLEARN_FILES, datasetFromSklearnText, type SklearnOptions } from '../sklearn.js';
import type { Dataset, SklearnName } from '../types.js';
import { moduleUrl, readDataFile } from './read-file.js';

/**
 * packages/training/data/sklearn: next to this source file when run from source, else found
 * through the installed @nn-lang/training package (a bundle elsewhere in the repository).
 */
export function defaultSklearnDir(): string {
    const url = moduleUrl();
    const candidates: string[] = [];
    if (url !== undefined) candidates.push(fileURLToPath(new URL('../../../data/sklearn/', url)));
    for (const anchor of [url, pathToFileURL(join(process.cwd(), 'package.json')).href]) {
        if (anchor === undefined) continue;
        try {
            candidates.push(join(dirname(createRequire(anchor).resolve('@nn-lang/training/package.json')), 'data', 'sklearn'));
        } catch {
            // Not resolvable from there.
        }
    }
    const found = candidates.find((dir) => existsSync(join(dir, SKLEARN_FILES.iris)));
    if (found === undefined) {
        throw new DataError('not-installed', `cannot find the bundled scikit-learn data (packages/training/data/sklearn)${candidates.length ? `; looked in ${candidates.join(', ')}` : ''}; pass paths.sklearn`);
    }
    return found;
}

export async function loadSklearn(name: SklearnName, options: SklearnOptions & { dir?: string } = {}): Promise<Dataset> {
    const file = join(options.dir ?? defaultSklearnDir(), SKLEARN_FILES[name]);
    const raw = await readDataFile(file, 'this file ships with nn-lang (packages/training/data/sklearn); restore it from the repository');
    let text: string;
    try {
        text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    } catch (error) {
        throw new DataError('corrupt-file', `cannot decompress (${(error as Error).message})`, { file });
    }
    return datasetFromSklearnText(name, text, file, options);
}
