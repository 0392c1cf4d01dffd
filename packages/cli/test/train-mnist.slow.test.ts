import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { runNn } from './run-nn.js';

const out = mkdtempSync(join(tmpdir(), 'nn-mnist-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// The seed MLP for one epoch on the full MNIST split (60,000 / 10,000): Keras reaches ~96–97%.
it('trains the seed MLP one epoch on MNIST to ≥ 96% test accuracy', async () => {
    await build({ only: ['cli'], log: () => undefined });
    const { code, stdout, stderr } = await runNn(['train', 'examples/mnist-mlp.nn', '--epochs', '1', '--json', '--out', out]);
    expect(code, stderr).toBe(0);
    const done = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ done: true, stopped: false });
    expect(done.test.accuracy).toBeGreaterThanOrEqual(0.96);
    console.log(`MNIST 1 epoch: test accuracy ${done.test.accuracy}, ${done.seconds} s on ${done.backend}`);
}, 900_000);
