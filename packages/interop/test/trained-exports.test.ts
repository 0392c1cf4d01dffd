/**
 * Exports of trained runs match tfjs: a trained xor and a trained seed CNN (a short run on a small
 * MNIST subset) are written as run folders by the trainer, exported to model.onnx and to
 * model.safetensors + the PyTorch script, and their predictions on 100 test samples — in
 * onnxruntime-node and in PyTorch — equal tfjs's to 1e-5.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainingDescription } from '@nn-lang/language';
import { loadDataset, selectBackend, takeRows, train, writeRunArtifacts } from '@nn-lang/training';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { describeText } from '../src/describe.js';
import { exportRun } from '../src/node/export.js';
import { readFloat32, requireTorchPython, runScripts, writeFloat32 } from './helpers/python.js';
import { predict, tf } from './helpers/tfjs.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const SAMPLES = 100;

async function trainingOf(file: string): Promise<TrainingDescription> {
    const path = join(EXAMPLES, file);
    const d = await describeText(readFileSync(path, 'utf8'), path);
    return d.trainings[0];
}

function largestAbsoluteDifference(a: Float32Array, b: Float32Array): number {
    if (a.length !== b.length) return Infinity;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    return Number.isNaN(worst) ? Infinity : worst;
}

async function trainAndCompare(file: string, shrink: (d: TrainingDescription) => TrainingDescription, subset?: number): Promise<void> {
    const python = await requireTorchPython();
    const desc = shrink(await trainingOf(file));
    await selectBackend(tf as never, 'auto', desc.model);
    const full = await loadDataset(desc.data, { task: 'classification', seed: desc.seed });
    const dataset = subset ? { ...full, train: takeRows(full.train, Array.from({ length: subset }, (_, i) => i)) } : full;
    const result = await train(tf as never, desc, dataset);
    const runs = mkdtempSync(join(tmpdir(), 'nn-trained-'));
    const { dir } = await writeRunArtifacts(tf as never, desc, result, { runsDir: runs });

    // 100 test samples, shaped as the model's input.
    const test = takeRows(full.test!, Array.from({ length: SAMPLES }, (_, i) => i));
    const shape = [SAMPLES, ...desc.model.input];
    const expected = predict(result.model, test.x, shape);
    result.model.dispose();

    const onnx = await exportRun(dir, 'onnx');
    const session = await ort.InferenceSession.create(onnx.files[0]);
    const out = (await session.run({ input: new ort.Tensor('float32', test.x, shape) })).output;
    await session.release();
    expect(out.dims).toEqual([SAMPLES, ...desc.model.output]);
    const onnxDiff = largestAbsoluteDifference(out.data as Float32Array, expected);

    const pytorch = await exportRun(dir, 'pytorch');
    const [script, weights] = pytorch.files;
    const input = join(dir, 'test-input.f32');
    const output = join(dir, 'torch-output.f32');
    writeFloat32(input, test.x);
    const [ran] = await runScripts(python, [{ script, weights, input, input_shape: shape, output }]);
    expect(ran.error ?? '', ran.error).toBe('');
    const torchDiff = largestAbsoluteDifference(readFloat32(output), expected);
    console.log(`${file}: trained ${result.history.length} epoch(s); over ${SAMPLES} test samples ONNX differs from tfjs by ${onnxDiff.toExponential(2)}, PyTorch by ${torchDiff.toExponential(2)}`);
    expect(onnxDiff).toBeLessThanOrEqual(1e-5);
    expect(torchDiff).toBeLessThanOrEqual(1e-5);
    expect(ran.check).toBe(`params: ${desc.model.params.total} output: [${desc.model.output.join(', ')}]`);
}

describe('exports of trained models against tfjs', () => {
    it('a trained xor: ONNX and safetensors (in PyTorch) match tfjs to 1e-5 on 100 test samples', async () => {
        await trainAndCompare('xor.nn', d => d);
    }, 300_000);

    it('a trained seed CNN (one epoch on 512 MNIST images): ONNX and safetensors (in PyTorch) match tfjs to 1e-5 on 100 test samples', async () => {
        await trainAndCompare('mnist-cnn.nn', d => ({ ...d, epochs: 1, validation: undefined }), 512);
    }, 600_000);
});
