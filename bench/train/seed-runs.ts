/**
 * --full: the seed runs on the real MNIST split through the real `nn train` (the CLI bundle,
 * `--json`), on the backend `auto` picks. Per-epoch seconds come from the run's metrics.json
 * (the trainer's own clock, test-set pass included), accuracy from the epoch lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { onCleanup, track } from './children.js';
import { MODELS, type ModelKey } from './models.js';
import type { SeedRun } from './report.js';

/** Keras's test accuracy for the seed runs (the figures the .nn files cite). */
export const KERAS_ACCURACY: Partial<Record<ModelKey, number>> = { mlp: 0.984, cnn: 0.9925 };

export async function runSeedRun(root: string, model: ModelKey, epochs: number | undefined, log: (line: string) => void): Promise<SeedRun> {
    const file = MODELS[model].file;
    const out = mkdtempSync(path.join(tmpdir(), 'nn-bench-seed-'));
    const forget = onCleanup(() => rmSync(out, { recursive: true, force: true }));
    const args = [path.join(root, 'packages/cli/bin/nn.js'), 'train', file, '--json', '--out', out, ...(epochs ? ['--epochs', String(epochs)] : [])];
    log(`  nn ${args.slice(1).join(' ')}`);
    const started = performance.now();
    const run: SeedRun = { model, file, epochs: epochs ?? 0, perEpoch: [], wallSeconds: 0, kerasAccuracy: KERAS_ACCURACY[model] };
    let lastEpochAt = started;
    try {
        const child = track(spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
        let lastErr = '';
        child.stderr!.on('data', (c: Buffer) => {
            for (const line of c.toString().split('\n')) if (line.trim()) lastErr = line.trim();
        });
        let done: { done: boolean; test?: { accuracy?: number } | null; out?: string; backend?: string; seconds?: number; error?: string } | undefined;
        for await (const line of createInterface({ input: child.stdout! })) {
            if (!line.trim().startsWith('{')) continue;
            const record = JSON.parse(line) as Record<string, unknown>;
            if ('done' in record) {
                done = record as typeof done;
                continue;
            }
            const now = performance.now();
            const epoch = Number(record.epoch);
            const entry = { epoch, seconds: (now - lastEpochAt) / 1000, accuracy: record.accuracy as number | undefined, testAccuracy: record.val_accuracy as number | undefined };
            lastEpochAt = now;
            run.perEpoch.push(entry);
            log(`  ${model} epoch ${epoch}: test accuracy ${entry.testAccuracy === undefined ? '–' : (entry.testAccuracy * 100).toFixed(2) + '%'}, ${entry.seconds.toFixed(1)} s`);
        }
        const code = await new Promise<number | null>(resolve => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
        run.wallSeconds = (performance.now() - started) / 1000;
        if (!done?.done) {
            run.error = done?.error ?? `nn train exited with ${code}${lastErr ? `: ${lastErr}` : ''}`;
            return run;
        }
        run.backend = done.backend;
        run.seconds = done.seconds;
        run.testAccuracy = done.test?.accuracy ?? run.perEpoch.at(-1)?.testAccuracy;
        run.epochs = run.perEpoch.length;
        // The trainer's own per-epoch times (the first epoch line above also waited for data and startup).
        try {
            const metrics = JSON.parse(readFileSync(path.join(done.out!, 'metrics.json'), 'utf8')) as { history: { epoch: number; seconds: number }[] };
            for (const h of metrics.history) {
                const e = run.perEpoch.find(p => p.epoch === h.epoch);
                if (e) e.seconds = h.seconds;
            }
        } catch {
            // Arrival times stay.
        }
        return run;
    } finally {
        forget();
        rmSync(out, { recursive: true, force: true });
    }
}
