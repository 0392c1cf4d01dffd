/**
 * Runs one Node backend (wasm, cpu or auto) over the models in a child process (node-backend.ts)
 * and turns its answers into table cells. A child that crashes or hangs costs its own cells only.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { TrainingDescription } from '@nn-lang/language';
import { track } from './children.js';
import type { ModelKey } from './models.js';
import type { NodeJob, NodeModelResult } from './node-backend.js';
import { cellFromWindows, describeCell, naCell, type Cell } from './report.js';
import type { MeterSettings } from './windows.js';

export interface NodeRunOptions {
    root: string;
    backend: 'node-wasm' | 'node-cpu' | 'node-auto';
    models: { key: ModelKey; description: TrainingDescription }[];
    meter: MeterSettings;
    capSeconds: number;
    mnistDir: string;
    log: (line: string) => void;
}

/** Time a model may take beyond its cap (a single slow batch, building the model) before the child is killed. */
const GRACE_SECONDS = 180;

export function runNodeBackend(o: NodeRunOptions): Promise<Cell[]> {
    const choice = o.backend.slice('node-'.length) as NodeJob['backend'];
    const job: NodeJob = { backend: choice, models: o.models, meter: o.meter, capSeconds: o.capSeconds, mnistDir: o.mnistDir };
    const cells = new Map<ModelKey, Cell>();
    const child = track(
        fork(path.join(o.root, 'scripts/run-ts.mjs'), [path.join(o.root, 'bench/train/node-backend.ts')], {
            cwd: o.root,
            stdio: ['ignore', 'pipe', 'pipe', 'ipc']
        })
    );
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
            if (!line.trim()) continue;
            tail.push(line);
            if (tail.length > 20) tail.shift();
            o.log(`  [${o.backend}] ${line}`);
        }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);

    return new Promise(resolve => {
        let watchdog: NodeJS.Timeout | undefined;
        const arm = () => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => {
                o.log(`  [${o.backend}] no answer for ${o.capSeconds + GRACE_SECONDS} s: killing it`);
                hung = true;
                child.kill('SIGKILL');
            }, (o.capSeconds + GRACE_SECONDS) * 1000);
        };
        let hung = false;
        child.on('message', (m: NodeModelResult | { type: 'finished' }) => {
            if (m.type !== 'result') return;
            arm();
            const key = m.key as ModelKey;
            const cell = m.ok
                ? cellFromWindows(key, o.backend, m.windows, { batchSize: o.models.find(x => x.key === key)!.description.batchSize, partial: m.partial, warmupOnly: m.warmupOnly, capped: m.capped, capSeconds: o.capSeconds, expected: o.meter.windows, ran: m.backend, reason: m.reason })
                : naCell(key, o.backend, m.error);
            cells.set(key, cell);
            o.log(`  ${o.backend} ${key}: ${describeCell(cell)}`);
        });
        child.once('spawn', () => {
            child.send(job);
            arm();
        });
        child.once('exit', (code, signal) => {
            clearTimeout(watchdog);
            const why = hung
                ? `timed out (no result within ${o.capSeconds + GRACE_SECONDS} s)`
                : `the Node process ended (${signal ?? `exit code ${code}`})${tail.length ? `: ${tail[tail.length - 1].slice(0, 160)}` : ''}`;
            resolve(o.models.map(({ key }) => cells.get(key) ?? naCell(key, o.backend, why)));
        });
    });
}
