/**
 * Seeded, reproducible property runs. The seed is fixed so CI is deterministic; set
 * NN_FUZZ_SEED=<integer> to explore other corners. On failure the seed and fast-check's
 * replay path are printed so the exact case can be rerun.
 */
import fc from 'fast-check';

export const DEFAULT_SEED = 20_240_611;

function parseSeed(text: string | undefined): number {
    if (text === undefined || text.trim() === '') return DEFAULT_SEED;
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`NN_FUZZ_SEED must be an integer, not '${text}'.`);
    return n;
}

export const FUZZ_SEED = parseSeed(process.env.NN_FUZZ_SEED);

/** Runs a property with the run's seed; a failure message starts with how to reproduce it. */
export async function assertProperty<T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, numRuns: number): Promise<void> {
    const details = await fc.check(property as fc.IAsyncProperty<T>, { seed: FUZZ_SEED, numRuns, endOnFailure: false });
    if (details.failed) {
        const report = fc.defaultReportMessage(details) ?? 'property failed';
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        const message = `NN_FUZZ_SEED=${FUZZ_SEED} (replay path ${details.counterexamplePath})\n${cause}\n\n${report}`;
        console.error(message);
        throw new Error(message);
    }
}

/** A deterministic stream of pseudo-random numbers for non-property loops (mutations, sampling). */
export function prng(seed = FUZZ_SEED): () => number {
    let state = (seed >>> 0) || 1;
    return () => {
        // xorshift32: good enough to pick offsets and tokens, and identical on every machine.
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state / 0x1_0000_0000;
    };
}
