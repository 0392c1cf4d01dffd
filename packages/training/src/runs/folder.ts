/**
 * The run folder, written the same way by the CLI and the VS Code extension:
 * `<root>/<Model>-<yyyymmdd-hhmmss>/` holding `model.json` + `weights.bin` (tfjs's LayersModel
 * format, loadable with `tf.loadLayersModel`) and `metrics.json`. Everything is written into a
 * hidden temporary folder beside it that is renamed into place at the end: a reader (or a crash)
 * never sees half a run. The output folder is checked before training, so a bad one is refused
 * before any time is spent, not after.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SavedModel } from '../train/saved-model.js';
import type { RunMetrics } from './metrics.js';

export const RUNS_FOLDER = '.nn-runs';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METRICS_FILE = 'metrics.json';

/** A run folder that cannot be written, with a message for the user (no stack trace needed). */
export class RunFolderError extends Error {
    override readonly name = 'RunFolderError';
    constructor(
        message: string,
        readonly folder: string,
        readonly code?: string
    ) {
        super(message);
    }
}

/** `Xor`, 2025-01-31 14:05:09 → `Xor-20250131-140509`; characters a file system may refuse become `_`. */
export function runFolderName(model: string, when: Date): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `${when.getFullYear()}${pad(when.getMonth() + 1)}${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}${pad(when.getSeconds())}`;
    return `${model.replace(/[^A-Za-z0-9_.-]/g, '_')}-${stamp}`;
}

/** The output folder: `setting` relative to the .nn file's folder unless absolute; `.nn-runs` by default. */
export function outputRoot(nnFile: string, setting = RUNS_FOLDER): string {
    const dir = setting.trim() || RUNS_FOLDER;
    return path.resolve(path.dirname(nnFile), dir);
}

function reason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'EROFS':
            return 'the file system is read-only';
        case 'ENOSPC':
            return 'no space left on the device';
        case 'EDQUOT':
            return 'the disk quota is used up';
        case 'ENOTDIR':
            return 'a part of the path is a file, not a folder';
        // A folder that exists but takes no new entries (/proc/self, /sys/...): mkdir says ENOENT.
        case 'ENOENT':
            return 'the folder does not accept new files';
        default:
            return error instanceof Error ? error.message : String(error);
    }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** The deepest existing folder on the way to `dir` (itself when it exists), and the levels missing below it. */
async function existingAncestor(dir: string): Promise<{ existing: string; missing: string[] }> {
    const missing: string[] = [];
    let current = path.resolve(dir);
    for (;;) {
        try {
            const info = await stat(current);
            if (!info.isDirectory()) {
                const what = current === path.resolve(dir) ? 'it is' : `'${current}' is`;
                throw new RunFolderError(`cannot write runs into '${dir}': ${what} a file, not a folder`, dir, 'ENOTDIR');
            }
            return { existing: current, missing: missing.reverse() };
        } catch (error) {
            if (error instanceof RunFolderError) throw error;
            const parent = path.dirname(current);
            // ENOTDIR: a file on the way, which the next step up names.
            if ((errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') || parent === current) throw new RunFolderError(`cannot write runs into '${dir}': ${reason(error)}`, dir, errorCode(error));
            missing.push(current);
            current = parent;
        }
    }
}

/**
 * Refuses an output folder the run could not be saved into: a file, a folder that takes no new
 * entries (read-only, no permission, /proc), a path through a file. Creates nothing: it probes
 * the deepest existing folder on the way with a temporary entry that it removes again.
 */
export async function checkOutputFolder(root: string): Promise<void> {
    const { existing } = await existingAncestor(root);
    let probe: string;
    try {
        probe = await mkdtemp(path.join(existing, '.nn-write-check-'));
    } catch (error) {
        throw new RunFolderError(`cannot write runs into '${root}': ${reason(error)}${existing !== path.resolve(root) ? ` (in '${existing}')` : ''}`, root, errorCode(error));
    }
    await rmdir(probe);
}

/**
 * `mkdir -p` that fails instead of looping: Node's recursive mkdir never returns for a path under
 * a folder that refuses new entries with ENOENT (`/proc/nope/x`).
 */
async function makeFolders(root: string): Promise<void> {
    const { missing } = await existingAncestor(root);
    for (const dir of missing) {
        try {
            await mkdir(dir);
        } catch (error) {
            if (errorCode(error) !== 'EEXIST') throw new RunFolderError(`cannot create '${dir}': ${reason(error)}`, root, errorCode(error));
        }
    }
}

const TEMP_PATTERN = /^\..+\.tmp-(\d+)-[0-9a-f]+$/;

/** Removes temporary folders left by writers that were killed (their process no longer exists). */
async function removeAbandoned(root: string): Promise<void> {
    let entries: string[];
    try {
        entries = await readdir(root);
    } catch {
        return;
    }
    for (const entry of entries) {
        const pid = Number(TEMP_PATTERN.exec(entry)?.[1]);
        if (!pid || pid === process.pid) continue;
        try {
            process.kill(pid, 0);
        } catch (error) {
            if (errorCode(error) === 'ESRCH') await rm(path.join(root, entry), { recursive: true, force: true });
        }
    }
}

/** tfjs's `model.json`: the topology and a manifest pointing at the one weights file. */
export function modelJson(model: SavedModel, metadata?: Record<string, unknown>): object {
    return {
        format: 'layers-model',
        generatedBy: model.generatedBy ?? 'TensorFlow.js tfjs-layers',
        convertedBy: model.convertedBy ?? null,
        modelTopology: model.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: model.weightSpecs }],
        ...(metadata ? { userDefinedMetadata: metadata } : {})
    };
}

export interface RunFiles {
    /** Absent when there is no model to save (a training view stopped before its first epoch ended). */
    model?: SavedModel;
    /** Extra keys for model.json's `userDefinedMetadata`. */
    metadata?: Record<string, unknown>;
    /** metrics.json without `files`, which the writer fills in with what it wrote. */
    metrics: Omit<RunMetrics, 'files'>;
}

export interface WrittenRun {
    dir: string;
    /** Absolute paths of the files written. */
    files: string[];
    metrics: RunMetrics;
}

/**
 * Writes a run into `<root>/<name>` (`-2`, `-3`, … appended when that exists), creating `root`
 * when needed. Resolves once the complete folder is in place; on failure nothing is left behind
 * and the error is a RunFolderError.
 */
export async function writeRunFolder(root: string, name: string, run: RunFiles): Promise<WrittenRun> {
    await makeFolders(root);
    await removeAbandoned(root);
    const temp = path.join(root, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
        await mkdir(temp);
    } catch (error) {
        throw new RunFolderError(`cannot write runs into '${root}': ${reason(error)}`, root, errorCode(error));
    }
    try {
        const names = run.model ? [MODEL_FILE, WEIGHTS_FILE, METRICS_FILE] : [METRICS_FILE];
        const metrics: RunMetrics = { ...run.metrics, files: names };
        if (run.model) {
            await writeFile(path.join(temp, WEIGHTS_FILE), new Uint8Array(run.model.weightData));
            await writeFile(path.join(temp, MODEL_FILE), JSON.stringify(modelJson(run.model, run.metadata)));
        }
        await writeFile(path.join(temp, METRICS_FILE), `${JSON.stringify(metrics, null, 2)}\n`);
        for (let n = 1; ; n++) {
            const dir = path.join(root, n === 1 ? name : `${name}-${n}`);
            try {
                // rename(2) onto an existing non-empty folder (or a file) fails: try the next name.
                await rename(temp, dir);
                return { dir, files: names.map(f => path.join(dir, f)), metrics };
            } catch (error) {
                const code = errorCode(error);
                if ((code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'ENOTDIR') || n > 100) throw error;
            }
        }
    } catch (error) {
        await rm(temp, { recursive: true, force: true });
        if (error instanceof RunFolderError) throw error;
        throw new RunFolderError(`could not write the run into '${root}': ${reason(error)}`, root, errorCode(error));
    }
}
