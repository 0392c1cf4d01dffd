/** Curves of several runs on one chart. */
import type { RunCurves } from './protocol.js';

/** One x array (every epoch any run has) and, per run, its values on it. */
export function overlay(runs: RunCurves[], pick: (r: RunCurves) => (number | null)[]): [number[], ...(number | null)[][]] {
    const xs = [...new Set(runs.flatMap(r => r.epochs))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    return [
        xs,
        ...runs.map(r => {
            const ys: (number | null)[] = new Array(xs.length).fill(null);
            pick(r).forEach((y, i) => (ys[index.get(r.epochs[i])!] = y));
            return ys;
        })
    ];
}
