/**
 * One training run inside the webview: backend, data, the trainer's loop, then the results the
 * page and the host need (test metrics, confusion matrix, samples, decision map, the model's
 * weights). Everything leaves through `emit`, as protocol messages.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type { Dataset } from '@nn-lang/training/data';
import { DataError } from '@nn-lang/training/data';
import type * as tfjs from '@tensorflow/tfjs';
import { selectBackend } from './backend.js';
import { loadData } from './data.js';
import { insideView } from './inside.js';
import { observeRate, remainingFrom, type RateWindow } from './eta.js';
import { fractionDone } from './format.js';
import type {
    BackendPreference,
    ConfusionResult,
    DataPayload,
    DoneMessage,
    EpochMessage,
    ErrorMessage,
    GridResult,
    SampleResult,
    TestMetrics,
    WebviewMessage
} from './protocol/index.js';
import type { PageEvent } from './state.js';
import { confusionMatrix, evaluate, predictGrid, samplePredictions, saveModelToMemory, train, TrainingError } from './trainer.js';

type TF = typeof tfjs;

export interface RunEnvironment {
    tf: TF;
    registerWasm: () => Promise<void>;
    /** Base URL of `out/data/`. */
    dataBase: string;
    /** Messages for the host (and the page). */
    emit: (message: WebviewMessage) => void;
    /** Events for the page only: every batch, the live decision boundary, what a stopped run still does. */
    onPageEvent: (event: PageEvent) => void;
    /** Minimum time between two live decision boundaries (they are drawn at epoch ends). */
    boundaryEveryMs?: number;
    /**
     * Takes the trained model for the page to try it (draw a digit, a form): the page then owns
     * it and disposes it. Without it, the model is disposed when the run ends.
     */
    keepModel?: (model: tfjs.LayersModel) => void;
    /** Lets the page paint between batches. */
    yieldFn: () => Promise<void>;
    /** Minimum time between two `progress` messages to the host. */
    progressEveryMs?: number;
    now?: () => number;
}

export interface RunRequest {
    runId: string;
    description: TrainingDescription;
    data: DataPayload;
    backend: BackendPreference;
}

/** Samples shown in the results grid. */
export const SAMPLE_COUNT = 24;
/** Cells per axis of the decision map. */
export const GRID_RESOLUTION = 80;
const GRID_POINTS_SHOWN = 400;

/** The plot range of a 2-D data set: its bounding box, 10% wider on each side. */
export function gridRange(dataset: Dataset): { x: [number, number]; y: [number, number] } {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const split of [dataset.train, dataset.test]) {
        if (!split) continue;
        for (let i = 0; i < split.count; i++) {
            const x = split.x[2 * i], y = split.x[2 * i + 1];
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
        }
    }
    if (!Number.isFinite(x0)) return { x: [-1, 1], y: [-1, 1] };
    const padX = (x1 - x0) * 0.1 || 1, padY = (y1 - y0) * 0.1 || 1;
    return { x: [x0 - padX, x1 + padX], y: [y0 - padY, y1 + padY] };
}

/** What to tell the user when a run fails, from the error the trainer or the data code threw. */
export function describeFailure(error: unknown, desc: TrainingDescription, backend: string | undefined): Omit<ErrorMessage, 'type' | 'runId'> {
    if (error instanceof DataError) {
        return { message: error.message, file: error.file, line: error.line, hint: error.code === 'missing-file' && error.file?.includes('/data/') ? 'Rebuild the extension: npm run build copies the data files into out/data.' : undefined };
    }
    if (error instanceof TrainingError) {
        const out: Omit<ErrorMessage, 'type' | 'runId'> = { message: error.message, history: error.details.history as EpochMessage['logs'][] | undefined };
        if (error.details.line !== undefined) {
            out.file = desc.file;
            out.line = error.details.line;
        }
        if (error.code === 'runtime' && backend !== 'cpu') out.hint = 'Try another backend: set nn.training.backend to cpu (or wasm for dense models).';
        if (error.code === 'too-big') out.hint = 'Use a smaller batch_size or fewer units, or train with the CLI (nn train).';
        return out;
    }
    const message = error instanceof Error ? error.message : String(error);
    return { message, hint: backend === 'webgl' ? 'WebGL failures are often driver problems: set nn.training.backend to wasm or cpu.' : undefined };
}

/** Decision-boundary grids of a 2-D classifier over its data's range, with (some of) the shown split's points. */
function boundaryMaker(tf: TF, dataset: Dataset, shown: Dataset['train']): { predict(model: tfjs.LayersModel): Promise<GridResult> } {
    const range = gridRange(dataset);
    const points: [number, number, number][] = [];
    for (let i = 0; i < Math.min(shown.count, GRID_POINTS_SHOWN); i++) points.push([shown.x[2 * i], shown.x[2 * i + 1], shown.y[i]]);
    return {
        async predict(model) {
            const g = await predictGrid(tf, model, { ...range, resolution: GRID_RESOLUTION });
            return { nx: g.nx, ny: g.ny, x: range.x, y: range.y, units: g.units, classes: Array.from(g.classes), confidence: Array.from(g.confidence), points };
        }
    };
}

function toTestMetrics(r: { loss: number; [k: string]: number | undefined }): TestMetrics {
    const out: TestMetrics = { loss: r.loss };
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') out[k] = v;
    return out;
}

/**
 * Runs one training end to end. Never rejects: failures become an `error` message. The returned
 * promise settles once the `done` or `error` message has been emitted.
 */
export async function runTraining(env: RunEnvironment, request: RunRequest, signal: AbortSignal): Promise<void> {
    const { tf, emit } = env;
    const now = env.now ?? (() => performance.now());
    const desc = request.description;
    const runId = request.runId;
    let backendName: string | undefined;
    let webglRenderer: string | undefined;
    const history: EpochMessage['logs'][] = [];
    try {
        // The data first: auto's probe times a few batches of this model on it.
        const { dataset, loadMs } = await loadData(desc, request.data, env.dataBase, now);
        const report = await selectBackend(tf, request.backend, desc.model, { registerWasm: env.registerWasm, probe: { desc, dataset } });
        backendName = report.name;
        webglRenderer = report.webglRenderer;
        emit({ type: 'backend', runId, ...report });
        emit({
            type: 'data',
            runId,
            name: dataset.name,
            description: dataset.description,
            trainCount: dataset.train.count,
            testCount: dataset.test?.count ?? 0,
            sampleShape: dataset.sampleShape,
            loadMs
        });
        if (signal.aborted) {
            emit({ type: 'done', runId, stopped: true, epochsCompleted: 0, epochs: desc.epochs, seconds: 0, seed: desc.seed ?? 0, backend: report.name, webglRenderer, history });
            return;
        }

        const classifier = dataset.task === 'classification' && dataset.labelEncoding === 'index';
        const shown = dataset.test && dataset.test.count > 0 ? dataset.test : dataset.train;
        const boundary = classifier && dataset.sampleShape.length === 1 && dataset.sampleShape[0] === 2 ? boundaryMaker(tf, dataset, shown) : undefined;
        const boundaryEvery = env.boundaryEveryMs ?? 500;
        let lastBoundary = -Infinity;
        let trainStart = now();
        let lastProgress = -Infinity;
        const progressEvery = env.progressEveryMs ?? 250;
        let epochs = desc.epochs;
        let lastBatch: { epoch: number; batch: number; batchesPerEpoch: number } | undefined;
        let timing: RateWindow | undefined;
        const result = await train(
            tf,
            desc,
            dataset,
            {
                onStart: e => {
                    trainStart = now();
                    epochs = e.epochs;
                    emit({ type: 'started', runId, ...e });
                },
                onBatchEnd: e => {
                    const elapsed = (now() - trainStart) / 1000;
                    lastBatch = { epoch: e.epoch, batch: e.batch, batchesPerEpoch: e.batchesPerEpoch };
                    timing = observeRate(timing, elapsed, fractionDone(e.epoch, e.batch, e.batchesPerEpoch, epochs));
                    env.onPageEvent({ type: 'batch', runId, ...e, elapsed });
                    const t = now();
                    const last = e.batch === e.batchesPerEpoch;
                    if (last || t - lastProgress >= progressEvery) {
                        lastProgress = t;
                        emit({
                            type: 'progress',
                            runId,
                            epoch: e.epoch,
                            batch: e.batch,
                            batchesPerEpoch: e.batchesPerEpoch,
                            epochs,
                            loss: e.loss,
                            metrics: e.metrics,
                            samplesPerSec: e.samplesPerSec,
                            elapsed,
                            eta: remainingFrom(timing)
                        });
                    }
                },
                onLayerStats: stats => env.onPageEvent({ type: 'layerStats', runId, ...stats }),
                onEpochEnd: async (logs, trained) => {
                    const copy = { ...logs } as EpochMessage['logs'];
                    history.push(copy);
                    emit({ type: 'epoch', runId, epochs, logs: copy });
                    // The boundary as it forms (TensorFlow Playground's lesson), not only at the end.
                    const t = now();
                    if (boundary && (logs.epoch === 1 || logs.epoch === epochs || t - lastBoundary >= boundaryEvery)) {
                        lastBoundary = t;
                        env.onPageEvent({ type: 'boundary', runId, epoch: logs.epoch, grid: await boundary.predict(trained) });
                    }
                }
            },
            signal,
            { yieldFn: env.yieldFn, yieldEveryMs: 16 }
        );

        const model = result.model;
        try {
            if (result.history.length === 0) {
                // Stopped before the first epoch ended: nothing finished, nothing to evaluate or keep.
                emit({ type: 'done', runId, stopped: result.stopped, epochsCompleted: 0, epochs, seconds: result.seconds, seed: result.seed, backend: result.backend as DoneMessage['backend'], webglRenderer, stoppedAt: lastBatch, history });
                return;
            }
            const test = dataset.test;
            const info = { sampleShape: dataset.sampleShape, task: dataset.task, numClasses: dataset.numClasses, labelEncoding: dataset.labelEncoding };
            let testMetrics: TestMetrics | undefined = result.test ? toTestMetrics(result.test) : undefined;
            if (test && test.count > 0) {
                // Training has stopped; the page says what still takes time (on wasm, half a minute per pass over MNIST's test set).
                env.onPageEvent({ type: 'finishing', runId, what: `measuring the ${result.stopped ? 'model at the stop' : 'trained model'} on ${test.count.toLocaleString('en-US')} test samples…` });
            }
            // A stopped run still has a model: measure what it learned so far.
            if (!testMetrics && test && test.count > 0) {
                testMetrics = toTestMetrics(await evaluate(tf, model, test, { loss: desc.loss, data: info, metrics: desc.metrics, yieldFn: env.yieldFn }));
            }
            let confusion: ConfusionResult | undefined;
            let mistakes: SampleResult[] | undefined;
            if (classifier && test && test.count > 0) {
                // One pass over the test set gives the matrix and the worst mistakes.
                const c = await confusionMatrix(tf, model, test, { ...info, classNames: dataset.classNames }, undefined, env.yieldFn, SAMPLE_COUNT);
                confusion = { matrix: c.matrix, classNames: dataset.classNames, total: c.total, correct: c.correct };
                const size = test.x.length / test.count;
                mistakes = c.mistakes.map(m => ({
                    index: m.index,
                    input: Array.from(test.x.subarray(m.index * size, (m.index + 1) * size)),
                    target: [m.trueClass],
                    output: m.output,
                    trueClass: m.trueClass,
                    predictedClass: m.predictedClass,
                    confidence: m.confidence,
                    correct: false
                }));
            }
            const samples: SampleResult[] = (await samplePredictions(tf, model, shown, SAMPLE_COUNT, info, result.seed)).map(s => ({
                index: s.index,
                input: Array.from(s.input),
                target: s.target,
                output: s.output,
                trueClass: s.trueClass,
                predictedClass: s.predictedClass,
                confidence: s.confidence,
                correct: s.correct
            }));
            const grid: GridResult | undefined = boundary ? await boundary.predict(model) : undefined;
            // Inside the network: every layer's output for the first sample shown, the first conv's filters.
            if (shown.count > 0) {
                const size = shown.x.length / shown.count;
                env.onPageEvent({ type: 'inside', runId, view: await insideView(tf, model, shown.x.subarray(0, size), 0) });
            }
            const modelArtifacts = await saveModelToMemory(tf, model);
            const done: DoneMessage = {
                type: 'done',
                runId,
                stopped: result.stopped,
                epochsCompleted: result.history.length,
                epochs,
                seconds: result.seconds,
                seed: result.seed,
                backend: result.backend as DoneMessage['backend'],
                webglRenderer,
                // Mid-epoch, or while validating an epoch whose batches had all run.
                stoppedAt: result.stopped && lastBatch && (lastBatch.batch < lastBatch.batchesPerEpoch || lastBatch.epoch > result.history.length) ? lastBatch : undefined,
                history,
                test: testMetrics,
                confusion,
                samples,
                mistakes,
                grid,
                modelArtifacts
            };
            emit(done);
        } finally {
            if (env.keepModel) env.keepModel(model);
            else model.dispose();
        }
    } catch (error) {
        const failure = describeFailure(error, desc, backendName);
        emit({ type: 'error', runId, ...failure, history: failure.history ?? (history.length ? history : undefined) });
    }
}
