/** Reading run folders back for the runs view: good ones with their metrics, malformed ones with the reason. */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunFolder, readRunsRoot, runMetrics, runOutcome, writeRunFolder } from '../src/runs/index.js';
import { saveModelToMemory } from '../src/train/saved-model.js';
import { mlp, training } from './train-fixtures.js';

const root = mkdtempSync(path.join(tmpdir(), 'nn-runs-read-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => tf.setBackend('cpu'));

const desc = training(mlp('Xor', [2, 4, 1], 'tanh', 'sigmoid'), { file: path.join(root, 'xor.nn'), epochs: 3, metrics: ['accuracy'] });
const record = (over: Partial<Parameters<typeof runMetrics>[0]> = {}) =>
    runMetrics({
        description: desc,
        startedAt: new Date(2025, 0, 31, 14, 5, 9),
        finishedAt: new Date(2025, 0, 31, 14, 5, 19),
        stopped: false,
        history: [1, 2, 3].map(epoch => ({ epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 10, seconds: 1 })),
        test: { loss: 0.3, accuracy: 0.9125 },
        seed: 7,
        backend: { requested: 'cpu', used: 'cpu', reason: null },
        generatedBy: 'test',
        modelSaved: true,
        ...over
    });

describe('reading run folders', () => {
    it('reads what the writer wrote, and says how each run ended', async () => {
        const runs = path.join(root, '.nn-runs');
        const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
        await writeRunFolder(runs, 'Xor-20250131-140509', { model: await saveModelToMemory(tf, model), metrics: record() });
        await writeRunFolder(runs, 'Xor-20250201-090000', { metrics: record({ stopped: true, history: [], test: undefined, modelSaved: false, stoppedAt: { epoch: 1, batch: 3, batchesPerEpoch: 10 } }) });
        // A diverged run: JSON has no NaN, the loss is null.
        await writeRunFolder(runs, 'Xor-20250201-100000', { metrics: record({ history: [{ epoch: 1, loss: NaN, seconds: 1 }], test: undefined, error: 'the loss became NaN', modelSaved: false }) });
        mkdirSync(path.join(runs, 'empty-folder'));
        mkdirSync(path.join(runs, 'Xor-20250202-000000'));
        writeFileSync(path.join(runs, 'Xor-20250202-000000', 'metrics.json'), '{"model": "Xor", ');
        mkdirSync(path.join(runs, 'Other-20250203-000000'));
        writeFileSync(path.join(runs, 'Other-20250203-000000', 'metrics.json'), JSON.stringify({ ...record(), history: 'none' }));
        model.dispose();

        const entries = await readRunsRoot(runs);
        expect(entries.map(e => [e.name, e.ok])).toEqual([
            ['Other-20250203-000000', false],
            ['Xor-20250202-000000', false],
            ['Xor-20250201-100000', true],
            ['Xor-20250201-090000', true],
            ['Xor-20250131-140509', true],
            ['empty-folder', false]
        ]);
        const problems = Object.fromEntries(entries.filter(e => !e.ok).map(e => [e.name, (e as { problem: string }).problem]));
        expect(problems['empty-folder']).toBe('no metrics.json');
        expect(problems['Xor-20250202-000000']).toMatch(/^metrics\.json is not valid JSON \(/);
        expect(problems['Other-20250203-000000']).toMatch(/^metrics\.json is not a run's metrics: history: /);
        const ok = entries.filter(e => e.ok);
        expect(ok.map(e => e.hasModel)).toEqual([false, false, true]);
        expect(ok.map(e => runOutcome(e.metrics))).toEqual(['1/3 epochs · failed', '0/3 epochs · stopped', '3/3 epochs · test accuracy 91.25%']);
        expect(ok[2].metrics.history.map(h => h.loss)).toEqual([1, 0.5, 1 / 3]);
    });

    it('a folder that does not exist holds no runs; a run folder without metrics says so', async () => {
        expect(await readRunsRoot(path.join(root, 'nowhere'))).toEqual([]);
        expect(await readRunFolder(path.join(root, 'nowhere', 'X-20250101-000000'))).toMatchObject({ ok: false, problem: 'no metrics.json' });
    });
});
