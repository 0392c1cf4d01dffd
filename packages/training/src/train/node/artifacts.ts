/**
 * Run artifacts on disk for Node trainers: a finished run goes to the shared run-folder writer
 * (../../runs/), and a saved model comes back through a small tf.io handler of our own
 * (tfjs-node, whose file:// handler this would be, does not install here).
 */
import type { TrainingDescription } from '@nn-lang/language';
import type * as tfjs from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MODEL_FILE, modelJson, RUNS_FOLDER, runFolderName, runMetrics, WEIGHTS_FILE, writeRunFolder, type RunMetrics, type WrittenRun } from '../../runs/index.js';
import { saveModelToMemory } from '../saved-model.js';
import type { TF, TrainResult } from '../types.js';

/**
 * Writes a model as model.json + weights.bin into an existing folder (tools and tests; a run
 * goes through `writeRunArtifacts`, which writes its folder whole or not at all).
 */
export async function saveModelFiles(tf: TF, model: tfjs.LayersModel, dir: string, metadata?: Record<string, unknown>): Promise<void> {
    const saved = await saveModelToMemory(tf, model);
    // Weights first: a model.json must never point at weights that are not there yet.
    await writeFile(join(dir, WEIGHTS_FILE), new Uint8Array(saved.weightData));
    await writeFile(join(dir, MODEL_FILE), JSON.stringify(modelJson(saved, metadata)));
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

/** Loads a model saved by `writeRunArtifacts` or the training view (a run folder or its model.json). */
export function loadModelFiles(tf: TF, dirOrModelJson: string): Promise<tfjs.LayersModel> {
    const path = dirOrModelJson.endsWith('.json') ? dirOrModelJson : join(dirOrModelJson, MODEL_FILE);
    return tf.loadLayersModel(fileLoadHandler(tf, path));
}

export interface BackendRequest {
    requested: string;
    reason?: string;
}

/** metrics.json of a run trained in Node (the CLI). */
export function nodeRunMetrics(tf: TF, desc: TrainingDescription, result: TrainResult, finishedAt = new Date(), backend?: BackendRequest): Omit<RunMetrics, 'files'> {
    return runMetrics({
        description: desc,
        startedAt: new Date(finishedAt.getTime() - result.seconds * 1000),
        finishedAt,
        trainingSeconds: result.seconds,
        stopped: result.stopped,
        history: result.history,
        test: result.test,
        seed: result.seed,
        backend: { requested: backend?.requested ?? result.backend, used: result.backend, reason: backend?.reason ?? null },
        tfjsVersion: tf.version.tfjs,
        generatedBy: 'nn-lang trainer (nn train)',
        // A Node run always has its model, even one stopped in its first epoch (the weights at the stop).
        modelSaved: true
    });
}

/**
 * Writes a finished (or stopped) run to `<root>/.nn-runs/<model>-<timestamp>/` (or into
 * `runsDir`, the CLI's --out); `root` defaults to the .nn file's folder.
 */
export async function writeRunArtifacts(
    tf: TF,
    desc: TrainingDescription,
    result: TrainResult,
    options: { root?: string; date?: Date; runsDir?: string; backend?: BackendRequest } = {}
): Promise<WrittenRun> {
    const date = options.date ?? new Date();
    const runsDir = options.runsDir ?? join(options.root ?? dirname(desc.file), RUNS_FOLDER);
    return writeRunFolder(runsDir, runFolderName(desc.model.name, date), {
        model: await saveModelToMemory(tf, result.model),
        metadata: { nn: { model: desc.model.name, file: desc.file, seed: result.seed } },
        metrics: nodeRunMetrics(tf, desc, result, date, options.backend)
    });
}
