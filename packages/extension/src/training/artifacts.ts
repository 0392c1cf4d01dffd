/**
 * A run's folder: `model.json` + `weights.bin` (tfjs LayersModel format, loadable with
 * `tf.loadLayersModel`) and `metrics.json`. Written into a hidden temporary folder that is renamed
 * into place at the end, so a reader never sees half a run.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelArtifactsPayload } from '@nn-lang/webview';

export const WEIGHTS_FILE = 'weights.bin';

/** tfjs's `model.json`: the topology and a manifest pointing at one weights file. */
export function modelJson(artifacts: ModelArtifactsPayload): object {
    return {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TensorFlow.js tfjs-layers',
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }]
    };
}

/** `Xor`, 2025-01-31 14:05:09 → `Xor-20250131-140509`; characters a file system may refuse become `_`. */
export function runFolderName(model: string, when: Date): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `${when.getFullYear()}${pad(when.getMonth() + 1)}${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}${pad(when.getSeconds())}`;
    return `${model.replace(/[^A-Za-z0-9_.-]/g, '_')}-${stamp}`;
}

/** The output folder setting, relative to the .nn file's folder unless absolute. */
export function outputRoot(nnFile: string, setting: string): string {
    const dir = setting.trim() || '.nn-runs';
    return path.isAbsolute(dir) ? dir : path.join(path.dirname(nnFile), dir);
}

export interface RunFiles {
    /** Absent when there is no model to save (a run stopped before its first epoch). */
    artifacts?: ModelArtifactsPayload;
    metrics: object;
}

/**
 * Writes the run into `<root>/<name>` (`-2`, `-3`, … appended if it exists). Resolves with the
 * folder written.
 */
export async function writeRun(root: string, name: string, files: RunFiles): Promise<string> {
    await mkdir(root, { recursive: true });
    const temp = path.join(root, `.${name}.tmp-${process.pid}-${Date.now()}`);
    await mkdir(temp);
    try {
        if (files.artifacts) {
            await writeFile(path.join(temp, WEIGHTS_FILE), new Uint8Array(files.artifacts.weightData));
            await writeFile(path.join(temp, 'model.json'), JSON.stringify(modelJson(files.artifacts)));
        }
        await writeFile(path.join(temp, 'metrics.json'), `${JSON.stringify(files.metrics, null, 2)}\n`);
        for (let n = 1; ; n++) {
            const target = path.join(root, n === 1 ? name : `${name}-${n}`);
            try {
                // rename(2) onto an existing non-empty folder fails (ENOTEMPTY/EEXIST): try the next name.
                await rename(temp, target);
                return target;
            } catch (e) {
                const code = (e as NodeJS.ErrnoException).code;
                if ((code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') || n > 100) throw e;
            }
        }
    } catch (e) {
        await rm(temp, { recursive: true, force: true });
        throw e;
    }
}
