import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layer, model, dense, mlp, training, xorData, cpu } from './train-fixtures.js';
import { train } from '../src/train/index.js';
import { probeBackends } from '../src/train/probe.js';
import { loadModelFiles, selectBackend, wasmBlockers, writeRunArtifacts, type RunMetrics } from '../src/train/node/index.js';

const tf = await cpu();
const noYield = { yieldEveryMs: 1e9 };
const root = await mkdtemp(join(tmpdir(), 'nn-train-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const convNet = () =>
    model('Conv', [6, 6, 1], [
        layer(0, 'Conv2D', [{ className: 'Conv2D', config: { filters: 2, kernelSize: [3, 3] } }], [[6, 6, 1]], [4, 4, 2], 20),
        layer(1, 'Flatten', [{ className: 'Flatten', config: {} }], [[4, 4, 2]], [32], 0),
        dense(2, 32, 1, 'sigmoid')
    ]);

describe('selectBackend', () => {
    it('selects cpu on request', async () => {
        expect(await selectBackend(tf, 'cpu')).toEqual({ backend: 'cpu', reason: 'cpu backend requested' });
        expect(tf.getBackend()).toBe('cpu');
    });

    it('runs wasm from the local .wasm files and trains to the same losses as cpu', async () => {
        const desc = training(mlp('Xor', [2, 8, 1], 'tanh', 'sigmoid'), { epochs: 2 });
        await selectBackend(tf, 'cpu');
        const onCpu = await train(tf, desc, xorData(64, 3), {}, undefined, noYield);
        onCpu.model.dispose();
        const sel = await selectBackend(tf, 'wasm');
        expect(sel.backend).toBe('wasm');
        expect(tf.getBackend()).toBe('wasm');
        const onWasm = await train(tf, desc, xorData(64, 3), {}, undefined, noYield);
        expect(onWasm.backend).toBe('wasm');
        onWasm.history.forEach((h, i) => expect(h.loss).toBeCloseTo(onCpu.history[i].loss, 5));
        onWasm.model.dispose();
        await selectBackend(tf, 'cpu');
    });

    it('auto picks wasm when it can train the model, cpu when a gradient kernel is missing', async () => {
        expect((await selectBackend(tf, 'auto', mlp('M', [4, 8, 2], 'relu', 'softmax'))).backend).toBe('wasm');
        // The trainer's kernels give wasm the convolution gradient it lacks.
        expect((await selectBackend(tf, 'auto', convNet())).backend).toBe('wasm');
        // Without them (a registry lacking the kernel), conv models go to cpu, with the reason.
        const bare = { getKernel: () => undefined } as unknown as typeof tf;
        expect(wasmBlockers(bare, convNet())).toEqual([{ layer: 'Conv2D', line: 2, kernel: 'Conv2DBackpropFilter' }]);
        expect(wasmBlockers(tf, convNet())).toEqual([]);
        await selectBackend(tf, 'cpu');
    });
});

describe('auto: probing the backends with the actual model', () => {
    it('times each backend on a few batches, runs on the fastest and says so', async () => {
        const desc = training(mlp('Xor', [2, 8, 8, 1], 'tanh', 'sigmoid'), { epochs: 1, batchSize: 16 });
        const dataset = xorData(256, 5);
        const sel = await selectBackend(tf, 'auto', desc.model, { probe: { desc, dataset } });
        expect(['wasm', 'cpu']).toContain(sel.backend);
        expect(tf.getBackend()).toBe(sel.backend);
        expect(sel.probe?.map(r => r.backend)).toEqual(['wasm', 'cpu']);
        for (const r of sel.probe ?? []) expect(r.samplesPerSec ?? r.skipped, JSON.stringify(r)).toBeTruthy();
        expect(sel.reason).toMatch(/^auto: probed wasm [\d,]+ samples\/s, cpu ([\d,]+ samples\/s|skipped \(.+\))$/);
        // The run itself then trains on the chosen backend.
        const result = await train(tf, desc, dataset, {}, undefined, noYield);
        expect(result.backend).toBe(sel.backend);
        result.model.dispose();
        await selectBackend(tf, 'cpu');
    });

    it('skips a backend that cannot start and one far slower on a pilot batch', async () => {
        const desc = training(mlp('M', [2, 4, 1], 'tanh', 'sigmoid'), { epochs: 1, batchSize: 64 });
        const dataset = xorData(256, 6);
        const tensorsBefore = tf.memory().numTensors;
        // 'slow' is cpu with its Tanh kernel held back by 150 ms a call: its pilot batch alone takes longer than cpu's full batch.
        const tanh = tf.getKernel('Tanh', 'cpu')!;
        const spin = (ms: number) => {
            const end = performance.now() + ms;
            while (performance.now() < end);
        };
        const slowDown = (on: boolean) => {
            tf.unregisterKernel('Tanh', 'cpu');
            tf.registerKernel(on ? { ...tanh, kernelFunc: (args => (spin(150), tanh.kernelFunc(args))) as typeof tanh.kernelFunc } : tanh);
        };
        let outcome;
        try {
            outcome = await probeBackends(tf, desc, dataset, ['cpu', 'broken', 'slow'], async name => {
                if (name === 'broken') throw new Error('no such backend here');
                await tf.setBackend('cpu');
                slowDown(name === 'slow');
            }, { batches: 2 });
        } finally {
            slowDown(false);
        }
        expect(outcome.best).toBe('cpu');
        expect(outcome.results[0].samplesPerSec).toBeGreaterThan(0);
        expect(outcome.results[1]).toEqual({ backend: 'broken', skipped: 'could not start: no such backend here' });
        expect(outcome.results[2].backend).toBe('slow');
        expect(outcome.results[2].skipped).toMatch(/^about [\d.]+× slower than cpu$/);
        expect(outcome.summary).toMatch(/^probed cpu [\d,]+ samples\/s, broken skipped \(could not start: no such backend here\), slow skipped \(about [\d.]+× slower than cpu\)$/);
        expect(tf.getBackend()).toBe('cpu');
        expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
});

describe('run artifacts', () => {
    it('writes model.json, weights.bin and metrics.json that reload to identical predictions', async () => {
        const desc = training(mlp('Xor', [2, 8, 8, 1], 'tanh', 'sigmoid'), { file: join(root, 'xor.nn'), epochs: 3, validation: 'test' });
        const result = await train(tf, desc, xorData(100, 4, 40), {}, undefined, noYield);
        const date = new Date(2025, 0, 2, 3, 4, 5);
        const { dir, files } = await writeRunArtifacts(tf, desc, result, { date });
        // Also into a folder of the caller's choice (the CLI's --out).
        const elsewhere = await writeRunArtifacts(tf, desc, result, { date, runsDir: join(root, 'out') });
        expect(elsewhere.dir).toBe(join(root, 'out', 'Xor-20250102-030405'));
        expect(dir).toBe(join(root, '.nn-runs', 'Xor-20250102-030405'));
        expect((await readdir(dir)).sort()).toEqual(['metrics.json', 'model.json', 'weights.bin']);
        expect(files.map(f => f.slice(dir.length + 1))).toEqual(['model.json', 'weights.bin', 'metrics.json']);
        // Nothing but the two run folders: no temporary file or folder is left behind.
        expect(await readdir(join(root, '.nn-runs'))).toEqual(['Xor-20250102-030405']);

        const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
        expect(modelJson.format).toBe('layers-model');
        expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
        expect((await readFile(join(dir, 'weights.bin'))).byteLength).toBe(4 * result.model.countParams());

        const metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as RunMetrics;
        expect(metrics).toMatchObject({ model: 'Xor', seed: 7, backend: { used: 'cpu' }, stopped: false, epochsCompleted: 3, settings: { loss: 'binary_crossentropy', epochs: 3, batchSize: 32, validation: 'test' } });
        expect(metrics.history).toHaveLength(3);
        expect(metrics.history[2].val_accuracy).toBe(result.history[2].val_accuracy);
        expect(metrics.test).toEqual(result.test);
        expect(metrics.trainingSeconds).toBeGreaterThan(0);

        const reloaded = await loadModelFiles(tf, dir);
        const x = tf.tensor2d([[0.5, 0.5], [-0.5, 0.5], [0.1, -0.9]]);
        const a = result.model.predict(x) as ReturnType<typeof tf.tensor2d>;
        const b = reloaded.predict(x) as ReturnType<typeof tf.tensor2d>;
        expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([x, a, b]);
        reloaded.dispose();

        // A second run in the same second gets its own folder.
        const second = await writeRunArtifacts(tf, desc, result, { date });
        expect(second.dir).toBe(`${dir}-2`);
        result.model.dispose();
    });

    it('records a stopped run with its finished epochs', async () => {
        const controller = new AbortController();
        const desc = training(mlp('Stop', [2, 4, 1], 'tanh', 'sigmoid'), { file: join(root, 'stop.nn'), epochs: 5 });
        const result = await train(tf, desc, xorData(64, 5, 10), { onEpochEnd: e => void (e.epoch === 2 && controller.abort()) }, controller.signal, noYield);
        const { dir } = await writeRunArtifacts(tf, desc, result);
        const metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as RunMetrics;
        expect(metrics.stopped).toBe(true);
        expect(metrics.history.map(e => e.epoch)).toEqual([1, 2]);
        expect(metrics.test).toBeNull();
        result.model.dispose();
    });
});
