/**
 * metrics.json: what a run was asked to do, what it did and what its folder holds. The CLI and
 * the training view write it through the same builder, so a run folder reads the same whichever
 * wrote it. Keys are only ever added: other tools read these files.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type { EpochLogs, EvaluationResult } from '../train/types.js';

export interface RunSettings {
    data: TrainingDescription['data'];
    loss: string;
    optimizer: TrainingDescription['optimizer'];
    metrics: string[];
    epochs: number;
    batchSize: number;
    validation: TrainingDescription['validation'] | null;
}

export interface RunBackend {
    requested: string;
    /** The backend that trained; null when the run failed before one started. */
    used: string | null;
    reason: string | null;
    /** Training view only: the WebGL renderer, when there is WebGL. */
    webglRenderer?: string | null;
    softwareRendered?: boolean | null;
}

export interface RunDataset {
    name: string;
    description: string;
    trainCount: number;
    testCount: number;
    loadMs?: number;
}

/** Where a stop request caught the run mid-epoch: the saved weights include that part-epoch. */
export interface StopPoint {
    epoch: number;
    batch: number;
    batchesPerEpoch: number;
}

export interface RunMetrics {
    model: string;
    file: string;
    line: number;
    startedAt: string;
    finishedAt: string;
    /** Wall time from the start request to the end, data loading included. */
    durationSeconds?: number;
    /** Time in the training loop; absent when training never started. */
    trainingSeconds?: number;
    stopped: boolean;
    /** What a stopped run kept, in one sentence. */
    note?: string;
    stoppedAt?: StopPoint;
    error?: string;
    epochsCompleted: number;
    settings: RunSettings;
    seed: number | null;
    backend: RunBackend;
    params: TrainingDescription['model']['params'];
    dataset?: RunDataset | null;
    history: EpochLogs[];
    test: EvaluationResult | null;
    confusionMatrix?: { classNames: string[]; matrix: number[][] } | null;
    tfjsVersion?: string;
    generatedBy: string;
    /** The files in the run folder: `metrics.json` alone when there was no model to save. */
    files: string[];
}

/** What a trainer knows at the end of a run; `runMetrics` turns it into metrics.json. */
export interface RunRecord {
    description: TrainingDescription;
    startedAt: Date;
    finishedAt: Date;
    durationSeconds?: number;
    trainingSeconds?: number;
    stopped: boolean;
    stoppedAt?: StopPoint;
    error?: string;
    history: EpochLogs[];
    test?: EvaluationResult;
    seed: number | null;
    backend: RunBackend;
    dataset?: RunDataset;
    confusion?: { classNames: string[]; matrix: number[][] };
    tfjsVersion?: string;
    generatedBy: string;
    /** Whether the folder will hold the model (model.json + weights.bin). */
    modelSaved: boolean;
}

/** The sentence metrics.json, the CLI and the toast use for a stopped run: exactly what was kept. */
export function stopNote(run: Pick<RunRecord, 'history' | 'description' | 'stoppedAt' | 'modelSaved'>): string {
    const done = run.history.length;
    const epochs = run.description.epochs;
    if (!run.modelSaved) {
        return done === 0
            ? 'stopped by request before the first epoch finished: no model was saved, only these metrics'
            : `stopped by request after ${done} of ${epochs} epochs: no model was saved, only these metrics`;
    }
    const part = run.stoppedAt && run.stoppedAt.batch < run.stoppedAt.batchesPerEpoch
        ? ` (it includes ${run.stoppedAt.batch} of ${run.stoppedAt.batchesPerEpoch} batches of epoch ${run.stoppedAt.epoch})`
        : '';
    return `stopped by request after ${done} of ${epochs} epochs; the saved model is the one at the stop${part}`;
}

export function runMetrics(run: RunRecord): Omit<RunMetrics, 'files'> {
    const d = run.description;
    return {
        model: d.model.name,
        file: d.file,
        line: d.line,
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.finishedAt.toISOString(),
        ...(run.durationSeconds !== undefined ? { durationSeconds: run.durationSeconds } : {}),
        ...(run.trainingSeconds !== undefined ? { trainingSeconds: run.trainingSeconds } : {}),
        stopped: run.stopped,
        ...(run.stopped ? { note: stopNote(run) } : {}),
        ...(run.stoppedAt ? { stoppedAt: run.stoppedAt } : {}),
        ...(run.error !== undefined ? { error: run.error } : {}),
        epochsCompleted: run.history.length,
        settings: {
            data: d.data,
            loss: d.loss,
            optimizer: d.optimizer,
            metrics: d.metrics,
            epochs: d.epochs,
            batchSize: d.batchSize,
            validation: d.validation ?? null
        },
        seed: run.seed,
        backend: run.backend,
        params: d.model.params,
        dataset: run.dataset ?? null,
        history: run.history,
        test: run.test ?? null,
        confusionMatrix: run.confusion ? { classNames: run.confusion.classNames, matrix: run.confusion.matrix } : null,
        ...(run.tfjsVersion !== undefined ? { tfjsVersion: run.tfjsVersion } : {}),
        generatedBy: run.generatedBy
    };
}
