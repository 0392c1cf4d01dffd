/**
 * What a name in the syntax tree stands for: which catalogue argument an Argument binds to,
 * which closed-set entry a bare value names, which setting a train line sets. Hover reads it;
 * it walks only up from the node (a few containers), never across the model.
 */
import { findLayer } from '../catalogue/layers.js';
import { findDataset, findOptimizer, findSetting } from '../catalogue/training.js';
import type { ArgSpec } from '../catalogue/types.js';
import { findValue, type ValueSetName } from '../catalogue/value-sets.js';
import type { NamedValue } from '../catalogue/vocabulary.js';
import { isArgument, isLayer, isListValue, isSetting, type Argument, type CallValue, type Layer, type Value } from '../generated/ast.js';

export interface ArgumentOwner {
    /** How the owner is named in prose: `Dense`, `optimizer Adam`, `data set xor`. */
    owner: string;
    specs: readonly ArgSpec[];
    /** Positional arguments are labels (merge layers). */
    merge?: boolean;
    /** Every argument is a string (csv's path and label column). */
    strings?: boolean;
}

/**
 * The two arguments of `csv(...)`. Both are strings, which `ArgType` has no kind for: their `type`
 * is a placeholder, and the owner's `strings` flag makes the hover say "string".
 */
const CSV_ARGS: readonly ArgSpec[] = [
    { name: 'path', type: { kind: 'bool' }, required: true, positional: true, doc: 'The CSV file, relative to this .nn file.' },
    { name: 'label', type: { kind: 'bool' }, required: true, doc: 'The column holding the label (classes) or target (regression).' }
];

/** The argument list an Argument belongs to: a layer's or an optimizer / data set call's. */
export function argumentOwner(container: Layer | CallValue): ArgumentOwner | undefined {
    if (isLayer(container)) {
        const kind = findLayer(container.type);
        return kind && { owner: kind.name, specs: kind.args, merge: kind.merge };
    }
    const setting = container.$container;
    if (!isSetting(setting)) return undefined;
    if (setting.name === 'optimizer') {
        const optimizer = findOptimizer(container.callee);
        return optimizer && { owner: `optimizer ${optimizer.className}`, specs: optimizer.args };
    }
    if (setting.name === 'data') {
        if (container.callee === 'csv') return { owner: 'data set csv', specs: CSV_ARGS, strings: true };
        const data = findDataset(container.callee);
        return data && { owner: `data set ${data.name}`, specs: data.args };
    }
    return undefined;
}

/** The spec an argument binds to, by keyword or by position (undefined for merge labels). */
export function argumentSpec(arg: Argument, owner: ArgumentOwner): ArgSpec | undefined {
    if (arg.name) return owner.specs.find(s => s.name === arg.name);
    if (owner.merge) return undefined;
    const position = arg.$container.args.filter(a => !a.name).indexOf(arg);
    return owner.specs.filter(s => s.positional)[position];
}

export type ValueMeaning =
    | { kind: 'label'; argument: Argument }
    | { kind: 'named'; value: NamedValue; set: ValueSetName };

/** A bare name's text, or a quoted one's content (`"relu"` works where `relu` does). */
export function nameText(value: Value): string | undefined {
    if (value.$type === 'NameValue') return value.ref.$refText;
    // Langium's value converter has already stripped a STRING's quotes.
    if (value.$type === 'StringValue') return value.value;
    if (value.$type === 'CallValue') return value.callee;
    return undefined;
}

/** What a value written at `value` names, if it names something the catalogue documents. */
export function valueMeaning(value: Value): ValueMeaning | undefined {
    const name = nameText(value);
    if (name === undefined) return undefined;
    const container = value.$container;
    if (isArgument(container)) {
        const owner = argumentOwner(container.$container);
        if (!owner) return undefined;
        if (owner.merge && !container.name && value.$type === 'NameValue') return { kind: 'label', argument: container };
        const spec = argumentSpec(container, owner);
        if (spec?.type.kind !== 'choice') return undefined;
        const set = spec.type.set;
        const found = findValue(set, name);
        return found && { kind: 'named', value: found, set };
    }
    const setting = isSetting(container) ? container : isListValue(container) && isSetting(container.$container) ? container.$container : undefined;
    const set = setting && findSetting(setting.name)?.values;
    const found = set && findValue(set, name);
    return found && { kind: 'named', value: found, set };
}
