/**
 * `nn export` and the editor's export commands: a .nn file (model + train block) to a PyTorch or
 * Keras script, a trained run folder to model.onnx, model.safetensors and a PyTorch script that
 * loads them. Writes files atomically; says how to run what it wrote.
 */
import type { ModelDescription, TrainingDescription } from '@nn-lang/language';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { describeText } from '../describe.js';
import { exportKeras } from '../keras/script.js';
import { exportOnnx } from '../onnx/export.js';
import { exportPytorch, type ScriptOptions } from '../pytorch/script.js';
import { torchSafetensors } from '../pytorch/weights.js';
import { mnistDir, sklearnDir } from './data-paths.js';
import { readTrainedRun } from './run-folder.js';

export type ExportTarget = 'pytorch' | 'keras' | 'onnx' | 'safetensors';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['pytorch', 'keras', 'onnx', 'safetensors'];

export interface ExportResult {
    files: string[];
    warnings: string[];
    /** Commands that use what was written, one per line. */
    next: string[];
    model: string;
}

/**
 * Why nothing was exported: `file-errors` when the .nn file has errors (the CLI's exit code 1),
 * `usage` for anything else asked wrongly (no such model or file, no trained run: exit code 2).
 */
export class ExportError extends Error {
    constructor(message: string, readonly kind: 'file-errors' | 'usage' = 'usage') {
        super(message);
    }
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
        await writeFile(temp, data);
        await rename(temp, path);
    } catch (e) {
        await rm(temp, { force: true });
        throw e;
    }
}

/** `MnistMlp` → `mnist_mlp`: a Python module name for the script. */
export function scriptStem(model: string): string {
    return model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase() || 'model';
}

/** Where the built-in data sets' files are on this machine (baked into the script; --data-dir changes it). */
export async function scriptDataOptions(training: TrainingDescription | undefined, script: string): Promise<ScriptOptions> {
    if (!training) return {};
    switch (training.data.kind) {
        case 'mnist':
            return { dataDir: mnistDir() };
        case 'iris':
        case 'wine':
        case 'breast_cancer':
        case 'digits':
            return { dataDir: sklearnDir() };
        case 'csv': {
            const rel = relative(dirname(script), training.data.path);
            return rel.startsWith('..') && rel.split(/[\\/]/).filter(p => p === '..').length > 2
                ? { csvPath: training.data.path, csvBase: 'absolute' }
                : { csvPath: rel, csvBase: 'script' };
        }
        default:
            return {};
    }
}

/** The model to export from a checked .nn file: the train block of `wanted`, or the only one. */
function pick(models: ModelDescription[], trainings: TrainingDescription[], wanted: string | undefined, file: string): { model: ModelDescription; training?: TrainingDescription } {
    if (wanted !== undefined) {
        const training = trainings.find(t => t.model.name === wanted);
        const model = training?.model ?? models.find(m => m.name === wanted);
        if (!model) throw new ExportError(`${file} has no model '${wanted}'; it has: ${models.map(m => m.name).join(', ') || 'none'}`);
        return { model, training };
    }
    if (trainings.length === 1) return { model: trainings[0].model, training: trainings[0] };
    if (trainings.length > 1) throw new ExportError(`${file} has ${trainings.length} train blocks (${trainings.map(t => t.model.name).join(', ')}): choose one with --train MODEL`);
    if (models.length === 1) return { model: models[0] };
    if (models.length === 0) throw new ExportError(`${file} has no model to export`);
    throw new ExportError(`${file} has ${models.length} models (${models.map(m => m.name).join(', ')}) and no train block: choose one with --train MODEL`);
}

function howToRun(script: string, training: boolean, weights?: string): string[] {
    const name = basename(script);
    const lines = [`python3 ${name} --check${weights ? ` --weights ${basename(weights)}` : ''}     # builds the model, prints params and output shape`];
    if (training) {
        lines.push(`python3 ${name}                  # trains as the .nn file says`);
        lines.push(`torchrun --nproc-per-node=2 ${name}   # the same, distributed (see the script's header for several machines and Ray)`);
    }
    return lines;
}

/** A .nn file → a PyTorch or Keras script. `out` defaults to `<model>.py` (Keras: `<model>_keras.py`) beside the file. */
export async function exportNnFile(file: string, target: 'pytorch' | 'keras', options: { model?: string; out?: string; version?: string } = {}): Promise<ExportResult> {
    const path = resolve(file);
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch (e) {
        throw new ExportError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    const d = await describeText(text, path);
    if (d.errors.length) {
        const first = d.errors[0];
        throw new ExportError(`${file}:${first.line}:${first.column}: ${first.message}${d.errors.length > 1 ? ` (and ${d.errors.length - 1} more error${d.errors.length > 2 ? 's' : ''}: nn check ${file})` : ''}`, 'file-errors');
    }
    const { model, training } = pick(d.models, d.trainings, options.model, file);
    const stem = scriptStem(model.name);
    const out = resolve(options.out ?? join(dirname(path), target === 'keras' ? `${stem}_keras.py` : `${stem}.py`));
    const scriptOptions: ScriptOptions = { source: basename(file), scriptName: basename(out), version: options.version, ...(await scriptDataOptions(training, out)) };
    const exported = target === 'keras' ? exportKeras(model, training, scriptOptions) : exportPytorch(model, training, scriptOptions);
    await writeAtomic(out, exported.text);
    const next = target === 'keras'
        ? [`python3 ${basename(out)}     # needs Keras 3 (pip install keras tensorflow)`]
        : howToRun(out, training !== undefined);
    return { files: [out], warnings: exported.warnings, next, model: model.name };
}

/** A trained run folder (or its model.json) → model.onnx / model.safetensors / a PyTorch script with its weights. */
export async function exportRun(path: string, target: ExportTarget, options: { out?: string; version?: string } = {}): Promise<ExportResult> {
    const trained = await readTrainedRun(path);
    const dir = trained.run.dir;
    const model = trained.description;
    const metadata: Record<string, string> = { run: dir, ...(trained.run.source ? { source: `${trained.run.source.file} (model ${trained.run.source.model})` } : {}) };
    const warnings = trained.problems.filter(p => p.severity === 'warning').map(p => `${p.where}: ${p.message}`);
    const outFor = (name: string) => resolve(options.out ?? join(dir, name));
    switch (target) {
        case 'onnx': {
            const out = outFor('model.onnx');
            await writeAtomic(out, exportOnnx(model, trained.weights, { producerVersion: options.version, metadata }));
            return { files: [out], warnings, model: model.name, next: [`python3 -c "import onnxruntime as ort, numpy as np; s = ort.InferenceSession('${basename(out)}'); print(s.run(None, {'input': np.zeros((1, ${model.input.join(', ')}), np.float32)})[0])"`] };
        }
        case 'safetensors': {
            const out = outFor('model.safetensors');
            await writeAtomic(out, torchSafetensors(model, trained.weights, metadata));
            return { files: [out], warnings, model: model.name, next: [`nn export --to pytorch ${relative(process.cwd(), dir) || '.'}   # the PyTorch script these weights load into (--weights)`] };
        }
        case 'pytorch':
        case 'keras': {
            const stem = scriptStem(model.name);
            const script = resolve(options.out && extname(options.out) === '.py' ? options.out : join(options.out ?? dir, target === 'keras' ? `${stem}_keras.py` : `${stem}.py`));
            // The run's own settings (metrics.json) come back as a train block: the script trains as the run did.
            const described = await describeText(trained.nnText, trained.run.source?.file ?? join(dir, 'model.nn'));
            const training = described.trainings[0];
            const scriptOptions: ScriptOptions = { source: trained.run.source ? basename(trained.run.source.file) : basename(dir), scriptName: basename(script), version: options.version, ...(await scriptDataOptions(training, script)) };
            if (target === 'keras') {
                const exported = exportKeras(model, training, scriptOptions);
                await writeAtomic(script, exported.text);
                return { files: [script], warnings: [...warnings, ...exported.warnings], model: model.name, next: [`python3 ${basename(script)}`] };
            }
            const exported = exportPytorch(model, training, scriptOptions);
            const weights = join(dirname(script), 'model.safetensors');
            await writeAtomic(weights, torchSafetensors(model, trained.weights, metadata));
            await writeAtomic(script, exported.text);
            return { files: [script, weights], warnings: [...warnings, ...exported.warnings], model: model.name, next: howToRun(script, training !== undefined, weights) };
        }
    }
}
