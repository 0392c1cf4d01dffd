/** Messages between the runs view (curves of one or more past runs) and the extension host, checked on arrival. */
import * as v from 'valibot';
import { reader } from '../protocol/read.js';

export const RUNS_VIEW_TYPE = 'nn.runCurves';

/** Per-epoch values; null where metrics.json has none (or NaN, which JSON writes as null). */
const series = v.array(v.nullable(v.number()));

export const runCurvesSchema = v.object({
    name: v.string(),
    model: v.string(),
    /** How it ended, one line (runOutcome). */
    outcome: v.string(),
    epochs: v.array(v.number()),
    loss: series,
    valLoss: series,
    /** The run's first metric, if any. */
    metric: v.optional(v.string()),
    metricValues: series,
    valMetricValues: series
});

export const runsHostMessageSchema = v.object({ type: v.literal('runs'), runs: v.array(runCurvesSchema) });
export const runsViewMessageSchema = v.object({ type: v.literal('ready') });

export type RunCurves = v.InferOutput<typeof runCurvesSchema>;
export type RunsHostMessage = v.InferOutput<typeof runsHostMessageSchema>;
export type RunsViewMessage = v.InferOutput<typeof runsViewMessageSchema>;

export const readRunsHostMessage = reader(runsHostMessageSchema);
export const readRunsViewMessage = reader(runsViewMessageSchema);

/** A run's metrics.json history as curves (the host builds these from the shared reader's output). */
export function curvesOf(name: string, outcome: string, metrics: { model: string; settings: { metrics: string[] }; history: Record<string, number | null | undefined>[] }): RunCurves {
    const metric = metrics.settings.metrics[0];
    const column = (key: string | undefined) => metrics.history.map(h => (key !== undefined && typeof h[key] === 'number' ? (h[key] as number) : null));
    return {
        name,
        model: metrics.model,
        outcome,
        epochs: metrics.history.map((h, i) => (typeof h.epoch === 'number' ? h.epoch : i + 1)),
        loss: column('loss'),
        valLoss: column('val_loss'),
        metric,
        metricValues: column(metric),
        valMetricValues: column(metric === undefined ? undefined : `val_${metric}`)
    };
}
