/**
 * Every closed set of names a `.nn` file may use as a value, by the name prose gives the set:
 * the checker validates against it, completion lists it, hover and meaning document from it.
 */
import { DATA_VALUES, LOSSES, METRICS, OPTIMIZERS } from './training.js';
import type { ChoiceSet } from './types.js';
import { ACTIVATIONS, INITIALIZERS, INTERPOLATIONS, PADDINGS, type NamedValue } from './vocabulary.js';

export interface ValueSet {
    values: readonly NamedValue[];
    /** Other spellings accepted for a value (`adam` for `Adam`). */
    aliases?: (value: NamedValue) => readonly string[];
}

export const VALUE_SETS = {
    activation: { values: ACTIVATIONS },
    padding: { values: PADDINGS },
    initializer: { values: INITIALIZERS },
    interpolation: { values: INTERPOLATIONS },
    'data set': { values: DATA_VALUES },
    loss: { values: LOSSES },
    optimizer: { values: OPTIMIZERS, aliases: value => [OPTIMIZERS.find(o => o === value)!.key] },
    metric: { values: METRICS },
    'validation split': { values: [{ name: 'test', summary: 'Validate on the data set\'s own test split after every epoch.' }] }
} satisfies Record<ChoiceSet, ValueSet> & Record<string, ValueSet>;

/** A set's name, as prose calls it ("**relu** — activation"). */
export type ValueSetName = keyof typeof VALUE_SETS;

/** The value `name` denotes in a set (by its name or an alias), if any. */
export function findValue(set: ValueSetName, name: string): NamedValue | undefined {
    const entry: ValueSet = VALUE_SETS[set];
    return entry.values.find(v => v.name === name || entry.aliases?.(v).includes(name));
}

const NAMES = new Map((Object.keys(VALUE_SETS) as ValueSetName[]).map(set => [set, VALUE_SETS[set].values.map(v => v.name)]));

/** The names of a set's values, in catalogue order (one array per set: the checker asks for every argument). */
export function valueNames(set: ValueSetName): readonly string[] {
    return NAMES.get(set)!;
}
