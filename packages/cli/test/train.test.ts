import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { runNn } from './run-nn.js';

let out: string;

const nn = (...args: string[]) => runNn(args);

function lines(stdout: string): Record<string, unknown>[] {
    return stdout.trim().split('\n').map(l => JSON.parse(l));
}

beforeAll(async () => {
    await build({ only: ['cli'], log: () => undefined });
    out = mkdtempSync(join(tmpdir(), 'nn-train-'));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('nn train', () => {
    it('trains xor to ≥ 95% test accuracy and writes the artifacts (--json contract)', async () => {
        const started = Date.now();
        const { code, stdout, stderr } = await nn('train', 'examples/xor.nn', '--json', '--out', out);
        expect(code, stderr).toBe(0);
        const records = lines(stdout);
        const epochs = records.slice(0, -1);
        const done = records[records.length - 1] as { done: boolean; stopped: boolean; test: { loss: number; accuracy: number }; out: string; backend: string; seconds: number };
        expect(epochs.length).toBe(60);
        expect(Object.keys(epochs[0]).sort()).toEqual(['accuracy', 'epoch', 'loss', 'val_accuracy', 'val_loss']);
        expect(epochs.map(e => e.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect(done).toMatchObject({ done: true, stopped: false });
        // The contract: these keys stay; new ones may be added.
        expect(Object.keys(done)).toEqual(expect.arrayContaining(['backend', 'done', 'out', 'seconds', 'stopped', 'test']));
        expect(done.test.accuracy).toBeGreaterThanOrEqual(0.95);
        expect(['wasm', 'cpu']).toContain(done.backend);
        expect(Date.now() - started).toBeLessThan(60_000);
        for (const f of ['model.json', 'weights.bin', 'metrics.json']) expect(existsSync(join(done.out, f)), f).toBe(true);
        const metrics = JSON.parse(readFileSync(join(done.out, 'metrics.json'), 'utf8'));
        expect(metrics).toMatchObject({ model: 'Xor', seed: 1, stopped: false, epochsCompleted: 60, backend: { requested: 'auto', used: done.backend } });
        expect(metrics.history).toHaveLength(60);
    }, 120_000);

    it('gives the same curve for the same seed (on the same backend: auto may pick another one run to run)', async () => {
        const a = lines((await nn('train', 'examples/xor.nn', '--json', '--epochs', '3', '--backend', 'wasm', '--out', out)).stdout);
        const b = lines((await nn('train', 'examples/xor.nn', '--json', '--epochs', '3', '--backend', 'wasm', '--out', out)).stdout);
        expect(a.slice(0, 3)).toEqual(b.slice(0, 3));
    }, 120_000);

    it('stops on a NaN loss, naming the epoch and batch, with a hint', async () => {
        const { code, stdout, stderr } = await nn('train', 'packages/cli/test/fixtures/nan.nn', '--json', '--out', out);
        expect(code).toBe(1);
        expect(stderr).toMatch(/epoch \d+, batch \d+/);
        expect(stderr).toMatch(/[Ll]earning rate/);
        expect(lines(stdout).at(-1)).toMatchObject({ done: false });
    }, 120_000);

    it('refuses a file with errors, and a missing file', async () => {
        const errors = await nn('train', 'packages/cli/test/fixtures/errors.nn');
        expect(errors.code).toBe(1);
        expect(errors.stderr).toMatch(/error/);
        const missing = await nn('train', 'examples/missing.nn');
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/cannot read/);
        expect(missing.stderr).not.toMatch(/at .*\.js/);
    }, 60_000);

    it('rejects bad options with usage and exit 2', async () => {
        expect((await nn('train', 'examples/xor.nn', '--backend', 'gpu')).code).toBe(2);
        expect((await nn('train', 'examples/xor.nn', '--epochs', '0')).code).toBe(2);
        const many = await nn('train', 'examples/sequence.nn');
        expect(many.code).toBe(2);
        expect(many.stderr).toMatch(/no train block/);
    }, 60_000);
});
