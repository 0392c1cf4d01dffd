/** The host side of training that runs without VS Code: artifacts, data payloads, messages. */
import * as tf from '@tensorflow/tfjs';
import type { ModelArtifactsPayload } from '@nn-lang/webview';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputRoot, runFolderName, writeRun } from '../src/training/artifacts.js';
import { dataPayload, PayloadError } from '../src/training/data-payload.js';
import { blockAt, formatProgress, refusal } from '../src/training/messages.js';

async function savedArtifacts(model: tf.LayersModel): Promise<ModelArtifactsPayload> {
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async a => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const data = saved!.weightData!;
    return {
        modelTopology: saved!.modelTopology as object,
        weightSpecs: saved!.weightSpecs!,
        weightData: Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data,
        generatedBy: saved!.generatedBy,
        convertedBy: null
    };
}

describe('run folder', () => {
    it('writes model.json + weights.bin that tfjs loads back to the same predictions, and metrics.json', async () => {
        await tf.setBackend('cpu');
        const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'tanh' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
        const root = path.join(mkdtempSync(path.join(tmpdir(), 'nn-runs-')), '.nn-runs');
        const name = runFolderName('Xor', new Date(2025, 0, 31, 14, 5, 9));
        expect(name).toBe('Xor-20250131-140509');
        const folder = await writeRun(root, name, { artifacts: await savedArtifacts(model), metrics: { model: 'Xor', stopped: false } });
        expect(folder).toBe(path.join(root, name));
        expect(readdirSync(folder).sort()).toEqual(['metrics.json', 'model.json', 'weights.bin']);
        // Nothing half-written is left behind.
        expect(readdirSync(root)).toEqual([name]);

        const json = JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8'));
        expect(json.format).toBe('layers-model');
        expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
        const weights = readFileSync(path.join(folder, 'weights.bin'));
        const loaded = await tf.loadLayersModel(
            tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) })
        );
        const x = tf.tensor2d([[0.3, -1], [2, 0.5]]);
        expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
        expect(JSON.parse(readFileSync(path.join(folder, 'metrics.json'), 'utf8'))).toEqual({ model: 'Xor', stopped: false });

        // A second run in the same second gets its own folder.
        const again = await writeRun(root, name, { metrics: { model: 'Xor', stopped: true } });
        expect(again).toBe(path.join(root, `${name}-2`));
        expect(readdirSync(again)).toEqual(['metrics.json']);
    });

    it('resolves the output folder against the .nn file', () => {
        expect(outputRoot('/w/models/xor.nn', '.nn-runs')).toBe('/w/models/.nn-runs');
        expect(outputRoot('/w/models/xor.nn', '/tmp/runs')).toBe('/tmp/runs');
        expect(outputRoot('/w/models/xor.nn', '  ')).toBe('/w/models/.nn-runs');
        expect(runFolderName('My Model/1', new Date(2025, 0, 1))).toMatch(/^My_Model_1-20250101-000000$/);
    });
});

describe('data payload', () => {
    const desc = (data: object) => ({ file: '/w/a.nn', line: 12, data }) as never;
    it('sends a CSV file as text', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'nn-csv-'));
        const file = path.join(dir, 'd.csv');
        writeFileSync(file, 'a,b\n1,2\n');
        expect(await dataPayload(desc({ kind: 'csv', path: file, label: 'b' }))).toEqual({ kind: 'csv-text', file, text: 'a,b\n1,2\n' });
    });
    it('a missing CSV is an error at the train block', async () => {
        const error = await dataPayload(desc({ kind: 'csv', path: '/nowhere/d.csv', label: 'b' })).catch(e => e);
        expect(error).toBeInstanceOf(PayloadError);
        expect(error).toMatchObject({ file: '/w/a.nn', line: 12 });
        expect(error.message).toMatch(/\/nowhere\/d.csv: file not found/);
    });
    it('everything else is the page’s business', async () => {
        expect(await dataPayload(desc({ kind: 'mnist' }))).toEqual({ kind: 'builtin' });
        expect(await dataPayload(desc({ kind: 'xor', n: 10, noise: 0 }))).toEqual({ kind: 'builtin' });
    });
});

describe('command messages', () => {
    it('names the errors when refusing', () => {
        const errors = [1, 2, 3, 4].map(line => ({ line, column: 1, message: `bad ${line}` }));
        expect(refusal('train', 'xor.nn', errors.slice(0, 1))).toBe('Cannot train: xor.nn has 1 error — line 1: bad 1. Fix them first (see Problems).');
        expect(refusal('train', 'xor.nn', errors)).toBe('Cannot train: xor.nn has 4 errors — line 1: bad 1; line 2: bad 2; line 3: bad 3; and 1 more. Fix them first (see Problems).');
    });
    it('finds the block under the cursor', () => {
        const blocks = [
            { model: 'A', line: 10, endLine: 18, errors: [] },
            { model: 'B', line: 30, endLine: 35, errors: [] }
        ];
        expect(blockAt(blocks, 12)?.model).toBe('A');
        expect(blockAt(blocks, 35)?.model).toBe('B');
        expect(blockAt(blocks, 20)).toBeUndefined();
    });
    it('formats progress for the notification', () => {
        expect(formatProgress({ epoch: 3, epochs: 60, loss: 0.23123, metrics: { accuracy: 0.912 }, samplesPerSec: 1234.4, eta: 12.2 }, 'accuracy')).toBe(
            'epoch 3/60 · loss 0.2312 · accuracy 91.20% · 1,234 samples/s · 13 s left'
        );
        expect(formatProgress({ epoch: 1, epochs: 2, loss: 1, metrics: { mae: 0.5 }, samplesPerSec: 10, eta: 600 }, 'mae')).toBe('epoch 1/2 · loss 1.0000 · mae 0.5000 · 10 samples/s · 10 min left');
    });
});
