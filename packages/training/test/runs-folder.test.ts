/** The run-folder writer the CLI and the extension share: complete folders or nothing, bad folders refused early. */
import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputFolder, outputRoot, RunFolderError, runFolderName, runMetrics, writeRunFolder, type RunMetrics } from '../src/runs/index.js';
import { saveModelToMemory } from '../src/train/saved-model.js';
import { mlp, training } from './train-fixtures.js';

const root = mkdtempSync(path.join(tmpdir(), 'nn-runs-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => tf.setBackend('cpu'));

const desc = training(mlp('Xor', [2, 4, 1], 'tanh', 'sigmoid'), { file: path.join(root, 'xor.nn'), epochs: 5 });
const metrics = (over: Partial<Parameters<typeof runMetrics>[0]> = {}) =>
    runMetrics({
        description: desc,
        startedAt: new Date(2025, 0, 31, 14, 5, 9),
        finishedAt: new Date(2025, 0, 31, 14, 5, 19),
        trainingSeconds: 9.5,
        stopped: false,
        history: [],
        seed: 7,
        backend: { requested: 'cpu', used: 'cpu', reason: null },
        generatedBy: 'test',
        modelSaved: true,
        ...over
    });

/** Fails the test if `work` has not settled within `ms` (Node's recursive mkdir never returns under /proc). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const fresh = (name: string) => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    return dir;
};

describe('writeRunFolder', () => {
    it('writes model.json + weights.bin that tfjs loads back to the same predictions, and metrics.json', async () => {
        const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'tanh' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
        const runs = path.join(fresh('complete'), '.nn-runs');
        const name = runFolderName('Xor', new Date(2025, 0, 31, 14, 5, 9));
        expect(name).toBe('Xor-20250131-140509');
        const written = await writeRunFolder(runs, name, { model: await saveModelToMemory(tf, model), metrics: metrics() });
        expect(written.dir).toBe(path.join(runs, name));
        expect(readdirSync(written.dir).sort()).toEqual(['metrics.json', 'model.json', 'weights.bin']);
        // Nothing half-written is left behind.
        expect(readdirSync(runs)).toEqual([name]);

        const json = JSON.parse(readFileSync(path.join(written.dir, 'model.json'), 'utf8'));
        expect(json.format).toBe('layers-model');
        expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
        const weights = readFileSync(path.join(written.dir, 'weights.bin'));
        const loaded = await tf.loadLayersModel(
            tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) })
        );
        const x = tf.tensor2d([[0.3, -1], [2, 0.5]]);
        expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
        const saved = JSON.parse(readFileSync(path.join(written.dir, 'metrics.json'), 'utf8')) as RunMetrics;
        expect(saved).toMatchObject({ model: 'Xor', stopped: false, seed: 7, files: ['model.json', 'weights.bin', 'metrics.json'] });
        expect(saved).toEqual(JSON.parse(JSON.stringify(written.metrics)));

        // A second run in the same second gets its own folder.
        const again = await writeRunFolder(runs, name, { metrics: metrics({ stopped: true, modelSaved: false }) });
        expect(again.dir).toBe(path.join(runs, `${name}-2`));
        expect(readdirSync(again.dir)).toEqual(['metrics.json']);
    });

    it('says exactly what a stopped run kept', async () => {
        const runs = fresh('stopped');
        const none = await writeRunFolder(runs, 'A', { metrics: metrics({ stopped: true, modelSaved: false, stoppedAt: { epoch: 1, batch: 3, batchesPerEpoch: 10 } }) });
        expect(none.metrics.files).toEqual(['metrics.json']);
        expect(none.metrics.note).toBe('stopped by request before the first epoch finished: no model was saved, only these metrics');
        const history = [1, 2].map(epoch => ({ epoch, loss: 1 / epoch, seconds: 0.1 }));
        const part = runMetrics({ ...metricsInput(), stopped: true, history, stoppedAt: { epoch: 3, batch: 4, batchesPerEpoch: 10 }, modelSaved: true });
        expect(part.note).toBe('stopped by request after 2 of 5 epochs; the saved model is the one at the stop (it includes 4 of 10 batches of epoch 3)');
        expect(part.epochsCompleted).toBe(2);
    });

    it('leaves nothing behind when a write fails half-way', async () => {
        const runs = fresh('half');
        // weights.bin is written, then model.json cannot be serialised.
        const model = { modelTopology: { size: 1n }, weightSpecs: [], weightData: new ArrayBuffer(8) };
        const error = await writeRunFolder(runs, 'Broken', { model, metrics: metrics() }).catch(e => e);
        expect(error).toBeInstanceOf(RunFolderError);
        expect(readdirSync(runs)).toEqual([]);
    });

    it('creates missing folders, and fails (without hanging) where no folder can be created', async () => {
        const nested = path.join(root, 'deep', 'er', 'runs');
        await writeRunFolder(nested, 'Ok', { metrics: metrics() });
        expect(readdirSync(nested)).toEqual(['Ok']);
        const error = await within(5000, writeRunFolder('/proc/nn-no-such/runs', 'X', { metrics: metrics() }).catch(e => e));
        expect(error).toBeInstanceOf(RunFolderError);
        expect(error.message).toMatch(/cannot create '\/proc\/nn-no-such': the folder does not accept new files/);
    });

    it('removes temporary folders of writers that died, and keeps those of live ones', async () => {
        const runs = fresh('abandoned');
        const dead = await deadPid();
        mkdirSync(path.join(runs, `.Xor-1.tmp-${dead}-abcd1234`));
        writeFileSync(path.join(runs, `.Xor-1.tmp-${dead}-abcd1234`, 'weights.bin'), 'x');
        const live = `.Xor-2.tmp-${process.ppid}-abcd1234`;
        mkdirSync(path.join(runs, live));
        await writeRunFolder(runs, 'New', { metrics: metrics() });
        expect(readdirSync(runs).sort()).toEqual([live, 'New'].sort());
    });
});

function metricsInput(): Parameters<typeof runMetrics>[0] {
    return { description: desc, startedAt: new Date(0), finishedAt: new Date(1000), stopped: false, history: [], seed: 1, backend: { requested: 'cpu', used: 'cpu', reason: null }, generatedBy: 'test', modelSaved: true };
}

/** The pid of a process that has just exited. */
function deadPid(): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', '0']);
        child.on('error', reject);
        child.on('exit', () => resolve(child.pid!));
    });
}

describe('checkOutputFolder', () => {
    it('accepts a writable folder, or a missing one under a writable folder, and creates nothing', async () => {
        await checkOutputFolder(root);
        const missing = path.join(root, 'not', 'yet');
        await checkOutputFolder(missing);
        expect(existsSync(path.join(root, 'not'))).toBe(false);
        expect(readdirSync(root).filter(f => f.startsWith('.nn-write-check'))).toEqual([]);
    });

    it('refuses a file, a path through a file, and folders that take no new files, with the reason', async () => {
        const file = path.join(root, 'a-file');
        writeFileSync(file, 'x');
        const refusal = (dir: string) => within(5000, checkOutputFolder(dir).then(() => 'accepted', (e: unknown) => (e instanceof RunFolderError ? e.message : `not a RunFolderError: ${String(e)}`)));
        expect(await refusal(file)).toBe(`cannot write runs into '${file}': it is a file, not a folder`);
        expect(await refusal(path.join(file, 'runs'))).toBe(`cannot write runs into '${path.join(file, 'runs')}': '${file}' is a file, not a folder`);
        expect(await refusal('/dev/null')).toBe("cannot write runs into '/dev/null': it is a file, not a folder");
        expect(await refusal('/proc/self')).toBe("cannot write runs into '/proc/self': the folder does not accept new files");
        expect(await refusal('/proc/nn-no-such/runs')).toBe("cannot write runs into '/proc/nn-no-such/runs': the folder does not accept new files (in '/proc')");
        // Unwritable even for root (the tests may run as root, which ignores folder permissions).
        expect(await refusal('/sys/kernel')).toBe("cannot write runs into '/sys/kernel': permission denied");
    });

    it('resolves the output folder against the .nn file', () => {
        expect(outputRoot('/w/models/xor.nn', '.nn-runs')).toBe('/w/models/.nn-runs');
        expect(outputRoot('/w/models/xor.nn')).toBe('/w/models/.nn-runs');
        expect(outputRoot('/w/models/xor.nn', '/tmp/runs')).toBe('/tmp/runs');
        expect(outputRoot('/w/models/xor.nn', '  ')).toBe('/w/models/.nn-runs');
        expect(runFolderName('My Model/1', new Date(2025, 0, 1))).toMatch(/^My_Model_1-20250101-000000$/);
    });
});
