/**
 * Which backend trains this model fastest here: a few timed batches of the actual model on the
 * actual data, per candidate. Which one wins depends on the model (per-kernel overhead rules tiny
 * networks, arithmetic rules big ones) and on the machine, so it is measured, not guessed.
 */
import type { TrainingDescription } from '@nn-lang/language';
import { TrainingError } from './errors.js';
import { train } from './train.js';
import type { DatasetLike, SplitLike, TF } from './types.js';

export interface ProbeResult {
    backend: string;
    /** Training throughput after warm-up; absent when the candidate was skipped. */
    samplesPerSec?: number;
    /** Why the candidate was not measured (could not start, or clearly slower). */
    skipped?: string;
}

export interface ProbeOutcome {
    best: string;
    results: ProbeResult[];
    /** One sentence for the user: what was measured and what won. */
    summary: string;
}

export interface ProbeOptions {
    /** Batches timed after warming up (fewer when the time budget runs out). Default 6. */
    batches?: number;
    /** Time per candidate after warming up. Default 1,500 ms. */
    budgetMs?: number;
    /** Samples in the pilot batch that screens out hopeless candidates. Default 8. */
    pilotSamples?: number;
    /**
     * How much faster than the first candidate another must be to replace it. Default 1.3: where
     * two backends are close, the same choice run after run keeps a seed's curve the same.
     */
    margin?: number;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

function head(split: SplitLike, count: number): SplitLike {
    const n = Math.min(count, split.count);
    const xPer = split.count > 0 ? split.x.length / split.count : 0;
    const yPer = split.count > 0 ? split.y.length / split.count : 0;
    return { x: split.x.subarray(0, n * xPer), y: split.y.subarray(0, n * yPer), count: n };
}

/**
 * Trains warm-up batches (at least `WARM_BATCHES` and `WARM_MS`: the first batches on a backend pay
 * for kernel setup and the JIT), then up to `batches` timed batches of `batchSize` within
 * `budgetMs`; returns the seconds each timed batch took.
 */
async function timeBatches(tf: TF, desc: TrainingDescription, dataset: DatasetLike, batchSize: number, batches: number, budgetMs: number): Promise<number[]> {
    const maxBatches = Math.max(1, Math.floor(dataset.train.count / batchSize));
    const probeDesc: TrainingDescription = { ...desc, epochs: 1000, batchSize, validation: undefined, seed: desc.seed ?? 1 };
    const probeData: DatasetLike = { ...dataset, train: head(dataset.train, batchSize * Math.min(maxBatches, WARM_BATCHES + batches)), test: undefined };
    const stop = new AbortController();
    const times: number[] = [];
    let last = 0;
    let started = 0;
    let warmed = 0;
    let timedFrom = 0;
    const result = await train(
        tf,
        probeDesc,
        probeData,
        {
            onStart: () => {
                started = last = now();
            },
            onBatchEnd: () => {
                const t = now();
                if (timedFrom) times.push((t - last) / 1000);
                else if (++warmed >= WARM_BATCHES && t - started >= WARM_MS) timedFrom = t;
                last = t;
                if (times.length >= batches || (timedFrom && t - timedFrom > budgetMs) || t - started > budgetMs + WARM_MS * 4) stop.abort();
            }
        },
        stop.signal,
        { evaluateTest: false, yieldEveryMs: 1e9 }
    );
    result.model.dispose();
    // Out of time while warming up: the last warm-up batch is the best estimate there is.
    return times.length ? times : [(last - started) / 1000 / Math.max(1, warmed)];
}

const WARM_BATCHES = 3;
const WARM_MS = 150;

/** Interference from other work on the machine only ever adds time: the fastest batch is the estimate. */
function fastest(values: number[]): number {
    return Math.min(...values);
}

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');

/**
 * Probes the candidates in order (put the likeliest winner first: it sets the bar the others must
 * clear). `activate(name)` switches tfjs to that backend and rejects when it cannot start. A
 * candidate whose small pilot batch alone takes three times as long as the best full batch so far is
 * skipped without a full measurement — a full batch does at least the pilot's work.
 * Leaves tfjs on the winner.
 */
export async function probeBackends(
    tf: TF,
    desc: TrainingDescription,
    dataset: DatasetLike,
    candidates: string[],
    activate: (name: string) => Promise<void>,
    options: ProbeOptions = {}
): Promise<ProbeOutcome> {
    const batches = options.batches ?? 6;
    const budgetMs = options.budgetMs ?? 1500;
    const pilotSamples = Math.min(options.pilotSamples ?? 8, desc.batchSize);
    const batchSize = Math.min(desc.batchSize, dataset.train.count);
    const margin = options.margin ?? 1.3;
    const results: ProbeResult[] = [];
    let best: { backend: string; batchSeconds: number } | undefined;
    for (const backend of candidates) {
        try {
            await activate(backend);
        } catch (e) {
            results.push({ backend, skipped: `could not start: ${(e as Error)?.message ?? String(e)}` });
            continue;
        }
        let batchSeconds: number;
        try {
            if (best && pilotSamples < batchSize) {
                const pilot = fastest(await timeBatches(tf, desc, dataset, pilotSamples, 2, budgetMs));
                if (pilot > 3 * best.batchSeconds) {
                    const slower = (pilot * (batchSize / pilotSamples)) / best.batchSeconds;
                    results.push({ backend, skipped: `about ${slower >= 10 ? Math.round(slower) : slower.toFixed(1)}× slower than ${best.backend}` });
                    continue;
                }
            }
            batchSeconds = fastest(await timeBatches(tf, desc, dataset, batchSize, batches, budgetMs));
        } catch (e) {
            // Settings or data that do not fit fail on every backend: that is the user's error to see.
            if (e instanceof TrainingError && e.code !== 'runtime') throw e;
            results.push({ backend, skipped: `failed: ${(e as Error)?.message ?? String(e)}` });
            continue;
        }
        results.push({ backend, samplesPerSec: batchSize / batchSeconds });
        const bar = best && best.backend === candidates[0] ? best.batchSeconds / margin : best?.batchSeconds;
        if (!best || batchSeconds < bar!) best = { backend, batchSeconds };
    }
    if (!best) throw new Error(`no backend could train the model: ${results.map(r => `${r.backend} ${r.skipped}`).join('; ')}`);
    if (tf.getBackend() !== best.backend) await activate(best.backend);
    const measured = results.map(r => (r.samplesPerSec !== undefined ? `${r.backend} ${fmt(r.samplesPerSec)} samples/s` : `${r.backend} skipped (${r.skipped})`));
    return { best: best.backend, results, summary: `probed ${measured.join(', ')}` };
}
