/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so data generation, splits, weight
 * initialisation and shuffling are reproducible everywhere: tfjs's own seeds are unreliable and
 * Math.random cannot be seeded.
 */

export type Rng = () => number;

function splitmix32(state: number): () => number {
    let s = state >>> 0;
    return () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
    };
}

/** Uniform numbers in [0, 1) with 32 bits of resolution; equal seeds give equal streams. */
export function createRng(seed: number): Rng {
    if (!Number.isFinite(seed)) {
        throw new RangeError(`createRng: the seed must be a finite number, got ${seed}`);
    }
    // Both halves of a large integer seed count, so 1 and 2**32 + 1 differ.
    const low = Math.trunc(seed) >>> 0;
    const high = Math.trunc(seed / 2 ** 32) >>> 0;
    const mix = splitmix32(low ^ Math.imul(high, 0x27d4eb2d));
    let a = mix();
    let b = mix();
    let c = mix();
    let counter = 1;
    const next = (): number => {
        const t = (((a + b) >>> 0) + counter) >>> 0;
        counter = (counter + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = ((c << 21) | (c >>> 11)) >>> 0;
        c = (c + t) >>> 0;
        return t / 4294967296;
    };
    // sfc32 mixes poorly during its first outputs.
    for (let i = 0; i < 12; i++) next();
    return next;
}

/** A normally distributed number (Box–Muller). */
export function normal(rng: Rng, mean = 0, std = 1): number {
    // 1 - u is in (0, 1], so the logarithm is finite.
    const u = 1 - rng();
    const v = rng();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniform number in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
    return low + (high - low) * rng();
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
    return Math.floor(rng() * n);
}

/** Shuffles in place (Fisher–Yates). */
export function shuffleInPlace(values: { length: number; [index: number]: number }, rng: Rng): void {
    for (let i = values.length - 1; i > 0; i--) {
        const j = randomInt(rng, i + 1);
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
    }
}

/** A random permutation of 0..count-1 (Int32Array: what tf.gather takes). */
export function shuffleIndices(count: number, rng: Rng): Int32Array {
    const indices = new Int32Array(count);
    for (let i = 0; i < count; i++) indices[i] = i;
    shuffleInPlace(indices, rng);
    return indices;
}
