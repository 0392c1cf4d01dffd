/**
 * The progress bar of `nn train` on a terminal (stderr), drawn by cli-progress: one bar per epoch
 * (its batches), with the loss, metrics, throughput and the whole run's time left. It is cleared
 * before each epoch's summary line, so the terminal keeps one line per epoch and one live bar.
 */
import cliProgress from 'cli-progress';

/** What the bar needs to draw on: a terminal stream (process.stderr, or a fake in tests). */
export interface ProgressStream {
    write(text: string): boolean;
    isTTY?: boolean;
    columns?: number;
}

export interface BatchProgress {
    epoch: number;
    epochs: number;
    batch: number;
    batchesPerEpoch: number;
    loss: number;
    metrics: Record<string, number>;
    samplesPerSec: number;
    /** Seconds left in the whole run; not finite while unknown. */
    etaSeconds: number;
}

const FORMAT = 'epoch {epoch}/{epochs} [{bar}] {value}/{total} loss {loss}{metrics} · {rate} samples/s · ETA {runEta}';

export class ProgressLine {
    private readonly bar: cliProgress.SingleBar;
    private active = false;

    constructor(stream: ProgressStream, options: { fps?: number } = {}) {
        this.bar = new cliProgress.SingleBar({
            stream: stream as NodeJS.WritableStream,
            format: FORMAT,
            barsize: 24,
            barCompleteChar: '=',
            barIncompleteChar: ' ',
            clearOnComplete: true,
            // No terminal modes: a hidden cursor or disabled line wrapping would outlive a second
            // Ctrl-C that quits at once. `linewrap: true` cuts the line to the terminal's width instead.
            hideCursor: false,
            linewrap: true,
            fps: options.fps ?? 20
        });
    }

    update(p: BatchProgress): void {
        const payload = {
            epoch: p.epoch,
            epochs: p.epochs,
            loss: p.loss.toFixed(4),
            metrics: Object.entries(p.metrics).map(([k, v]) => ` ${k} ${v.toFixed(4)}`).join(''),
            rate: Math.round(p.samplesPerSec).toLocaleString('en-US'),
            runEta: formatDuration(p.etaSeconds)
        };
        if (!this.active) {
            this.bar.start(p.batchesPerEpoch, p.batch, payload);
            this.active = true;
        } else {
            this.bar.setTotal(p.batchesPerEpoch);
            this.bar.update(p.batch, payload);
        }
    }

    /** Removes the bar (before an epoch's line, an error, or the end); the next update draws a new one. */
    clear(): void {
        if (!this.active) return;
        this.active = false;
        this.bar.stop();
    }
}

/** 42 → "42s", 185 → "3m05s", 7300 → "2h01m"; "?" while unknown. */
export function formatDuration(seconds: number): string {
    if (!Number.isFinite(seconds)) return '?';
    const s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
