/**
 * Reading a trained run: `.nn-runs/<model>-<timestamp>/` (model.json, the weight files it lists,
 * metrics.json) as `nn train` and the VS Code training view write it — or any tfjs LayersModel
 * model.json with its weight files.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TrainSettings } from '../import/index.js';
import { TrainedModelError, trainedModelFromTfjs, type TrainedModel } from '../trained.js';
import { readManifest } from '../weights/tfjs.js';

export interface RunFolder {
    dir: string;
    modelJsonPath: string;
    /** metrics.json's training settings, when the folder has them. */
    train?: TrainSettings;
    /** The .nn file and model the run trained (metrics.json). */
    source?: { file: string; model: string };
}

export interface TrainedRun extends TrainedModel {
    run: RunFolder;
}

function problem(where: string, message: string): TrainedModelError {
    return new TrainedModelError([{ severity: 'error', where, message }]);
}

/** A run folder or a model.json path → the paths and settings in it. */
export async function locateRun(path: string): Promise<RunFolder> {
    const full = resolve(path);
    const info = await stat(full).catch(() => undefined);
    if (!info) throw problem(path, 'no such file or folder');
    const modelJsonPath = info.isDirectory() ? join(full, 'model.json') : full;
    if (!(await stat(modelJsonPath).catch(() => undefined))?.isFile()) {
        throw problem(path, 'not a trained run: it has no model.json (train the model first: nn train FILE, or NN: Train Model)');
    }
    const dir = dirname(modelJsonPath);
    const run: RunFolder = { dir, modelJsonPath };
    const metricsText = await readFile(join(dir, 'metrics.json'), 'utf8').catch(() => undefined);
    if (metricsText !== undefined) {
        let metrics: Record<string, unknown>;
        try {
            metrics = JSON.parse(metricsText) as Record<string, unknown>;
        } catch (e) {
            throw problem(join(dir, 'metrics.json'), `is not valid JSON (${(e as Error).message})`);
        }
        const s = metrics.settings as Record<string, unknown> | undefined;
        if (s && typeof s === 'object' && s.data && typeof s.loss === 'string' && s.optimizer) {
            run.train = {
                data: s.data as TrainSettings['data'],
                loss: s.loss,
                optimizer: s.optimizer as TrainSettings['optimizer'],
                metrics: Array.isArray(s.metrics) ? (s.metrics as string[]) : [],
                epochs: typeof s.epochs === 'number' ? s.epochs : 10,
                batchSize: typeof s.batchSize === 'number' ? s.batchSize : 32,
                validation: (s.validation ?? null) as TrainSettings['validation'],
                seed: typeof metrics.seed === 'number' ? metrics.seed : null
            };
        }
        if (typeof metrics.file === 'string' && typeof metrics.model === 'string') run.source = { file: metrics.file, model: metrics.model };
    }
    return run;
}

/** The run's model, its .nn form and its weights. */
export async function readTrainedRun(path: string): Promise<TrainedRun> {
    const run = await locateRun(path);
    const name = basename(run.modelJsonPath);
    let modelJson: Record<string, unknown>;
    try {
        modelJson = JSON.parse(await readFile(run.modelJsonPath, 'utf8')) as Record<string, unknown>;
    } catch (e) {
        throw problem(run.modelJsonPath, `cannot be read as JSON (${(e as Error).message})`);
    }
    const groups = (() => {
        try {
            return readManifest(modelJson, name);
        } catch (e) {
            throw problem((e as { where?: string }).where ?? name, (e as Error).message.replace(/^.*?: /, ''));
        }
    })();
    const parts: Uint8Array[] = [];
    for (const group of groups) {
        for (const p of group.paths) {
            const file = join(run.dir, p);
            const bytes = await readFile(file).catch(() => undefined);
            if (!bytes) throw problem(`${name}: weightsManifest`, `lists ${p}, which is not in ${run.dir}`);
            parts.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        }
    }
    const total = parts.reduce((s, p) => s + p.byteLength, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
        bytes.set(p, at);
        at += p.byteLength;
    }
    const trained = await trainedModelFromTfjs(modelJson, bytes, { file: run.modelJsonPath, train: run.train });
    return { ...trained, run };
}
