import type { FeatureScaling, Split } from './types.js';
import { shuffleInPlace, type Rng } from './rng.js';

/** Elements per sample in x (0 for an empty split, whose width cannot be known). */
export function featureWidth(split: Split): number {
    return split.count === 0 ? 0 : split.x.length / split.count;
}

/** Elements per sample in y. */
export function labelWidth(split: Split): number {
    return split.count === 0 ? 0 : split.y.length / split.count;
}

function checkSplit(split: Split, what: string): void {
    if (!Number.isInteger(split.count) || split.count < 0) {
        throw new RangeError(`${what}: count must be a non-negative integer, got ${split.count}`);
    }
    if (split.count > 0 && (split.x.length % split.count !== 0 || split.y.length % split.count !== 0)) {
        throw new RangeError(`${what}: x (${split.x.length}) and y (${split.y.length}) are not multiples of count ${split.count}`);
    }
}

/**
 * The rows at `indices`, in that order, in fresh buffers (never views: a view would drag its whole
 * backing buffer through postMessage).
 */
export function takeRows(split: Split, indices: ArrayLike<number>): Split {
    checkSplit(split, 'takeRows');
    const xw = featureWidth(split);
    const yw = labelWidth(split);
    const x = new Float32Array(indices.length * xw);
    const y = new Float32Array(indices.length * yw);
    for (let r = 0; r < indices.length; r++) {
        const i = indices[r];
        if (!(i >= 0 && i < split.count)) throw new RangeError(`takeRows: row ${i} is outside 0..${split.count - 1}`);
        x.set(split.x.subarray(i * xw, (i + 1) * xw), r * xw);
        y.set(split.y.subarray(i * yw, (i + 1) * yw), r * yw);
    }
    return { x, y, count: indices.length };
}

/** The same split with rows in a random order. */
export function shuffleSplit(split: Split, rng: Rng): Split {
    const order = Array.from({ length: split.count }, (_, i) => i);
    shuffleInPlace(order, rng);
    return takeRows(split, order);
}

/** y as one-hot rows (`count × numClasses`) from class indices (`count × 1`). */
export function oneHot(split: Split, numClasses: number): Split {
    checkSplit(split, 'oneHot');
    if (!Number.isInteger(numClasses) || numClasses < 1) {
        throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
    }
    if (split.count > 0 && labelWidth(split) !== 1) {
        throw new RangeError(`oneHot: y must hold one class index per sample, it holds ${labelWidth(split)}`);
    }
    const y = new Float32Array(split.count * numClasses);
    for (let i = 0; i < split.count; i++) {
        const k = split.y[i];
        if (!Number.isInteger(k) || k < 0 || k >= numClasses) {
            throw new RangeError(`oneHot: sample ${i} has label ${k}, not a class index in 0..${numClasses - 1}`);
        }
        y[i * numClasses + k] = 1;
    }
    return { x: split.x, y, count: split.count };
}

function checkFraction(fraction: number, what: string): void {
    if (!(fraction > 0 && fraction < 1)) {
        throw new RangeError(`${what}: fraction must be between 0 and 1 (exclusive), got ${fraction}`);
    }
}

function partition(split: Split, held: Set<number>): { train: Split; held: Split } {
    const keep: number[] = [];
    const out: number[] = [];
    for (let i = 0; i < split.count; i++) (held.has(i) ? out : keep).push(i);
    return { train: takeRows(split, keep), held: takeRows(split, out) };
}

/**
 * Holds out round(count × fraction) random rows. Both parts keep the original row order:
 * shuffling for training is the trainer's business.
 */
export function holdOut(split: Split, fraction: number, rng: Rng): { train: Split; held: Split } {
    checkSplit(split, 'holdOut');
    checkFraction(fraction, 'holdOut');
    const order = Array.from({ length: split.count }, (_, i) => i);
    shuffleInPlace(order, rng);
    return partition(split, new Set(order.slice(0, Math.round(split.count * fraction))));
}

/**
 * How many of each class to hold out so the total is round(n × fraction) and each class gets its
 * share: floors first, then the largest remainders (ties to the lower class index).
 */
export function stratifiedHeldCounts(classCounts: readonly number[], fraction: number): number[] {
    const total = classCounts.reduce((a, b) => a + b, 0);
    const target = Math.round(total * fraction);
    const exact = classCounts.map((c) => c * fraction);
    const held = exact.map(Math.floor);
    let missing = target - held.reduce((a, b) => a + b, 0);
    const byRemainder = exact
        .map((e, k) => ({ k, r: e - Math.floor(e) }))
        .sort((a, b) => b.r - a.r || a.k - b.k);
    for (const { k } of byRemainder) {
        if (missing <= 0) break;
        if (held[k] < classCounts[k]) {
            held[k]++;
            missing--;
        }
    }
    return held;
}

/** Like holdOut, but every class keeps its share in both parts. y must hold class indices. */
export function stratifiedHoldOut(split: Split, fraction: number, rng: Rng): { train: Split; held: Split } {
    checkSplit(split, 'stratifiedHoldOut');
    checkFraction(fraction, 'stratifiedHoldOut');
    if (split.count > 0 && labelWidth(split) !== 1) {
        throw new RangeError('stratifiedHoldOut: y must hold one class index per sample');
    }
    const rowsOf: number[][] = [];
    for (let i = 0; i < split.count; i++) {
        const k = split.y[i];
        if (!Number.isInteger(k) || k < 0) throw new RangeError(`stratifiedHoldOut: sample ${i} has label ${k}, not a class index`);
        (rowsOf[k] ??= []).push(i);
    }
    const classRows = Array.from(rowsOf, (rows) => rows ?? []);
    const counts = stratifiedHeldCounts(classRows.map((rows) => rows.length), fraction);
    const held = new Set<number>();
    classRows.forEach((rows, k) => {
        shuffleInPlace(rows, rng);
        for (let i = 0; i < counts[k]; i++) held.add(rows[i]);
    });
    return partition(split, held);
}

/**
 * Standardises every feature with the mean and standard deviation of `train` (so no test
 * information leaks into training). A constant feature keeps std 1 rather than dividing by zero.
 */
export function standardize(train: Split, others: Split[] = []): { train: Split; others: Split[]; scaling: FeatureScaling } {
    const width = featureWidth(train);
    const mean = new Float64Array(width);
    const sq = new Float64Array(width);
    for (let i = 0; i < train.count; i++) {
        for (let j = 0; j < width; j++) mean[j] += train.x[i * width + j];
    }
    for (let j = 0; j < width; j++) mean[j] /= Math.max(train.count, 1);
    for (let i = 0; i < train.count; i++) {
        for (let j = 0; j < width; j++) {
            const d = train.x[i * width + j] - mean[j];
            sq[j] += d * d;
        }
    }
    const std = Array.from(sq, (s) => {
        const v = Math.sqrt(s / Math.max(train.count, 1));
        return v > 1e-12 ? v : 1;
    });
    const apply = (split: Split): Split => {
        const x = new Float32Array(split.x.length);
        for (let i = 0; i < split.count; i++) {
            for (let j = 0; j < width; j++) x[i * width + j] = (split.x[i * width + j] - mean[j]) / std[j];
        }
        return { x, y: split.y, count: split.count };
    };
    return { train: apply(train), others: others.map(apply), scaling: { mean: Array.from(mean), std } };
}

/** How many samples carry each class index (y must hold class indices). */
export function classCounts(split: Split, numClasses: number): number[] {
    const counts = new Array<number>(numClasses).fill(0);
    for (let i = 0; i < split.count; i++) counts[split.y[i]]++;
    return counts;
}
