/**
 * Markdown documentation for catalogue entries and analysed layers, shared by hover and
 * completion so that both say the same thing in the same words.
 */
import type { ArgValue } from '../description.js';
import { formatBytes, formatCount, formatShape, plural } from '../catalogue/format.js';
import { positionalArgs } from '../catalogue/layers.js';
import type { DatasetInfo, LossInfo, OptimizerInfo, SettingInfo } from '../catalogue/training.js';
import type { ArgSpec, ArgType, LayerKind } from '../catalogue/types.js';
import { valueNames, type ValueSetName } from '../catalogue/value-sets.js';
import { findActivation, type NamedValue } from '../catalogue/vocabulary.js';
import type { LayerAnalysis, ModelAnalysis } from '../analysis/types.js';

/** A value literal as it is written in `.nn`. */
export function valueLiteral(value: ArgValue): string {
    if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
    if (typeof value === 'string') return value;
    return String(value);
}

/** The accepted values of an argument type, in words. */
export function typeText(type: ArgType): string {
    switch (type.kind) {
        case 'int':
            return type.max === undefined ? `integer ≥ ${type.min}` : `integer in [${type.min}, ${formatCount(type.max)}]`;
        case 'float': {
            if (type.min === undefined && type.max === undefined) return 'number';
            const lo = type.min === undefined ? '(−∞' : `${type.minExclusive ? '(' : '['}${type.min}`;
            const hi = type.max === undefined ? '∞)' : `${formatCount(type.max)}${type.maxExclusive ? ')' : ']'}`;
            return `number in ${lo}, ${hi}`;
        }
        case 'bool':
            return '`true` or `false`';
        case 'choice':
            return `${type.set}: ${valueNames(type.set).map(c => `\`${c}\``).join(', ')}`;
        case 'tuple':
            return type.length === 1
                ? `integer ≥ ${type.min}`
                : `integer ≥ ${type.min}, or a list of ${type.length} (\`3\` means \`[${Array(type.length).fill(3).join(', ')}]\`)`;
        case 'shape':
            return 'list of sizes, e.g. `[28, 28, 1]` (one may be `-1`: whatever fits)';
        case 'axis':
            return 'axis counted with the batch axis as 0: `-1` is the last, `0` is refused';
    }
}

/** Hover text for an argument name. */
export function argumentDoc(spec: ArgSpec, owner: string, ownerArgs: readonly ArgSpec[], isString = false): string {
    const facts: string[] = [`Type: ${isString ? 'string' : typeText(spec.type)}`];
    if (spec.required) facts.push('required');
    else if (spec.default === null) facts.push('default: derived (see above)');
    else if (spec.default !== undefined) facts.push(`default: \`${valueLiteral(spec.default)}\``);
    if (spec.positional) {
        const position = ownerArgs.filter(a => a.positional).indexOf(spec);
        facts.push(`positional #${position + 1}`);
    }
    return `**${spec.name}** — argument of ${owner}\n\n${spec.doc}\n\n${facts.join(' · ')}`;
}

/** Hover/completion text for a closed-set value (relu, same, mnist, Adam, accuracy …). */
export function namedValueDoc(value: NamedValue, set: ValueSetName): string {
    const parts = [`**${value.name}** — ${set}`, value.summary];
    if (value.formula) parts.push(`\`${value.formula}\``);
    const dataset = value as Partial<DatasetInfo>;
    if (set === 'data set' && dataset.sampleShape) {
        const task = dataset.task === 'classification' ? `${dataset.numClasses} classes` : 'regression';
        parts.push(`Samples ${formatShape(dataset.sampleShape)} · ${task}`);
    }
    const loss = value as Partial<LossInfo>;
    if (set === 'loss' && loss.kind) parts.push(lossAdvice(loss.kind));
    const optimizer = value as Partial<OptimizerInfo>;
    if (set === 'optimizer' && optimizer.args) {
        parts.push(`Arguments: ${optimizer.args.map(a => `\`${a.name}=${valueLiteral(a.default ?? '')}\``).join(', ')}`);
    }
    return parts.join('\n\n');
}

function lossAdvice(kind: LossInfo['kind']): string {
    switch (kind) {
        case 'regression': return 'Pairs with a linear output.';
        case 'binary': return 'Pairs with `Dense(1, activation=sigmoid)`.';
        case 'categorical': return 'Pairs with `Dense(classes, activation=softmax)`.';
        case 'sparse': return 'Pairs with `Dense(classes, activation=softmax)` and integer labels.';
    }
}

export function settingDoc(setting: SettingInfo): string {
    return `**${setting.name}** — training setting${setting.required ? ' (required)' : ''}\n\n${setting.summary}`;
}

/** Completion documentation for a layer kind: what it is and how it is called. */
export function layerKindDoc(kind: LayerKind): string {
    const parts = [`**${kind.name}** — ${kind.category} layer`, kind.summary];
    if (kind.computes) parts.push(`\`${kind.computes}\``);
    parts.push(signature(kind));
    return parts.join('\n\n');
}

/** `Dense(units, activation=linear, use_bias=true, …)`. */
export function signature(kind: LayerKind): string {
    const positional = kind.merge ? ['labels…'] : positionalArgs(kind).map(a => a.name);
    const keywords = kind.args.filter(a => !a.positional || kind.merge).map(a => `${a.name}=${a.default === undefined || a.default === null ? '…' : valueLiteral(a.default)}`);
    return `\`${kind.name}(${[...positional, ...keywords].join(', ')})\``;
}

/** "60 params" or "128 params (64 trainable)": the count an inlay hint and a hover show. */
export function paramsText(trainable: number, nonTrainable: number): string {
    const total = trainable + nonTrainable;
    return nonTrainable > 0 ? `${plural(total, 'param')} (${formatCount(trainable)} trainable)` : plural(total, 'param');
}

/** Hover text for an analysed layer. */
export function layerDoc(layer: LayerAnalysis, kind: LayerKind): string {
    const node = layer.node;
    const title = node.name ? `**${node.name}** = **${kind.name}** — ${kind.category} layer` : `**${kind.name}** — ${kind.category} layer`;
    const parts = [title, kind.summary];
    if (layer.inputShapes && layer.output) {
        const labels = kind.merge ? node.args.filter(a => !a.name).map(a => a.value?.$cstNode?.text ?? '?') : [];
        const inputs = layer.inputShapes.length === 1
            ? `\`${formatShape(layer.inputShapes[0])}\``
            : layer.inputShapes.map((s, i) => `\`${formatShape(s)}\` (${i === 0 ? 'previous' : labels[i - 1]})`).join(' + ');
        parts.push(`${inputs} → \`${formatShape(layer.output)}\``);
    } else {
        parts.push('Shape unknown: fix the errors on this layer or above it first.');
    }
    if (layer.params) {
        const { trainable, nonTrainable, formula } = layer.params;
        if (trainable + nonTrainable === 0) {
            parts.push('**Parameters:** none');
        } else {
            let text = `**Parameters:** ${formula}`;
            if (nonTrainable > 0) text += ` (${formatCount(trainable)} trainable, ${formatCount(nonTrainable)} non-trainable)`;
            parts.push(text);
        }
    }
    const computes: string[] = [];
    if (kind.computes) computes.push(`\`${kind.computes}\``);
    const activation = typeof layer.args.activation === 'string' ? findActivation(layer.args.activation) : undefined;
    if (activation && kind.args.some(a => a.name === 'activation')) computes.push(`${activation.name}: \`${activation.formula}\``);
    if (computes.length) parts.push(`Computes ${computes.join(', with ')}`);
    return parts.join('\n\n');
}

/** Hover text for a model: shapes and totals. */
export function modelDoc(model: ModelAnalysis): string {
    const parts = [`**model ${model.name}** — ${plural(model.layers.length, 'layer')}`];
    if (model.input && model.output) parts.push(`\`${formatShape(model.input)}\` → \`${formatShape(model.output)}\``);
    else if (model.input) parts.push(`Input \`${formatShape(model.input)}\`; the output shape is unknown until the errors are fixed.`);
    if (model.params) {
        const { total, trainable, nonTrainable } = model.params;
        let text = `**${plural(total, 'parameter')}** (${formatCount(trainable)} trainable${nonTrainable ? `, ${formatCount(nonTrainable)} non-trainable` : ''})`;
        if (model.memory) text += ` · weights ${formatBytes(model.memory.weights)} · training needs about ${formatBytes(model.memory.bytes)} (batch of ${model.memory.batchSize})`;
        parts.push(text);
    }
    return parts.join('\n\n');
}
