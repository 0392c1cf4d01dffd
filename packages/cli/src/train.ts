import { describeTraining, lineOf, type TrainAnalysis, type TrainingDescription } from '@nn-lang/language';
import type { BatchEndEvent, EpochLogs, TrainResult } from '@nn-lang/training';
import { checkOutputFolder, outputRoot, RunFolderError, stopNote } from '@nn-lang/training/runs';
import path from 'node:path';
import { parseArgs } from './args.js';
import { checkFiles, dataRootFor, formatDiagnostic } from './documents.js';
import { EXIT_INTERRUPTED, INTERRUPT_MESSAGES, InterruptPolicy } from './interrupt.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';
import { ProgressLine } from './progress.js';

export const TRAIN_USAGE = `usage: nn train FILE [options]

Trains the model of a train block in FILE and saves it (tfjs LayersModel format) with its
metrics in .nn-runs/<model>-<timestamp>/ next to FILE.

options:
  --train MODEL        the train block to run (the one naming MODEL); needed when FILE has several
  --epochs N           override the block's epochs
  --backend B          auto (default: wasm when it can train the model, else cpu), wasm or cpu
  --out DIR            write the run folder into DIR instead of .nn-runs/
  --root DIR           the folder csv("…") data files must stay inside (after following
                       links); default: FILE's own folder
  --json               one JSON object per line: each epoch's metrics, then a final {"done": true, ...}

Ctrl-C stops after the current batch and keeps what finished; a second Ctrl-C quits at once
(while the run folder is being written, right after it is complete). An output folder that
cannot be written is refused before training starts.`;

const OPTIONS = {
    train: { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
    root: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
} as const;

export async function runTrain(args: readonly string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(args, OPTIONS);
    if (options.help) {
        io.out(`${TRAIN_USAGE}\n`);
        return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'train takes one FILE' : 'no FILE given');
    const backend = (options.backend as string | undefined) ?? 'auto';
    if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`--backend must be auto, wasm or cpu, not '${backend}'`);
    const epochs = options.epochs === undefined ? undefined : Number(options.epochs);
    if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1 && epochs <= 100_000)) {
        throw new UsageError(`--epochs must be a whole number from 1 to 100,000, not '${options.epochs as string}'`);
    }
    const json = options.json === true;
    const file = positionals[0];

    const { checked, unreadable } = await checkFiles([file], { root: options.root as string | undefined });
    if (unreadable.length) {
        io.err(`nn: ${unreadable[0].message}\n`);
        return EXIT_USAGE;
    }
    const { document, analysis, diagnostics } = checked[0];
    const errors = diagnostics.filter(d => d.severity === 'error');
    if (errors.length) {
        for (const d of errors) io.err(`${formatDiagnostic(file, d)}\n`);
        io.err(`nn train: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before training.\n`);
        return EXIT_ERRORS;
    }
    const block = pickTrainBlock(analysis.trains, options.train as string | undefined, file);
    if (typeof block === 'string') {
        io.err(`nn train: ${block}\n`);
        return EXIT_USAGE;
    }
    const described = describeTraining(block, document.uri);
    if (!described) {
        io.err(`nn train: the train block at ${file}:${lineOf(block.node)} cannot be trained (its model has errors).\n`);
        return EXIT_ERRORS;
    }
    const desc: TrainingDescription = epochs === undefined ? described : { ...described, epochs };
    // Refused now, not after an hour of training: the folder the run will be written into.
    const runsDir = options.out !== undefined ? path.resolve(options.out as string) : outputRoot(desc.file);
    try {
        await checkOutputFolder(runsDir);
    } catch (error) {
        if (!(error instanceof RunFolderError)) throw error;
        io.err(`nn train: ${options.out !== undefined ? '--out: ' : ''}${error.message}\n`);
        return EXIT_USAGE;
    }
    return train(desc, { backend: backend as 'auto' | 'wasm' | 'cpu', json, runsDir }, io);
}

/** The train block to run, or why none can be picked. */
function pickTrainBlock(trains: TrainAnalysis[], wanted: string | undefined, file: string): TrainAnalysis | string {
    const list = trains.map(t => `${t.node.model?.$refText} (line ${lineOf(t.node)})`).join(', ');
    if (trains.length === 0) return (`${file} has no train block: add one, e.g. \`train MyModel { data = mnist  loss = categorical_crossentropy }\``);
    if (wanted !== undefined) {
        const match = trains.filter(t => t.node.model?.$refText === wanted);
        if (match.length === 0) return `${file} has no train block for '${wanted}'; it has: ${list}`;
        return match[0];
    }
    if (trains.length > 1) return `${file} has ${trains.length} train blocks (${list}): choose one with --train MODEL`;
    return trains[0];
}

interface TrainCliOptions {
    backend: 'auto' | 'wasm' | 'cpu';
    json: boolean;
    /** Checked to be writable before training. */
    runsDir: string;
}

async function train(desc: TrainingDescription, options: TrainCliOptions, io: Io): Promise<number> {
    // tfjs greets Node users on stdout ("Hi there…, install tfjs-node"): stdout belongs to our output.
    const log = console.log;
    console.log = (...parts: unknown[]) => io.err(`${parts.map(String).join(' ')}\n`);
    const tf = await import('@tensorflow/tfjs');
    const training = await import('@nn-lang/training');

    const stop = new AbortController();
    const interrupts = new InterruptPolicy();
    const onSigint = () => {
        const action = interrupts.interrupt();
        if (action === 'quit') process.exit(EXIT_INTERRUPTED);
        io.err(INTERRUPT_MESSAGES[action]);
        if (action === 'stop') stop.abort();
    };
    process.on('SIGINT', onSigint);
    const progress = !options.json && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
    try {
        // The same data seed as the webview uses, so a seed means the same samples everywhere.
        const dataset = await training.loadDataset(desc.data, { task: desc.task, seed: desc.seed, root: dataRootFor(desc.file) });
        if (!options.json) {
            io.err(`data: ${desc.data.kind}, ${dataset.train.count.toLocaleString('en-US')} training samples${dataset.test ? `, ${dataset.test.count.toLocaleString('en-US')} test samples` : ''}\n`);
        }
        // `auto` times a few batches of this model on each backend and keeps the fastest.
        if (progress && options.backend === 'auto') io.err('backend: probing…\r');
        const selection = await training.selectBackend(tf, options.backend, desc.model, { probe: { desc, dataset } });
        if (!options.json) io.err(`backend: ${selection.backend} (${selection.reason})\n`);
        let totalBatches = 0;
        let trainSamples = 0;
        const started = Date.now();
        let done = 0;
        const result: TrainResult = await training.train(tf, desc, dataset, {
            onStart: e => {
                totalBatches = e.totalBatches;
                trainSamples = e.trainSamples;
            },
            onBatchEnd: (e: BatchEndEvent) => {
                done++;
                if (!progress) return;
                const etaSeconds = done > 0 ? ((Date.now() - started) / done) * (totalBatches - done) / 1000 : Infinity;
                progress.update({ ...e, epochs: desc.epochs, etaSeconds });
            },
            onEpochEnd: (logs: EpochLogs) => {
                progress?.clear();
                if (options.json) io.out(`${JSON.stringify(epochRecord(logs))}\n`);
                else io.err(`${epochLine(logs, desc.epochs)}\n`);
            }
        }, stop.signal);
        progress?.clear();
        interrupts.enter('saving');
        try {
            let written;
            try {
                written = await training.writeRunArtifacts(tf, desc, result, {
                    runsDir: options.runsDir,
                    backend: { requested: options.backend, reason: selection.reason }
                });
            } catch (error) {
                if (!(error instanceof RunFolderError)) throw error;
                const message = `trained ${result.history.length} epoch${result.history.length === 1 ? '' : 's'}, but the run could not be saved: ${error.message}`;
                if (options.json) io.out(`${JSON.stringify({ done: false, error: message })}\n`);
                io.err(`nn train: ${message}\n`);
                return EXIT_ERRORS;
            }
            const { dir } = written;
            const final = {
                done: true,
                stopped: result.stopped,
                test: result.test ?? null,
                out: dir,
                backend: result.backend,
                seconds: Math.round(result.seconds * 10) / 10,
                backendReason: selection.reason,
                samplesPerSec: samplesPerSec(result.history, trainSamples)
            };
            if (options.json) io.out(`${JSON.stringify(final)}\n`);
            else {
                const test = result.test ? `test: ${Object.entries(result.test).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ')}\n` : '';
                const note = result.stopped ? `${stopNote({ history: result.history, description: desc, modelSaved: true })}\n` : '';
                const speed = final.samplesPerSec ? `, ${Math.round(final.samplesPerSec).toLocaleString('en-US')} samples/s` : '';
                io.out(`${note}${test}saved to ${dir} (${final.seconds} s on ${result.backend}${speed})\n`);
            }
        } finally {
            result.model.dispose();
        }
        return interrupts.quitAfterSave ? EXIT_INTERRUPTED : EXIT_OK;
    } catch (error) {
        progress?.clear();
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof training.TrainingError) && !(error instanceof training.DataError)) throw error;
        if (options.json) io.out(`${JSON.stringify({ done: false, error: message })}\n`);
        io.err(`nn train: ${message}\n`);
        return EXIT_ERRORS;
    } finally {
        process.off('SIGINT', onSigint);
        console.log = log;
    }
}

/** Training throughput over the finished epochs (validation time included, as Keras's epoch time). */
function samplesPerSec(history: EpochLogs[], trainSamples: number): number | null {
    const seconds = history.reduce((t, h) => t + h.seconds, 0);
    return seconds > 0 && trainSamples > 0 ? Math.round((trainSamples * history.length) / seconds) : null;
}

/** The per-epoch JSON line: `epoch`, `loss`, metrics and `val_*` as named in `metrics`. */
function epochRecord(logs: EpochLogs): Record<string, number> {
    const { seconds: _seconds, ...rest } = logs;
    return rest;
}

function epochLine(logs: EpochLogs, epochs: number): string {
    const parts = Object.entries(logs)
        .filter(([k]) => k !== 'epoch' && k !== 'seconds')
        .map(([k, v]) => `${k} ${formatNumber(v)}`);
    return `epoch ${logs.epoch}/${epochs}: ${parts.join(', ')} (${logs.seconds.toFixed(1)} s)`;
}

function formatNumber(v: number | undefined): string {
    if (v === undefined) return '-';
    return Math.abs(v) >= 1000 || v === 0 ? String(Math.round(v * 1e4) / 1e4) : v.toPrecision(4);
}
