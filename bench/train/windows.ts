/**
 * Turns batch-end timestamps into samples/s: warm-up batches first, then consecutive timed windows
 * of at least `windowSeconds` and `minWindowBatches`. A window never spans an epoch boundary (the
 * trainer validates and reshuffles there), so the figures are the training loop's own speed.
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

/** The stretch from one batch end to a later one. */
function between(a: BatchPoint, b: BatchPoint): Window {
    return { batches: b.done - a.done, samples: b.samples - a.samples, seconds: b.t - a.t };
}

export class WindowMeter {
    readonly windows: Window[] = [];
    private first: BatchPoint | undefined;
    private start: BatchPoint | undefined;
    private last: BatchPoint | undefined;

    constructor(readonly settings: MeterSettings) {}

    /** Records a batch end; true once every window is timed. */
    add(p: BatchPoint): boolean {
        if (this.complete) return true;
        this.first ??= p;
        this.last = p;
        const s = this.settings;
        if (!this.start) {
            if (p.done >= s.warmupBatches && p.t - this.first.t >= s.warmupSeconds) this.start = p;
            return false;
        }
        if (p.epoch !== this.start.epoch) {
            // The interval into this point holds the epoch's end: start over from here.
            this.start = p;
            return false;
        }
        const w = between(this.start, p);
        if (w.seconds >= s.windowSeconds && w.batches >= s.minWindowBatches) {
            this.windows.push(w);
            this.start = p;
        }
        return this.complete;
    }

    get complete(): boolean {
        return this.windows.length >= this.settings.windows;
    }

    get warmedUp(): boolean {
        return this.start !== undefined;
    }

    /**
     * What a run cut short (time cap) can still tell: the timed windows, else the unfinished one,
     * else the stretch since the first batch (warm-up included: a rough figure). `partial` marks
     * anything short of the full set of windows.
     */
    finish(): { windows: Window[]; partial: boolean; warmupOnly: boolean } {
        if (this.complete) return { windows: this.windows, partial: false, warmupOnly: false };
        if (this.windows.length > 0) return { windows: this.windows, partial: true, warmupOnly: false };
        const last = this.last;
        if (this.start && last && last.epoch === this.start.epoch && last.done > this.start.done) {
            return { windows: [between(this.start, last)], partial: true, warmupOnly: false };
        }
        if (this.first && last && last.done > this.first.done) {
            return { windows: [between(this.first, last)], partial: true, warmupOnly: true };
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
