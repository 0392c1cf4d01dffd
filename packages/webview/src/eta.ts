/**
 * Time left in a run, from the first batches on. The first batch is left out (it compiles
 * kernels, shaders, allocates): the rate is measured from the end of the first batch seen. Before,
 * the ETA waited for 2% of the run (over a minute on MNIST) and then extrapolated from a time
 * that included that warm-up.
 */

/** Plain JSON: it lives in the view state, which `setState` keeps. */
export interface RateWindow {
    /** Elapsed seconds and share done at the end of the first batch seen. */
    anchorElapsed: number;
    anchorFraction: number;
    /** Batches seen after the anchor. */
    batches: number;
    elapsed: number;
    fraction: number;
}

/** Batches after the first before an estimate is given (one batch's time alone swings too much). */
export const ETA_MIN_BATCHES = 3;

export function observeRate(window: RateWindow | undefined, elapsed: number, fraction: number): RateWindow {
    if (!window || fraction < window.fraction) return { anchorElapsed: elapsed, anchorFraction: fraction, batches: 0, elapsed, fraction };
    return { ...window, batches: window.batches + 1, elapsed, fraction };
}

/** Seconds left, or undefined while there is too little to go on. */
export function remainingFrom(window: RateWindow | undefined): number | undefined {
    if (!window) return undefined;
    if (window.fraction >= 1) return 0;
    const done = window.fraction - window.anchorFraction;
    const spent = window.elapsed - window.anchorElapsed;
    if (window.batches < ETA_MIN_BATCHES || done <= 0 || spent <= 0) return undefined;
    return (spent / done) * (1 - window.fraction);
}
