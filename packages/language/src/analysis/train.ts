/**
 * Checking a `train` block: its settings, and whether the model fits the data and the loss.
 */
import { isGeneratorKind } from '../catalogue/data.js';
import { elementCount, formatCount, formatShape } from '../catalogue/format.js';
import { DATASETS, findDataset, findLoss, findMetric, findOptimizer, OPTIMIZERS, SETTINGS, type DatasetInfo, type LossName, type MetricName, type SettingName } from '../catalogue/training.js';
import { valueNames } from '../catalogue/value-sets.js';
import type { ArgSpec } from '../catalogue/types.js';
import type { DataSpec, OptimizerSpec } from '../description.js';
import { isCallValue, isListValue, isNumberValue, isStringValue, type Argument, type Setting, type Train, type Value } from '../generated/ast.js';
import { activationOf, findArgument } from './model.js';
import { didYouMean } from './suggest.js';
import type { FixData, Issue, ModelAnalysis, TrainAnalysis } from './types.js';
import { coerce, nameOf, valueText } from './values.js';

/** Settings as checked, before the model is attached (paths still relative). */
export interface ResolvedSettings {
    data?: DataSpec;
    dataInfo?: DatasetInfo;
    loss?: LossName;
    optimizer: OptimizerSpec;
    metrics: MetricName[];
    epochs: number;
    batchSize: number;
    validation?: 'test' | number;
    seed?: number;
}

export type CheckedTrain = TrainAnalysis;

const MAX_EPOCHS = 100_000;
const MAX_BATCH = 1_000_000;
const MAX_SEED = 4_294_967_295;

/**
 * A string literal's content. Langium's value converter has already removed the quotes and
 * resolved the escapes of every STRING token, so the AST value is the content itself.
 */
export function stringContent(text: string): string {
    return text;
}

/** A bare name or a quoted one ('adam' as Keras users write it). */
function nameOrString(value: Value): string | undefined {
    return nameOf(value) ?? (isStringValue(value) ? stringContent(value.value) : undefined);
}

export function analyzeTrain(train: Train, models: Map<string, ModelAnalysis>, issues: Issue[]): CheckedTrain {
    const result: CheckedTrain = {
        node: train, ok: true,
        settings: { optimizer: { name: 'adam', learningRate: 0.001, args: {} }, metrics: [], epochs: 10, batchSize: 32 }
    };
    const report = (issue: Issue) => {
        issues.push(issue);
        if (issue.severity === 'error') result.ok = false;
    };
    const modelName = train.model?.$refText ?? '';
    result.model = models.get(modelName);
    if (!modelName) {
        result.ok = false; // `train` with no name yet: a syntax error already says so
    } else if (!result.model) {
        const hint = didYouMean(modelName, models.keys());
        report({
            severity: 'error', code: 'unknown-model',
            message: `There is no model '${modelName}' in this file.${hint.text || (models.size ? ` Models here: ${[...models.keys()].join(', ')}.` : ' Define it with `model Name { … }`.')}`,
            node: train, property: 'model',
            fix: hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
        });
    } else if (!result.model.ok) {
        result.ok = false;
    }

    const seen = new Set<string>();
    for (const setting of train.settings) {
        // `data =` with no value yet: the parser reports it.
        if (!setting.name || !setting.value) {
            result.ok = false;
            continue;
        }
        const info = SETTINGS.find(s => s.name === setting.name);
        if (!info) {
            const hint = didYouMean(setting.name, SETTINGS.map(s => s.name));
            report({
                severity: 'error', code: 'unknown-argument',
                message: `Unknown training setting '${setting.name}'.${hint.text || ` Settings: ${SETTINGS.map(s => s.name).join(', ')}.`}`,
                node: setting, property: 'name',
                fix: hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
            });
            continue;
        }
        if (seen.has(setting.name)) {
            report({ severity: 'error', code: 'bad-argument', message: `${setting.name} is set twice in this train block.`, node: setting, property: 'name' });
            continue;
        }
        seen.add(setting.name);
        resolveSetting(info.name, setting, result.settings, report);
    }
    for (const info of SETTINGS) {
        if (info.required && !seen.has(info.name)) {
            const example = info.name === 'data' ? `data = ${dataFor(result.model)}` : `loss = ${lossFor(result.model, result.settings.dataInfo)}`;
            report({
                severity: 'error', code: 'missing-setting', message: `This train block needs \`${info.name}\` (e.g. \`${example}\`). ${info.summary}`, node: train, property: 'model',
                fix: { fix: 'insert-setting', text: example }
            });
        }
    }
    if (result.model?.output && result.model.input) checkFit(result, result.model, report);
    return result;
}

function resolveSetting(name: SettingName, setting: Setting, settings: ResolvedSettings, report: (i: Issue) => void): void {
    const value = setting.value;
    const bad = (message: string, node: Value = value, suggestion?: string) => report({
        severity: 'error', code: 'bad-argument', message, node,
        fix: suggestion ? { fix: 'replace-name', replacement: suggestion } : undefined
    });
    const positiveInt = (max: number): number | undefined => {
        const n = isNumberValue(value) ? Number(value.value) : NaN;
        if (!Number.isInteger(n) || n < 1 || n > max) {
            bad(`${name} must be a whole number from 1 to ${formatCount(max)}, not ${valueText(value)}.`);
            return undefined;
        }
        return n;
    };
    switch (name) {
        case 'data':
            resolveData(value, settings, bad);
            return;
        case 'loss': {
            const loss = nameOrString(value);
            const info = loss === undefined ? undefined : findLoss(loss);
            if (info) {
                settings.loss = info.name;
            } else {
                const hint = loss ? didYouMean(loss, valueNames('loss')) : { text: '' };
                bad(`Unknown loss ${valueText(value)}.${hint.text || ` Losses: ${valueNames('loss').join(', ')}.`}`, value, hint.suggestion);
            }
            return;
        }
        case 'optimizer':
            resolveOptimizer(value, settings, report, bad);
            return;
        case 'metrics': {
            const items = isListValue(value) ? value.items : [value];
            const metrics: MetricName[] = [];
            for (const item of items) {
                const metric = nameOrString(item);
                const info = metric === undefined ? undefined : findMetric(metric);
                if (info) {
                    metrics.push(info.name);
                } else {
                    const hint = metric ? didYouMean(metric, valueNames('metric')) : { text: '' };
                    bad(`Unknown metric ${valueText(item)}.${hint.text || ` Metrics: ${valueNames('metric').join(', ')}.`}`, item, hint.suggestion);
                }
            }
            settings.metrics = metrics;
            return;
        }
        case 'epochs': {
            const n = positiveInt(MAX_EPOCHS);
            if (n !== undefined) settings.epochs = n;
            return;
        }
        case 'batch_size': {
            const n = positiveInt(MAX_BATCH);
            if (n !== undefined) settings.batchSize = n;
            return;
        }
        case 'validation': {
            if (nameOrString(value) === 'test') {
                settings.validation = 'test';
                return;
            }
            const n = isNumberValue(value) ? Number(value.value) : NaN;
            if (n > 0 && n < 1) settings.validation = n;
            else bad(`validation must be \`test\` (the data set's test split) or a fraction between 0 and 1 such as 0.1, not ${valueText(value)}.`);
            return;
        }
        case 'seed': {
            const n = isNumberValue(value) ? Number(value.value) : NaN;
            if (Number.isInteger(n) && n >= 0 && n <= MAX_SEED) settings.seed = n;
            else bad(`seed must be a whole number from 0 to ${formatCount(MAX_SEED)}, not ${valueText(value)}.`);
            return;
        }
    }
}

/** Binds `name(args)` keyword/positional arguments to specs; reports problems; returns values or undefined. */
function bindCall(owner: string, args: Argument[], specs: ArgSpec[], report: (i: Issue) => void): Record<string, unknown> | undefined {
    const values: Record<string, unknown> = {};
    let ok = true;
    let position = 0;
    const positional = specs.filter(s => s.positional);
    for (const arg of args) {
        const spec = arg.name ? specs.find(s => s.name === arg.name) : positional[position++];
        if (!spec) {
            const hint = arg.name ? didYouMean(arg.name, specs.map(s => s.name)) : { text: '' };
            report({
                severity: 'error', code: arg.name ? 'unknown-argument' : 'bad-argument',
                message: arg.name
                    ? `${owner} has no argument '${arg.name}'.${hint.text || (specs.length ? ` It takes: ${specs.map(s => s.name).join(', ')}.` : ' It takes none.')}`
                    : `${owner} takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'}; write the others as keyword=value.`,
                node: arg, property: arg.name ? 'name' : undefined,
                fix: hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
            });
            ok = false;
            continue;
        }
        if (spec.name in values) {
            report({ severity: 'error', code: 'bad-argument', message: `${spec.name} is given twice.`, node: arg });
            ok = false;
            continue;
        }
        const coerced = coerce(spec, arg.value, owner);
        if (coerced.ok) values[spec.name] = coerced.value;
        else {
            report({ severity: 'error', code: coerced.problem.code, message: coerced.problem.message, node: coerced.problem.node });
            ok = false;
        }
    }
    for (const spec of specs) {
        if (!(spec.name in values) && spec.default !== undefined) values[spec.name] = spec.default;
    }
    return ok ? values : undefined;
}

function resolveData(value: Value, settings: ResolvedSettings, bad: (message: string, node?: Value, suggestion?: string) => void): void {
    const report = (i: Issue) => bad(i.message, i.node as Value);
    const known = valueNames('data set');
    const name = isCallValue(value) ? value.callee : nameOrString(value);
    if (name === 'csv') {
        if (!isCallValue(value)) {
            bad('csv needs a file and a label column: csv("data/file.csv", label="class").');
            return;
        }
        const path = value.args.find(a => !a.name) ?? value.args.find(a => a.name === 'path');
        const label = value.args.find(a => a.name === 'label');
        const extra = value.args.filter(a => a !== path && a !== label);
        for (const arg of extra) {
            bad(`csv takes a file path and label="column"; ${arg.name ? `'${arg.name}' is not one of its arguments` : 'remove this argument'}.`, arg.value);
        }
        if (!path || !isStringValue(path.value)) {
            bad('csv needs the file path first, as a string: csv("data/file.csv", label="class").', path?.value ?? value);
            return;
        }
        if (!label || !isStringValue(label.value)) {
            bad('csv needs the label column: csv("data/file.csv", label="class").', label?.value ?? value);
            return;
        }
        if (extra.length === 0) settings.data = { kind: 'csv', path: stringContent(path.value.value), label: stringContent(label.value.value) };
        return;
    }
    const info = name ? findDataset(name) : undefined;
    if (!info) {
        const hint = name ? didYouMean(name, known) : { text: '' };
        bad(`Unknown data set ${valueText(value)}.${hint.text || ` Data sets: ${known.join(', ')}.`}`, isCallValue(value) ? value : value, hint.suggestion);
        return;
    }
    settings.dataInfo = info;
    const kind = info.name;
    if (!isGeneratorKind(kind)) {
        if (isCallValue(value) && value.args.length > 0) {
            bad(`${kind} takes no arguments.`);
            return;
        }
        settings.data = { kind };
        return;
    }
    const args = bindCall(kind, isCallValue(value) ? value.args : [], info.args, report);
    if (args) settings.data = { kind, n: args.n as number, noise: args.noise as number };
}

function resolveOptimizer(value: Value, settings: ResolvedSettings, report: (i: Issue) => void, bad: (message: string, node?: Value, suggestion?: string) => void): void {
    const name = isCallValue(value) ? value.callee : nameOrString(value);
    const info = name ? findOptimizer(name) : undefined;
    if (!info) {
        const hint = name ? didYouMean(name, OPTIMIZERS.flatMap(o => [o.className, o.key])) : { text: '' };
        bad(`Unknown optimizer ${valueText(value)}.${hint.text || ` Optimizers: ${valueNames('optimizer').join(', ')} (or ${OPTIMIZERS.map(o => o.key).join(', ')}).`}`, value, hint.suggestion);
        return;
    }
    const args = bindCall(info.className, isCallValue(value) ? value.args : [], info.args, report);
    if (!args) return;
    const { learning_rate, ...rest } = args;
    settings.optimizer = { name: info.key, learningRate: learning_rate as number, args: rest as Record<string, number | boolean> };
}

/** The data set a missing `data` should name: one whose samples fit the model's input (and classes its output). */
function dataFor(model: ModelAnalysis | undefined): string {
    const input = model?.input;
    if (!input) return 'mnist';
    const units = model.output?.length === 1 ? model.output[0] : undefined;
    const fits = DATASETS.filter(d => !isGeneratorKind(d.name) && elementCount(d.sampleShape) === elementCount(input));
    const best = fits.find(d => formatShape(d.sampleShape) === formatShape(input) && d.numClasses === units)
        ?? fits.find(d => d.numClasses === units)
        ?? fits.find(d => formatShape(d.sampleShape) === formatShape(input))
        ?? fits[0]
        ?? DATASETS.find(d => formatShape(d.sampleShape) === formatShape(input));
    return best?.name ?? 'mnist';
}

/** The loss a missing `loss` should name: from the data's task and the model's last activation. */
function lossFor(model: ModelAnalysis | undefined, data: DatasetInfo | undefined): LossName {
    if (data?.task === 'regression') return 'mse';
    const last = model?.layers[model.layers.length - 1];
    const activation = last && activationOf(last);
    if (activation === 'sigmoid') return 'binary_crossentropy';
    if (!data && activation === 'linear') return 'mse';
    return 'categorical_crossentropy';
}

/** Whether the model's input and output fit the data and the loss. */
function checkFit(train: CheckedTrain, model: ModelAnalysis, report: (i: Issue) => void): void {
    const settings = train.settings;
    const data = settings.dataInfo;
    const dataSetting = train.node.settings.find(s => s.name === 'data');
    const lossSetting = train.node.settings.find(s => s.name === 'loss');
    const output = model.output!;
    const last = model.layers[model.layers.length - 1];
    const units = output[output.length - 1];

    if (data && dataSetting) {
        const sample = elementCount(data.sampleShape);
        const input = elementCount(model.input!);
        if (sample !== input) {
            report({
                severity: 'error', code: 'data-mismatch',
                message: `${data.name} samples are ${formatShape(data.sampleShape)} (${formatCount(sample)} values) but ${model.name}'s input is ${formatShape(model.input!)} (${formatCount(input)} values). Change the input to \`input ${formatShape(data.sampleShape)}\`${data.sampleShape.length > 1 ? ` or \`input [${sample}]\`` : ''}.`,
                node: dataSetting, property: 'value',
                fix: { fix: 'set-input', shape: [...data.sampleShape] },
                otherFixes: data.sampleShape.length > 1 ? [{ fix: 'set-input', shape: [sample] }] : undefined
            });
        }
        if (data.task === 'classification') {
            const lossKind = settings.loss ? findLoss(settings.loss)?.kind : undefined;
            const k = data.numClasses;
            const fits = output.length === 1 && (units === k || (k === 2 && units === 1 && lossKind !== 'categorical' && lossKind !== 'sparse'));
            if (!fits && last) {
                const expected = lossKind === 'binary' && k === 2 ? 1 : k;
                // The argument that sets the output width (Dense's units), where the output is a vector or the layer maps the last axis.
                const width = last.kind?.lint.width;
                const unitsArg = width && (output.length === 1 || last.kind!.lint.lastAxisLinear) ? findArgument(last.node, last.kind!, width) : undefined;
                const shapeNote = output.length === 1 ? `${formatCount(units)} value${units === 1 ? '' : 's'}` : `${formatShape(output)}, not a vector of class scores (add Flatten() before the last Dense)`;
                report({
                    severity: 'error', code: 'data-mismatch',
                    message: `${data.name} has ${k} classes but ${model.name} outputs ${shapeNote}. The last layer needs ${expected} unit${expected === 1 ? '' : 's'}${expected === k ? ', one per class' : ' (one probability for the positive class)'}.`,
                    node: unitsArg ?? last.node, property: unitsArg ? 'value' : 'type',
                    fix: unitsArg && output.length === 1 ? { fix: 'set-units', value: expected } : undefined
                });
            }
        }
    }

    if (settings.loss && lossSetting && last) {
        const loss = findLoss(settings.loss)!;
        const activation = activationOf(last);
        // The fixes: the loss that fits the output as it is, or the activation that fits the loss (both, where both make sense).
        const warn = (message: string, ...fixes: FixData[]) => report({ severity: 'warning', code: 'loss-mismatch', message, node: lossSetting, property: 'value', fix: fixes[0], otherFixes: fixes.slice(1) });
        // An activation can be set where the last layer applies one through an argument.
        const settable = last.kind?.lint.activation !== undefined && 'argument' in last.kind.lint.activation;
        const activationFix = (to: string, loss?: string): FixData[] => (settable ? [{ fix: 'fit-output', activation: to, loss }] : []);
        if (activation === 'softmax' && units === 1) {
            warn('softmax over a single unit always outputs 1, so nothing can be learned. For two classes use one unit with sigmoid (and binary_crossentropy), or units = number of classes with softmax.',
                ...activationFix('sigmoid', loss.kind === 'binary' ? undefined : 'binary_crossentropy'));
        } else if (loss.kind === 'binary' && activation === 'softmax') {
            warn(`binary_crossentropy scores each of the ${units} outputs as an independent yes/no, but softmax makes them compete. For one-of-${units} classes use categorical_crossentropy (or sparse_categorical_crossentropy).`,
                { fix: 'fit-output', loss: 'categorical_crossentropy' }, ...activationFix('sigmoid'));
        } else if (loss.kind === 'binary' && activation !== 'sigmoid') {
            warn(`binary_crossentropy expects probabilities in (0, 1), but the last layer's activation is ${activation ?? 'unknown'}. End with activation=sigmoid.`,
                ...activationFix('sigmoid'), ...(activation === 'linear' && !data ? [{ fix: 'fit-output', loss: 'mse' } as const] : []));
        } else if ((loss.kind === 'categorical' || loss.kind === 'sparse') && units === 1) {
            warn(`${loss.name} needs one output per class, but the model has a single output unit. Use units = number of classes with softmax, or binary_crossentropy with sigmoid for two classes.`,
                ...(activation === 'sigmoid' ? [{ fix: 'fit-output', loss: 'binary_crossentropy' } as const] : activationFix('sigmoid', 'binary_crossentropy')));
        } else if ((loss.kind === 'categorical' || loss.kind === 'sparse') && activation !== 'softmax') {
            warn(`${loss.name} expects class probabilities, but the last layer's activation is ${activation ?? 'unknown'}. End with activation=softmax.`,
                ...activationFix('softmax'), ...(activation === 'sigmoid' ? [{ fix: 'fit-output', loss: 'binary_crossentropy' } as const] : []));
        }
    }
}
