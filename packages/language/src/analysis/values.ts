/**
 * Turning argument syntax into checked values: the type rules of the catalogue's `ArgType`s,
 * with messages that say what was expected.
 */
import type { AstNode } from 'langium';
import type { ArgValue } from '../description.js';
import type { ArgSpec, ArgType } from '../catalogue/types.js';
import { valueNames } from '../catalogue/value-sets.js';
import { formatCount } from '../catalogue/format.js';
import { isBoolValue, isCallValue, isListValue, isNameValue, isNumberValue, isStringValue, type Value } from '../generated/ast.js';
import { didYouMean } from './suggest.js';

/** The largest size we accept anywhere: tfjs indexes tensors with int32. */
export const MAX_INT = 2_147_483_647;

export interface ValueProblem {
    code: 'bad-argument' | 'unknown-activation';
    message: string;
    /** The node to underline (an item inside a list, or the whole value). */
    node: AstNode;
    suggestion?: string;
}

export type Coerced = { ok: true; value: ArgValue } | { ok: false; problem: ValueProblem };


/** The name of a bare identifier value (`relu`), or undefined for other values. */
export function nameOf(value: Value | undefined): string | undefined {
    return isNameValue(value) ? value.ref.$refText : undefined;
}

/** The number a NumberValue holds (NaN for malformed text, ±Infinity for overflow). */
export function numberOf(value: Value | undefined): number | undefined {
    return isNumberValue(value) ? Number(value.value) : undefined;
}

/** Short rendering of a value for messages: `[3]`, `relu`, `"x.csv"`. */
export function valueText(value: Value | undefined): string {
    if (!value) return '?';
    if (isNumberValue(value)) return value.value;
    if (isStringValue(value)) return value.value;
    if (isBoolValue(value)) return value.value;
    if (isNameValue(value)) return value.ref.$refText;
    if (isListValue(value)) return `[${value.items.map(valueText).join(', ')}]`;
    if (isCallValue(value)) return `${value.callee}(…)`;
    return '?';
}

function fail(node: AstNode, message: string, code: ValueProblem['code'] = 'bad-argument', suggestion?: string): Coerced {
    return { ok: false, problem: { code, message, node, suggestion } };
}

function integer(value: Value, what: string, min: number, max = MAX_INT): Coerced {
    const n = numberOf(value);
    if (n === undefined) return fail(value, `${what} must be a whole number, not ${valueText(value)}.`);
    if (!Number.isInteger(n)) return fail(value, `${what} must be a whole number, not ${valueText(value)}.`);
    if (n < min) return fail(value, `${what} must be at least ${min}, not ${valueText(value)}.`);
    if (n > max) return fail(value, `${what} = ${valueText(value)} is too large: at most ${formatCount(max)}.`);
    return { ok: true, value: n };
}

function describeRange(type: Extract<ArgType, { kind: 'float' }>): string {
    const lo = type.min === undefined ? '(−∞' : `${type.minExclusive ? '(' : '['}${type.min}`;
    const hi = type.max === undefined ? '∞)' : `${type.max}${type.maxExclusive ? ')' : ']'}`;
    return `${lo}, ${hi}`;
}

/** Checks one value against an argument's type; returns the Keras value or what is wrong. */
export function coerce(spec: ArgSpec, value: Value, owner: string): Coerced {
    const what = `${owner}'s ${spec.name}`;
    const type = spec.type;
    switch (type.kind) {
        case 'int':
            return integer(value, what, type.min, type.max ?? MAX_INT);
        case 'float': {
            const n = numberOf(value);
            if (n === undefined || Number.isNaN(n)) return fail(value, `${what} must be a number, not ${valueText(value)}.`);
            const below = type.min !== undefined && (type.minExclusive ? n <= type.min : n < type.min);
            const above = type.max !== undefined && (type.maxExclusive ? n >= type.max : n > type.max);
            if (below || above || !Number.isFinite(n)) return fail(value, `${what} must be in ${describeRange(type)}, not ${valueText(value)}.`);
            return { ok: true, value: n };
        }
        case 'bool':
            if (isBoolValue(value)) return { ok: true, value: value.value === 'true' };
            return fail(value, `${what} must be true or false, not ${valueText(value)}.`);
        case 'choice': {
            // A STRING's value arrives unquoted (Langium's value converter strips the quotes).
            const name = nameOf(value) ?? (isStringValue(value) ? value.value : undefined);
            const options = valueNames(type.set);
            if (name === undefined) return fail(value, `${what} must be one of ${options.join(', ')}.`);
            if (options.includes(name)) return { ok: true, value: name };
            const hint = didYouMean(name, options);
            if (type.set === 'activation') {
                return fail(value, `Unknown activation '${name}'.${hint.text || ` Known activations: ${options.join(', ')}.`}`, 'unknown-activation', hint.suggestion);
            }
            return fail(value, `Unknown ${type.set} '${name}' for ${what}.${hint.text || ` Use one of ${options.join(', ')}.`}`, 'bad-argument', hint.suggestion);
        }
        case 'tuple': {
            if (isNumberValue(value)) {
                const one = integer(value, what, type.min);
                return one.ok ? { ok: true, value: Array(type.length).fill(one.value) } : one;
            }
            if (isListValue(value)) {
                if (value.items.length !== type.length) {
                    return fail(value, `${what} needs ${type.length} integer${type.length === 1 ? '' : 's'} (${type.length === 2 ? 'e.g. [3, 3], or just 3' : 'or a single integer'}), but got ${valueText(value)}.`);
                }
                const items: number[] = [];
                for (const item of value.items) {
                    const one = integer(item, what, type.min);
                    if (!one.ok) return one;
                    items.push(one.value as number);
                }
                return { ok: true, value: items };
            }
            return fail(value, `${what} must be an integer or a list of ${type.length} integers, not ${valueText(value)}.`);
        }
        case 'shape': {
            if (!isListValue(value) || value.items.length === 0) {
                return fail(value, `${what} must be a non-empty list of sizes, e.g. [28, 28, 1].`);
            }
            const items: number[] = [];
            let inferred = 0;
            for (const item of value.items) {
                if (numberOf(item) === -1) {
                    if (++inferred > 1) return fail(item, `${what} may contain -1 only once (it means "whatever fits").`);
                    items.push(-1);
                    continue;
                }
                const one = integer(item, `each size in ${what}`, 1);
                if (!one.ok) return one;
                items.push(one.value as number);
            }
            return { ok: true, value: items };
        }
        case 'axis': {
            const one = integer(value, what, -MAX_INT);
            if (one.ok && one.value === 0) return fail(value, `${what} = 0 is the batch axis; use -1 for the last axis or 1, 2, … for the sample axes.`);
            return one;
        }
    }
}
