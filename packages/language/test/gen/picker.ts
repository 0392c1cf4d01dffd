/** Random choices for the generators, driven by fast-check (shrinkable) or by a plain PRNG. */
import fc from 'fast-check';

export interface Picker {
    /** An integer in [min, max]. */
    int(min: number, max: number): number;
    /** True with probability p. */
    chance(p: number): boolean;
    pick<T>(items: readonly T[]): T;
}

export function fcPicker(g: fc.GeneratorValue): Picker {
    return {
        int: (min, max) => g(fc.integer, { min, max }),
        chance: p => g(fc.integer, { min: 0, max: 999 }) < p * 1000,
        pick: items => items[g(fc.integer, { min: 0, max: items.length - 1 })]
    };
}

export function prngPicker(random: () => number): Picker {
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    return {
        int,
        chance: p => random() < p,
        pick: items => items[int(0, items.length - 1)]
    };
}
