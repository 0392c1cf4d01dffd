import * as v from 'valibot';

/**
 * A number as training produces it: a diverging loss is NaN or ±Infinity, and the message that
 * carries it must still arrive (valibot's `number()` refuses NaN). Over JSON (the LSP), NaN and
 * Infinity become null: those schemas are not used there.
 */
export const measured = v.union([v.number(), v.nan()]);

export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const line = v.pipe(v.number(), v.integer(), v.minValue(1));
