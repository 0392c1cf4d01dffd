/**
 * The PyTorch column: installs Debian's torch and OpenBLAS when missing (setup-pytorch.sh), then
 * runs pytorch_bench.py with Debian's /usr/bin/python3 (a PATH python may be a pyenv one without
 * torch) on the same descriptions, batch size and timing rules.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TrainingDescription } from '@nn-lang/language';
import { track } from './children.js';
import { BENCH_GENERATED_POINTS, syntheticKind, type ModelKey } from './models.js';
import { cellFromWindows, describeCell, formatRate, naCell, type Cell, type MachineInfo } from './report.js';
import type { MeterSettings, Window } from './windows.js';

export const PYTHON = '/usr/bin/python3';

export interface PytorchOptions {
    root: string;
    models: { key: ModelKey; description: TrainingDescription }[];
    batchSize: number;
    meter: MeterSettings;
    capSeconds: number;
    install: boolean;
    log: (line: string) => void;
}

interface ThreadRun {
    threads: number;
    windows: Window[];
    partial: boolean;
    warmupOnly: boolean;
    capped: boolean;
}

interface PytorchOutput {
    torch: NonNullable<MachineInfo['torch']>;
    results: ({ key: string; ok: true; runs: ThreadRun[] } | { key: string; ok: false; error: string })[];
}

/**
 * PyTorch's figure: the faster of its runs with every core and with one thread (on a shared
 * machine its threads wait on each other, and the slower figure would flatter nn-lang).
 */
export function pytorchCell(key: ModelKey, runs: ThreadRun[], batchSize: number, capSeconds: number, expected: number): Cell {
    const cells = runs.map(r => ({ threads: r.threads, cell: cellFromWindows(key, 'pytorch', r.windows, { ...r, batchSize, capSeconds, expected, ran: 'torch' }) }));
    const ok = cells.filter(c => c.cell.ok);
    if (ok.length === 0) return cells[0]?.cell ?? naCell(key, 'pytorch', 'no result');
    const best = ok.reduce((a, b) => (b.cell.rate!.median > a.cell.rate!.median ? b : a));
    const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
    const notes = [best.cell.note];
    if (cells.length > 1) notes.push(`${threads(best.threads)}; ${cells.filter(c => c !== best).map(c => `${threads(c.threads)}: ${c.cell.ok ? formatRate(c.cell.rate!.median) : 'n/a'}`).join(', ')}`);
    return { ...best.cell, ran: `torch, ${threads(best.threads)}`, note: notes.filter(Boolean).join('; ') || undefined };
}

/** Why PyTorch cannot run here, or undefined when it can (after installing it if allowed). */
function unavailable(o: PytorchOptions): string | undefined {
    if (o.install) {
        const setup = spawnSync('bash', [path.join(o.root, 'bench/train/setup-pytorch.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
        if (setup.stderr) process.stderr.write(setup.stderr);
        if (setup.status !== 0) return `python3-torch could not be installed: ${setup.stderr.trim().split('\n').pop() ?? `exit ${setup.status}`}`;
    }
    if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
    const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) return `${PYTHON} cannot import torch${o.install ? '' : ' (--no-install: run bash bench/train/setup-pytorch.sh)'}`;
    return undefined;
}

export async function runPytorch(o: PytorchOptions): Promise<{ cells: Cell[]; torch?: MachineInfo['torch'] }> {
    const na = (why: string) => ({ cells: o.models.map(m => naCell(m.key, 'pytorch', why)) });
    const why = unavailable(o);
    if (why) return na(why);
    const job = {
        batchSize: o.batchSize,
        meter: o.meter,
        capSeconds: o.capSeconds,
        models: o.models.map(({ key, description }) => {
            const data = syntheticKind(description);
            return { key, description, data, trainCount: data === 'mnist' ? 60000 : BENCH_GENERATED_POINTS / 2 };
        })
    };
    const child = track(spawn(PYTHON, [path.join(o.root, 'bench/train/pytorch_bench.py')], {
            cwd: o.root,
            stdio: ['pipe', 'pipe', 'pipe'],
            env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }
        }));
    let stdout = '';
    let lastErr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
        const text = c.toString();
        for (const line of text.split('\n')) if (line.trim()) lastErr = line;
        process.stderr.write(text);
    });
    child.stdin!.end(JSON.stringify(job));
    const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
    let out: PytorchOutput;
    try {
        out = JSON.parse(stdout) as PytorchOutput;
    } catch {
        return na(`pytorch_bench.py failed (exit ${code}): ${lastErr.slice(0, 200)}`);
    }
    const cells = o.models.map(({ key }) => {
        const r = out.results.find(x => x.key === key);
        if (!r) return naCell(key, 'pytorch', 'no result');
        if (!r.ok) return naCell(key, 'pytorch', r.error);
        return pytorchCell(key, r.runs, o.batchSize, o.capSeconds, o.meter.windows);
    });
    for (const c of cells) o.log(`  pytorch ${c.model}: ${describeCell(c)}`);
    return { cells, torch: out.torch };
}
