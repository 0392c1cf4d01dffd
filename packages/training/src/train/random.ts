/**
 * Seeded randomness for everything the trainer draws: initial weights, epoch order, dropout
 * masks and validation hold-outs. tfjs's own `seed` arguments are unreliable (tfjs #7104, #316),
 * so nothing random is left to tfjs.
 */
import { createRng } from '../data/rng.js';
import type { Uniform } from './types.js';

/**
 * The data package's generator (sfc32 seeded through splitmix32): one PRNG for the whole package,
 * so a data set and a training run seeded alike are reproducible together.
 */
export function createUniform(seed: number): Uniform {
    return createRng(seed);
}

/** splitmix32, used here only to derive well-separated sub-seeds. */
function splitmix32(state: number): () => number {
    let s = state >>> 0;
    return () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
    };
}

/**
 * Independent streams from one user seed: changing, say, the validation fraction must not
 * change the initial weights.
 */
export const STREAM = { weights: 1, shuffle: 2, dropout: 3, holdout: 4, samples: 5 } as const;

export function deriveSeed(seed: number, stream: number): number {
    const mix = splitmix32((Math.floor(seed) ^ Math.imul(stream, 0x27d4eb2d)) | 0);
    mix();
    return mix() | 0;
}

/** A seed for runs without one (reported back so that the run can be repeated). */
export function randomSeed(): number {
    const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
    if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0] % 2147483647;
    return Math.floor(Math.random() * 2147483647);
}

/** A uniform integer in [0, n). */
export function randomInt(uniform: Uniform, n: number): number {
    return Math.min(n - 1, Math.floor(uniform() * n));
}

/** Standard normal draws (Box-Muller; both values of a pair are used). */
export function createNormal(uniform: Uniform): () => number {
    let spare: number | undefined;
    return () => {
        if (spare !== undefined) {
            const s = spare;
            spare = undefined;
            return s;
        }
        let u = 0;
        while (u === 0) u = uniform();
        const v = uniform();
        const r = Math.sqrt(-2 * Math.log(u));
        spare = r * Math.sin(2 * Math.PI * v);
        return r * Math.cos(2 * Math.PI * v);
    };
}

/** Normal draws redrawn until within two standard deviations (TensorFlow's truncated normal). */
export function createTruncatedNormal(uniform: Uniform): () => number {
    const normal = createNormal(uniform);
    return () => {
        for (;;) {
            const z = normal();
            if (z >= -2 && z <= 2) return z;
        }
    };
}

/** A random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, uniform: Uniform): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
        const j = randomInt(uniform, i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    return order;
}
