/**
 * Reading run folders back (the runs view, anything that lists past runs): a folder whose
 * metrics.json is missing, not JSON, or not shaped like one is reported as such, with the reason,
 * never thrown on. Only what readers rely on is checked; keys added later pass through.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { METRICS_FILE, MODEL_FILE, WEIGHTS_FILE } from './folder.js';
import type { RunMetrics } from './metrics.js';

/** A number in metrics.json: a diverged loss was NaN, which JSON writes as null. */
const jsonNumber = v.nullable(v.number());

const metricsSchema = v.looseObject({
    model: v.string(),
    file: v.string(),
    line: v.number(),
    startedAt: v.string(),
    finishedAt: v.string(),
    stopped: v.boolean(),
    epochsCompleted: v.pipe(v.number(), v.integer(), v.minValue(0)),
    settings: v.looseObject({ epochs: v.number(), loss: v.string(), metrics: v.array(v.string()) }),
    history: v.array(v.looseObject({ epoch: v.number(), loss: jsonNumber })),
    test: v.nullable(v.looseObject({ loss: jsonNumber })),
    files: v.array(v.string())
});

export type RunEntry =
    | { ok: true; dir: string; name: string; metrics: RunMetrics; hasModel: boolean }
    | { ok: false; dir: string; name: string; problem: string };

export async function readRunFolder(dir: string): Promise<RunEntry> {
    const name = path.basename(dir);
    let text: string;
    try {
        text = await readFile(path.join(dir, METRICS_FILE), 'utf8');
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return { ok: false, dir, name, problem: code === 'ENOENT' ? `no ${METRICS_FILE}` : `${METRICS_FILE} cannot be read (${code ?? (e as Error).message})` };
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        return { ok: false, dir, name, problem: `${METRICS_FILE} is not valid JSON (${(e as Error).message})` };
    }
    const read = v.safeParse(metricsSchema, json);
    if (!read.success) {
        const issue = read.issues[0];
        const where = v.getDotPath(issue) ?? 'the top level';
        return { ok: false, dir, name, problem: `${METRICS_FILE} is not a run's metrics: ${where}: ${issue.message}` };
    }
    const exists = (file: string) => stat(path.join(dir, file)).then(s => s.isFile(), () => false);
    const hasModel = (await exists(MODEL_FILE)) && (await exists(WEIGHTS_FILE));
    return { ok: true, dir, name, metrics: read.output as unknown as RunMetrics, hasModel };
}

/** Every run folder under a runs root (`.nn-runs`), newest first (names end with the start time, runFolderName). */
export async function readRunsRoot(root: string): Promise<RunEntry[]> {
    let entries;
    try {
        entries = await readdir(root, { withFileTypes: true });
    } catch {
        return [];
    }
    const dirs = entries.filter(e => e.isDirectory() && !e.name.startsWith('.')).map(e => path.join(root, e.name));
    const runs = await Promise.all(dirs.map(readRunFolder));
    const stamp = (name: string) => name.match(/\d{8}-\d{6}$/)?.[0] ?? '';
    return runs.sort((a, b) => stamp(b.name).localeCompare(stamp(a.name)) || b.name.localeCompare(a.name));
}

/** One line on how a run ended: epochs, the test metric or the last loss, stopped or failed. */
export function runOutcome(metrics: RunMetrics): string {
    const m = metrics;
    const parts = [`${m.epochsCompleted}/${m.settings.epochs} epochs`];
    const accuracy = m.test?.accuracy;
    if (typeof accuracy === 'number') parts.push(`test accuracy ${(accuracy * 100).toFixed(2)}%`);
    else if (m.test && typeof m.test.loss === 'number') parts.push(`test loss ${m.test.loss.toPrecision(4)}`);
    else {
        const last = m.history.at(-1);
        if (last && typeof last.loss === 'number') parts.push(`loss ${last.loss.toPrecision(4)}`);
    }
    if (m.error) parts.push('failed');
    else if (m.stopped) parts.push('stopped');
    return parts.join(' · ');
}
