/**
 * Run artifacts on disk: `.nn-runs/<model>-<timestamp>/` next to the .nn file, holding the model
 * in tfjs's LayersModel format (model.json + weights.bin) and metrics.json. tfjs-node's file://
 * handler is unavailable (tfjs-node does not install here), so saving and loading go through
 * small tf.io handlers of our own. Every file is written atomically (temp file + rename):
 * a crash or a second run never leaves a half-written artifact behind.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type * as tfjs from '@tensorflow/tfjs';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TF, TrainResult } from '../types.js';

export const RUNS_FOLDER = '.nn-runs';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METRICS_FILE = 'metrics.json';

/** Writes `data` to `path` so that readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
    const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
        await writeFile(temp, data);
        await rename(temp, path);
    } catch (e) {
        await rm(temp, { force: true });
        throw e;
    }
}

function timestamp(date: Date): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Creates a fresh run folder; a second run in the same second gets a `-2`, `-3`, ... suffix. */
export async function createRunDirectory(root: string, modelName: string, date = new Date(), runsDir = join(root, RUNS_FOLDER)): Promise<string> {
    const base = runsDir;
    await mkdir(base, { recursive: true });
    const stem = `${modelName.replace(/[^A-Za-z0-9_-]/g, '_')}-${timestamp(date)}`;
    for (let k = 1; ; k++) {
        const dir = join(base, k === 1 ? stem : `${stem}-${k}`);
        try {
            await mkdir(dir);
            return dir;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
    }
}

function toBytes(weightData: tfjs.io.WeightData | undefined, tf: TF): Uint8Array {
    if (!weightData) return new Uint8Array(0);
    return new Uint8Array(new tf.io.CompositeArrayBuffer(weightData).slice());
}

/** Saves a model as model.json + weights.bin in `dir` (tfjs's LayersModel format). */
export async function saveModelFiles(tf: TF, model: tfjs.LayersModel, dir: string, metadata?: Record<string, object>): Promise<void> {
    await model.save(
        tf.io.withSaveHandler(async artifacts => {
            const weights = toBytes(artifacts.weightData, tf);
            const modelJson: tfjs.io.ModelJSON = {
                modelTopology: artifacts.modelTopology as object,
                format: artifacts.format ?? 'layers-model',
                generatedBy: artifacts.generatedBy,
                convertedBy: artifacts.convertedBy ?? null,
                weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
                ...(metadata ? { userDefinedMetadata: metadata } : {})
            };
            // Weights first: a model.json must never point at weights that are not there yet.
            await writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
            await writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(modelJson));
            return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
        })
    );
}

/** A tf.io handler reading model.json and the weight files it lists from the local file system. */
export function fileLoadHandler(tf: TF, modelJsonPath: string): tfjs.io.IOHandler {
    return {
        load: async () => {
            const modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8')) as tfjs.io.ModelJSON;
            return tf.io.getModelArtifactsForJSON(modelJson, async manifest => {
                const specs: tfjs.io.WeightsManifestEntry[] = [];
                const buffers: ArrayBuffer[] = [];
                for (const group of manifest) {
                    specs.push(...group.weights);
                    for (const path of group.paths) {
                        const bytes = await readFile(join(dirname(modelJsonPath), path));
                        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
                    }
                }
                return [specs, buffers.length === 1 ? buffers[0] : buffers];
            });
        }
    };
}

/** Loads a model saved by `saveModelFiles` / `writeRunArtifacts` (a run folder or its model.json). */
export function loadModelFiles(tf: TF, dirOrModelJson: string): Promise<tfjs.LayersModel> {
    const path = dirOrModelJson.endsWith('.json') ? dirOrModelJson : join(dirOrModelJson, MODEL_FILE);
    return tf.loadLayersModel(fileLoadHandler(tf, path));
}

/**
 * metrics.json. The VS Code training view writes the same keys (packages/extension/src/training/
 * run-controller.ts), so a run folder reads the same whichever wrote it.
 */
export interface RunMetrics {
    model: string;
    file: string;
    line: number;
    startedAt: string;
    finishedAt: string;
    trainingSeconds: number;
    stopped: boolean;
    epochsCompleted: number;
    settings: {
        data: TrainingDescription['data'];
        loss: string;
        optimizer: TrainingDescription['optimizer'];
        metrics: string[];
        epochs: number;
        batchSize: number;
        validation: TrainingDescription['validation'] | null;
    };
    seed: number;
    backend: { requested: string; used: string; reason: string | null };
    params: TrainingDescription['model']['params'];
    history: TrainResult['history'];
    test: TrainResult['test'] | null;
    tfjsVersion: string;
    generatedBy: string;
}

export interface BackendRequest {
    requested: string;
    reason?: string;
}

export function runMetrics(tf: TF, desc: TrainingDescription, result: TrainResult, finishedAt = new Date(), backend?: BackendRequest): RunMetrics {
    return {
        model: desc.model.name,
        file: desc.file,
        line: desc.line,
        startedAt: new Date(finishedAt.getTime() - result.seconds * 1000).toISOString(),
        finishedAt: finishedAt.toISOString(),
        trainingSeconds: result.seconds,
        stopped: result.stopped,
        epochsCompleted: result.history.length,
        settings: {
            data: desc.data,
            loss: desc.loss,
            optimizer: desc.optimizer,
            metrics: desc.metrics,
            epochs: desc.epochs,
            batchSize: desc.batchSize,
            validation: desc.validation ?? null
        },
        seed: result.seed,
        backend: { requested: backend?.requested ?? result.backend, used: result.backend, reason: backend?.reason ?? null },
        params: desc.model.params,
        history: result.history,
        test: result.test ?? null,
        tfjsVersion: tf.version.tfjs,
        generatedBy: 'nn-lang trainer (nn train)'
    };
}

/**
 * Writes a finished (or stopped) run to `<root>/.nn-runs/<model>-<timestamp>/`; `root` defaults
 * to the .nn file's folder. metrics.json is written last: its presence marks a complete folder.
 */
export async function writeRunArtifacts(
    tf: TF,
    desc: TrainingDescription,
    result: TrainResult,
    options: { root?: string; date?: Date; runsDir?: string; backend?: BackendRequest } = {}
): Promise<{ dir: string; files: string[] }> {
    const date = options.date ?? new Date();
    // `runsDir` (the CLI's --out) replaces `<root>/.nn-runs` as the parent of the run folder.
    const dir = await createRunDirectory(options.root ?? dirname(desc.file), desc.model.name, date, options.runsDir);
    await saveModelFiles(tf, result.model, dir, { nn: { model: desc.model.name, file: desc.file, seed: result.seed } });
    await writeFileAtomic(join(dir, METRICS_FILE), JSON.stringify(runMetrics(tf, desc, result, date, options.backend), null, 2) + '\n');
    return { dir, files: [MODEL_FILE, WEIGHTS_FILE, METRICS_FILE].map(f => join(dir, f)) };
}
