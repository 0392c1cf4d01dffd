/**
 * `nn import FILE`: a tfjs model.json (or the run folder holding it), a Keras 3 `.keras` archive
 * (zip with config.json and model.weights.h5), a Keras `.h5` file (model_config attribute), or a
 * bare Keras config.json → .nn text, plus the parameter count the file's weights hold, so the
 * caller can check the import against it.
 */
import { unzipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { importKerasConfig, type ImportProblem, type ImportResult } from '../import/index.js';
import { manifestBytes, readManifest } from '../weights/tfjs.js';
import { locateRun } from './run-folder.js';

export interface FileImport extends ImportResult {
    /** What kind of file it was. */
    format: 'tfjs model.json' | 'Keras 3 .keras' | 'Keras .h5' | 'Keras config.json';
    /** Parameters the file's weights hold (tfjs manifest, HDF5 datasets), when it has weights. */
    weightCount?: number;
}

function failure(format: FileImport['format'], where: string, message: string): FileImport {
    return { format, modelName: '', problems: [{ severity: 'error', where, message }], sources: [] };
}

function parseJson(text: string, where: string): { value?: unknown; problem?: ImportProblem } {
    try {
        return { value: JSON.parse(text) };
    } catch (e) {
        return { problem: { severity: 'error', where, message: `is not valid JSON (${(e as Error).message})` } };
    }
}

/** Sizes of every dataset under `group` (the weights of an HDF5 model file). */
async function hdf5WeightCount(path: string, groupPath: string): Promise<number | undefined> {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const file = new h5wasm.File(path, 'r');
    try {
        const root = groupPath === '/' ? file : file.get(groupPath);
        if (!root || !(root instanceof h5wasm.Group)) return undefined;
        let total = 0;
        const visit = (g: InstanceType<typeof h5wasm.Group>): void => {
            for (const key of g.keys()) {
                const child = g.get(key);
                if (child instanceof h5wasm.Dataset) total += (child.shape ?? []).reduce((a: number, b: number) => a * b, 1);
                else if (child instanceof h5wasm.Group) visit(child);
            }
        };
        visit(root);
        return total;
    } finally {
        file.close();
    }
}

async function hdf5Attribute(path: string, name: string): Promise<string | undefined> {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    let file;
    try {
        file = new h5wasm.File(path, 'r');
    } catch (e) {
        throw new Error(`is not an HDF5 file h5wasm can open (${(e as Error).message})`, { cause: e });
    }
    try {
        const value = file.attrs[name]?.value;
        if (value === undefined || value === null) return undefined;
        return typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array);
    } finally {
        file.close();
    }
}

export interface ImportFileOptions {
    /** The .nn file being written: csv(...) paths are made relative to its folder. */
    out?: string;
}

export async function importFile(path: string, options: ImportFileOptions = {}): Promise<FileImport> {
    const full = resolve(path);
    const info = await stat(full).catch(() => undefined);
    if (!info) return failure('tfjs model.json', path, 'no such file or folder');
    const ext = extname(full).toLowerCase();
    const name = basename(full);
    const relativeTo = options.out ? (p: string) => relative(dirname(resolve(options.out!)), p) || p : undefined;

    if (info.isDirectory() || ext === '.json') {
        const text = await readFile(info.isDirectory() ? join(full, 'model.json') : full, 'utf8').catch(() => undefined);
        if (text === undefined) return failure('tfjs model.json', path, info.isDirectory() ? 'the folder has no model.json (a trained run folder has)' : 'cannot be read');
        const { value, problem } = parseJson(text, info.isDirectory() ? join(path, 'model.json') : path);
        if (problem) return { format: 'tfjs model.json', modelName: '', problems: [problem], sources: [] };
        const json = value as Record<string, unknown>;
        if (json && typeof json === 'object' && 'modelTopology' in json) {
            const run = await locateRun(full);
            const result = importKerasConfig(json.modelTopology, { file: name === 'model.json' ? relative(process.cwd(), run.modelJsonPath) || name : name, path: 'modelTopology', origin: `Imported from ${relative(process.cwd(), run.modelJsonPath)}${run.train ? ' and its metrics.json' : ''}`, train: run.train, relativeTo });
            let weightCount: number | undefined;
            try {
                weightCount = manifestBytes(readManifest(json, name)) / 4;
            } catch (e) {
                result.problems.push({ severity: 'warning', where: `${name}: weightsManifest`, message: (e as Error).message.replace(/^.*?: /, '') });
            }
            return { ...result, format: 'tfjs model.json', weightCount };
        }
        return { ...importKerasConfig(json, { file: name, path: 'config', origin: `Imported from ${name}` }), format: 'Keras config.json' };
    }

    if (ext === '.keras') {
        let files: Record<string, Uint8Array>;
        try {
            files = unzipSync(new Uint8Array(await readFile(full)));
        } catch (e) {
            return failure('Keras 3 .keras', path, `is not a zip archive, which a .keras file is (${(e as Error).message})`);
        }
        if (!files['config.json']) return failure('Keras 3 .keras', path, `has no config.json (it holds ${Object.keys(files).join(', ') || 'nothing'})`);
        const { value, problem } = parseJson(new TextDecoder().decode(files['config.json']), `${name}: config.json`);
        if (problem) return { format: 'Keras 3 .keras', modelName: '', problems: [problem], sources: [] };
        const result = importKerasConfig(value, { file: `${name}: config.json`, path: 'config', origin: `Imported from ${name}` });
        let weightCount: number | undefined;
        if (files['model.weights.h5']) {
            const dir = await mkdtemp(join(tmpdir(), 'nn-import-'));
            try {
                const temp = join(dir, `weights-${randomBytes(4).toString('hex')}.h5`);
                await writeFile(temp, files['model.weights.h5']);
                weightCount = await hdf5WeightCount(temp, '/');
            } finally {
                await rm(dir, { recursive: true, force: true });
            }
        }
        return { ...result, format: 'Keras 3 .keras', weightCount };
    }

    if (ext === '.h5' || ext === '.hdf5') {
        let config: string | undefined;
        try {
            config = await hdf5Attribute(full, 'model_config');
        } catch (e) {
            return failure('Keras .h5', path, (e as Error).message);
        }
        if (config === undefined) {
            return failure('Keras .h5', `${name}: attribute model_config`, 'missing: this HDF5 file holds no Keras model (a weights-only file has no architecture; save the whole model with model.save("model.h5"))');
        }
        const { value, problem } = parseJson(config, `${name}: attribute model_config`);
        if (problem) return { format: 'Keras .h5', modelName: '', problems: [problem], sources: [] };
        const result = importKerasConfig(value, { file: name, path: 'attribute model_config', origin: `Imported from ${name}` });
        const training = await hdf5Attribute(full, 'training_config').catch(() => undefined);
        if (training && result.text) {
            result.problems.push({ severity: 'warning', where: `${name}: attribute training_config`, message: 'the compile settings (loss, optimizer) are not imported: a .nn train block also needs the data; add one by hand' });
        }
        return { ...result, format: 'Keras .h5', weightCount: await hdf5WeightCount(full, 'model_weights').catch(() => undefined) };
    }
    return failure('tfjs model.json', path, `is not a model file nn import reads: give a tfjs model.json (or its run folder), a Keras .keras or .h5 file, or a Keras config.json`);
}
