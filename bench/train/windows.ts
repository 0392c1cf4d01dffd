/**
 * Turns batch-end timestamps into samples/s: warm-up batches first, then consecutive timed windows
 * of at least `windowSeconds` and `minWindowBatches`. The stretch from an epoch's last batch end to
 * the next epoch's first is left out (the trainer validates and reshuffles there), so the figures
 * are the training loop's own speed, however short the epochs.
 * Used for Node (every batch), the browser (the page's throttled progress messages) and, written
 * again in Python, PyTorch.
 */

export interface MeterSettings {
    /** Batches finished before timing may start (the first ones compile kernels, allocate slots). */
    warmupBatches: number;
    /** ... and seconds since the first batch ended. */
    warmupSeconds: number;
    /** A window lasts at least this long ... */
    windowSeconds: number;
    /** ... and holds at least this many batches. */
    minWindowBatches: number;
    /** Windows to time; the figure is their median. */
    windows: number;
}

/** One timed stretch of training. */
export interface Window {
    batches: number;
    samples: number;
    seconds: number;
}

/** A batch end: its epoch, what the run has done so far, and when (seconds, any origin). */
export interface BatchPoint {
    epoch: number;
    /** Batches finished since training started, this one included. */
    done: number;
    /** Samples trained since training started (an epoch's last batch may be short). */
    samples: number;
    t: number;
}


export class WindowMeter {
    readonly windows: Window[] = [];
    private first: BatchPoint | undefined;
    private last: BatchPoint | undefined;
    private warm = false;
    /** The window being timed: what it holds so far. */
    private open: Window = { batches: 0, samples: 0, seconds: 0 };

    constructor(readonly settings: MeterSettings) {}

    /** Records a batch end; true once every window is timed. */
    add(p: BatchPoint): boolean {
        if (this.complete) return true;
        const previous = this.last;
        this.first ??= p;
        this.last = p;
        const s = this.settings;
        if (!this.warm) {
            this.warm = p.done >= s.warmupBatches && p.t - this.first.t >= s.warmupSeconds;
            return false;
        }
        // Only stretches inside one epoch count.
        if (!previous || previous.epoch !== p.epoch) return false;
        const w = this.open;
        w.batches += p.done - previous.done;
        w.samples += p.samples - previous.samples;
        w.seconds += p.t - previous.t;
        if (w.seconds >= s.windowSeconds && w.batches >= s.minWindowBatches) {
            this.windows.push(w);
            this.open = { batches: 0, samples: 0, seconds: 0 };
        }
        return this.complete;
    }

    get complete(): boolean {
        return this.windows.length >= this.settings.windows;
    }

    get warmedUp(): boolean {
        return this.warm;
    }

    /**
     * What a run cut short (time cap) can still tell: the timed windows, else the unfinished one,
     * else the stretch since the first batch (warm-up included: a rough figure). `partial` marks
     * anything short of the full set of windows.
     */
    finish(): { windows: Window[]; partial: boolean; warmupOnly: boolean } {
        if (this.complete) return { windows: this.windows, partial: false, warmupOnly: false };
        if (this.windows.length > 0) return { windows: this.windows, partial: true, warmupOnly: false };
        if (this.open.batches > 0) return { windows: [{ ...this.open }], partial: true, warmupOnly: false };
        const { first, last } = this;
        if (first && last && last.done > first.done) {
            return { windows: [{ batches: last.done - first.done, samples: last.samples - first.samples, seconds: last.t - first.t }], partial: true, warmupOnly: true };
        }
        return { windows: [], partial: true, warmupOnly: true };
    }
}

export interface Rate {
    median: number;
    min: number;
    max: number;
}

/** samples/s of each window, and their median, min and max. */
export function rateOf(windows: readonly Window[]): Rate & { perWindow: number[] } {
    const perWindow = windows.map(w => w.samples / w.seconds);
    if (perWindow.length === 0) throw new Error('no timed window');
    const sorted = [...perWindow].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], perWindow };
}
