/**
 * The view's state: everything the page shows, as plain JSON. The page is a function of it, it is
 * what `vscode.setState` keeps across a reload, and it is updated only by `applyEvent` from the
 * same messages the webview posts to the host (plus per-batch events the host does not need).
 */
import type { BatchEndEvent, LayerStats } from '@nn-lang/training/train';
import type { InsideView } from './inside.js';
import { fractionDone } from './format.js';
import { observeRate, remainingFrom, type RateWindow } from './eta.js';
import {
    PROTOCOL_VERSION,
    type BackendMessage,
    type ConfusionResult,
    type DataMessage,
    type GridResult,
    type HostMessage,
    type SampleResult,
    type StartedMessage,
    type TestMetrics,
    type WebviewMessage
} from './protocol/index.js';

export type Point = [number, number];

/** Points kept per chart series; beyond this, points are merged pairwise (charts and setState stay small). */
export const MAX_SERIES_POINTS = 1200;

/**
 * A chart line that keeps at most MAX_SERIES_POINTS points: when full, every pair of neighbours
 * becomes one (x and y averaged) and later values are averaged in groups of the same size
 * (`stride` raw values per point), so the whole run stays evenly resolved.
 */
export interface Series {
    points: Point[];
    /** Raw values per point. */
    stride: number;
    /** Sums of the values waiting to fill the next point: [Σx, Σy, count]. */
    pending?: [number, number, number];
}

export interface ChartSeries {
    /** Per batch, x = epochs done (fractional). */
    batch: Series;
    /** Per epoch, x = epoch. */
    train: Series;
    validation: Series;
}

export type RunStatus = 'loading' | 'training' | 'stopping' | 'done' | 'stopped' | 'error' | 'interrupted';

export interface RunView {
    runId: string;
    model: string;
    file: string;
    line: number;
    /** Total parameters of the model. */
    params: number;
    /** e.g. `xor(n=400, noise=0.05)`. */
    dataLabel: string;
    settings: { loss: string; optimizer: string; learningRate: number; epochs: number; batchSize: number; validation?: 'test' | number; seed?: number };
    /** The metric charted beside the loss: the first of `metrics`, if any. */
    metric?: string;
    status: RunStatus;
    backend?: Omit<BackendMessage, 'type' | 'runId'>;
    data?: Omit<DataMessage, 'type' | 'runId'>;
    started?: Omit<StartedMessage, 'type' | 'runId'>;
    progress?: {
        epoch: number;
        batch: number;
        batchesPerEpoch: number;
        epochs: number;
        fraction: number;
        samplesPerSec: number;
        elapsed: number;
        eta?: number;
        loss: number;
        metric?: number;
    };
    /** Wall-clock start of training in this page (ms, performance.now()); not meaningful after a reload. */
    startedAt?: number;
    charts: { loss: ChartSeries; metric: ChartSeries };
    epochsCompleted: number;
    /** The decision boundary as of the last epoch drawn, while training (2-D classifiers). */
    liveGrid?: { epoch: number; grid: GridResult };
    /** Per epoch, each layer's weight and gradient norm. */
    layerStats?: LayerStats[];
    /** One test sample through the trained network. */
    inside?: InsideView;
    /** Training is over and the run measures the model: what it is doing. */
    finishing?: string;
    /** Times of the batches so far (elapsed seconds and share done), for the ETA. */
    timing?: RateWindow;
    /** Logs of the last finished epoch (loss, metrics, val_*). */
    lastEpoch?: Record<string, number>;
    result?: {
        stopped: boolean;
        seconds: number;
        epochsCompleted: number;
        test?: TestMetrics;
        confusion?: ConfusionResult;
        samples?: SampleResult[];
        mistakes?: SampleResult[];
        grid?: GridResult;
    };
    error?: { message: string; hint?: string; file?: string; line?: number };
}

export interface ViewState {
    version: number;
    run?: RunView;
    /** Set when this state came back from `getState` after a reload. */
    restored?: boolean;
}

/** The trainer's per-batch event, local to the webview (the host gets throttled `progress` messages). */
export interface BatchEvent extends BatchEndEvent {
    type: 'batch';
    runId: string;
    /** Seconds since training started. */
    elapsed: number;
}

/** Stop asked from the page or the host; the run ends at the next batch. */
export interface StoppingEvent {
    type: 'stopping';
    runId: string;
}

/** The decision boundary of the model being trained, at an epoch's end (2-D classifiers). */
export interface BoundaryEvent {
    type: 'boundary';
    runId: string;
    epoch: number;
    grid: GridResult;
}

/** Training is over; what the run still does before its results (a pass over the test set). */
export interface FinishingEvent {
    type: 'finishing';
    runId: string;
    what: string;
}

/** Each layer's weight and gradient norm at an epoch's end. */
export interface LayerStatsEvent extends LayerStats {
    type: 'layerStats';
    runId: string;
}

/** Each layer's output for one test sample and the first conv's filters, at the end of a run. */
export interface InsideEvent {
    type: 'inside';
    runId: string;
    view: InsideView;
}

/** Events the running page makes for itself (the host gets none of these). */
export type PageEvent = BatchEvent | BoundaryEvent | FinishingEvent | LayerStatsEvent | InsideEvent;

export type ViewEvent = HostMessage | WebviewMessage | PageEvent | StoppingEvent;

export function emptyState(): ViewState {
    return { version: PROTOCOL_VERSION };
}

export const emptySeries = (): Series => ({ points: [], stride: 1 });
const emptyChart = (): ChartSeries => ({ batch: emptySeries(), train: emptySeries(), validation: emptySeries() });

export function pushPoint(series: Series, [x, y]: Point, max = MAX_SERIES_POINTS): void {
    if (series.stride > 1) {
        const p = (series.pending ??= [0, 0, 0]);
        p[0] += x;
        p[1] += y;
        p[2]++;
        if (p[2] < series.stride) return;
        series.points.push([p[0] / p[2], p[1] / p[2]]);
        series.pending = undefined;
    } else {
        series.points.push([x, y]);
    }
    if (series.points.length <= max) return;
    const merged: Point[] = [];
    const pts = series.points;
    for (let i = 0; i + 1 < pts.length; i += 2) merged.push([(pts[i][0] + pts[i + 1][0]) / 2, (pts[i][1] + pts[i + 1][1]) / 2]);
    if (pts.length % 2 === 1) {
        // The odd newest point holds `stride` values: it waits for as many to fill a merged point.
        const [lx, ly] = pts[pts.length - 1];
        series.pending = [lx * series.stride, ly * series.stride, series.stride];
    }
    series.points = merged;
    series.stride *= 2;
}

function dataLabel(data: { kind: string; n?: number; noise?: number; path?: string; label?: string }): string {
    if (data.kind === 'csv') return `csv("${(data.path ?? '').split(/[\\/]/).pop()}", label="${data.label}")`;
    if (data.n !== undefined) return `${data.kind}(n=${data.n}, noise=${data.noise})`;
    return data.kind;
}

/**
 * Folds one event into the state (mutating it; returns it for chaining). Events of another run
 * than the current one are ignored, except a `start`, which begins a new run.
 */
export function applyEvent(state: ViewState, event: ViewEvent): ViewState {
    if (event.type === 'start') {
        const d = event.description;
        state.restored = false;
        state.run = {
            runId: event.runId,
            model: d.model.name,
            file: d.file,
            line: d.line,
            params: d.model.params.total,
            dataLabel: dataLabel(d.data as never),
            settings: {
                loss: d.loss,
                optimizer: d.optimizer.name,
                learningRate: d.optimizer.learningRate,
                epochs: d.epochs,
                batchSize: d.batchSize,
                validation: d.validation,
                seed: d.seed
            },
            metric: d.metrics[0],
            status: 'loading',
            charts: { loss: emptyChart(), metric: emptyChart() },
            epochsCompleted: 0
        };
        return state;
    }
    if (event.type === 'ready') return state;
    const run = state.run;
    if (!run || ('runId' in event && event.runId !== undefined && event.runId !== run.runId)) return state;

    switch (event.type) {
        case 'stop':
        case 'stopping':
            if (run.status === 'training' || run.status === 'loading') run.status = 'stopping';
            break;
        case 'backend': {
            const { type: _t, runId: _r, ...rest } = event;
            run.backend = rest;
            break;
        }
        case 'data': {
            const { type: _t, runId: _r, ...rest } = event;
            run.data = rest;
            break;
        }
        case 'started': {
            const { type: _t, runId: _r, ...rest } = event;
            run.started = rest;
            if (run.status === 'loading') run.status = 'training';
            break;
        }
        case 'batch': {
            const epochs = run.started?.epochs ?? run.settings.epochs;
            const x = event.epoch - 1 + event.batch / event.batchesPerEpoch;
            const fraction = fractionDone(event.epoch, event.batch, event.batchesPerEpoch, epochs);
            const metric = run.metric !== undefined ? event.metrics[run.metric] : undefined;
            if (Number.isFinite(event.loss)) pushPoint(run.charts.loss.batch, [x, event.loss]);
            if (metric !== undefined && Number.isFinite(metric)) pushPoint(run.charts.metric.batch, [x, metric]);
            run.progress = {
                epoch: event.epoch,
                batch: event.batch,
                batchesPerEpoch: event.batchesPerEpoch,
                epochs,
                fraction,
                samplesPerSec: event.samplesPerSec,
                elapsed: event.elapsed,
                eta: remainingFrom((run.timing = observeRate(run.timing, event.elapsed, fraction))),
                loss: event.loss,
                metric
            };
            break;
        }
        case 'boundary':
            run.liveGrid = { epoch: event.epoch, grid: event.grid };
            break;
        case 'finishing':
            run.finishing = event.what;
            break;
        case 'layerStats':
            (run.layerStats ??= []).push({ epoch: event.epoch, layers: event.layers });
            break;
        case 'inside':
            run.inside = event.view;
            break;
        case 'progress':
            // The page already has every batch; `progress` is the host's throttled copy.
            break;
        case 'epoch': {
            const logs = event.logs;
            pushPoint(run.charts.loss.train, [logs.epoch, logs.loss]);
            if (logs.val_loss !== undefined) pushPoint(run.charts.loss.validation, [logs.epoch, logs.val_loss]);
            if (run.metric !== undefined) {
                const m = logs[run.metric];
                const v = logs[`val_${run.metric}`];
                if (m !== undefined) pushPoint(run.charts.metric.train, [logs.epoch, m]);
                if (v !== undefined) pushPoint(run.charts.metric.validation, [logs.epoch, v]);
            }
            run.epochsCompleted = logs.epoch;
            run.lastEpoch = { ...logs };
            break;
        }
        case 'done':
            run.status = event.stopped ? 'stopped' : 'done';
            run.epochsCompleted = event.epochsCompleted;
            run.result = {
                stopped: event.stopped,
                seconds: event.seconds,
                epochsCompleted: event.epochsCompleted,
                test: event.test,
                confusion: event.confusion,
                samples: event.samples,
                mistakes: event.mistakes,
                grid: event.grid
            };
            if (run.progress) run.progress.eta = 0;
            break;
        case 'error':
            run.status = 'error';
            run.error = { message: event.message, hint: event.hint, file: event.file, line: event.line };
            break;
    }
    return state;
}

/**
 * The state as it comes back from `getState` after a reload: a run that was still going cannot
 * continue (the tfjs model lived in the old page), so it is marked interrupted.
 */
export function restoreState(saved: unknown): ViewState | undefined {
    if (typeof saved !== 'object' || saved === null) return undefined;
    const s = saved as ViewState;
    if (s.version !== PROTOCOL_VERSION) return undefined;
    if (s.run && (s.run.status === 'loading' || s.run.status === 'training' || s.run.status === 'stopping')) s.run.status = 'interrupted';
    return { ...s, restored: true };
}

export function isActive(run: RunView | undefined): boolean {
    return run !== undefined && (run.status === 'loading' || run.status === 'training' || run.status === 'stopping');
}
