/**
 * Shape inference for one model: a single pass down the layer chain, each layer reading only
 * its own inputs' shapes (linear in the number of layers), collecting issues as it goes.
 */
import type { Shape } from '../description.js';
import { modelCost } from '../catalogue/cost.js';
import { elementCount, formatBytes, formatCount, formatShape } from '../catalogue/format.js';
import { findLayer, LAYERS, positionalArgs } from '../catalogue/layers.js';
import { DEFAULT_ESTIMATE, estimateTrainingMemory, type CostedModel } from '../catalogue/memory.js';
import { ShapeFault, type Args, type FixHint, type LayerKind } from '../catalogue/types.js';
import { findActivation } from '../catalogue/vocabulary.js';
import { isInputDecl, isLayer, isNameValue, type Argument, type Layer, type ListValue, type Model } from '../generated/ast.js';
import type { FixData, Issue, LayerAnalysis, ModelAnalysis, RelatedNote } from './types.js';
import { didYouMean } from './suggest.js';
import { coerce, MAX_INT, valueText } from './values.js';

/** What a browser tab can give a training run (WebGL textures and JS heap, conservatively). */
export const BROWSER_TAB_BYTES = 1024 ** 3;

const layerNames = LAYERS.map(l => l.name);

export function analyzeModel(model: Model, issues: Issue[]): ModelAnalysis {
    const result: ModelAnalysis = { node: model, name: model.name, layers: [], labels: new Map(), ok: true };
    const report = (issue: Issue) => {
        issues.push(issue);
        if (issue.severity === 'error') result.ok = false;
    };

    const inputs = model.statements.filter(isInputDecl);
    const first = model.statements[0];
    if (inputs.length === 0) {
        report({ severity: 'error', code: 'missing-input', message: `Model ${model.name} has no input. Start it with the shape of one sample, e.g. \`input [784]\`.`, node: model, property: 'name' });
    } else {
        for (const extra of inputs.slice(1)) {
            report({ severity: 'error', code: 'missing-input', message: 'A model has exactly one input; remove this one.', node: extra });
        }
        if (first !== inputs[0]) {
            report({ severity: 'error', code: 'missing-input', message: '`input` must come first in the model, before any layer.', node: inputs[0] });
        } else {
            result.input = inputShape(inputs[0].shape, report);
        }
    }

    let previous: Shape | undefined = result.input;
    let previousIndex = -1;
    for (const statement of model.statements) {
        if (!isLayer(statement)) continue;
        const layer = analyzeLayer(statement, result, previous, previousIndex, report);
        result.layers.push(layer);
        previous = layer.output;
        previousIndex = layer.index;
    }
    result.output = result.input && previous;

    if (result.layers.length > 0 && result.layers.every(l => l.params)) {
        let trainable = 0;
        let nonTrainable = 0;
        for (const l of result.layers) {
            trainable += l.params!.trainable;
            nonTrainable += l.params!.nonTrainable;
        }
        if (trainable + nonTrainable > Number.MAX_SAFE_INTEGER) {
            report({ severity: 'error', code: 'bad-argument', message: `${model.name} would have more than ${formatCount(Number.MAX_SAFE_INTEGER)} (2^53 − 1) parameters: too many to count exactly, let alone train.`, node: model, property: 'name' });
        } else {
            result.params = { total: trainable + nonTrainable, trainable, nonTrainable };
        }
    }
    lintChain(result, report);
    checkMemory(result, report);
    return result;
}

function inputShape(list: ListValue | undefined, report: (i: Issue) => void): Shape | undefined {
    // A half-typed `input` has no list yet; the parser already reports it.
    if (!list) return undefined;
    if (list.items.length === 0) {
        report({ severity: 'error', code: 'bad-argument', message: 'The input shape is empty; give the size of each axis of one sample, e.g. [784] or [28, 28, 1].', node: list });
        return undefined;
    }
    const shape: number[] = [];
    for (const item of list.items) {
        const n = Number(valueText(item));
        if (!Number.isInteger(n) || n < 1) {
            report({ severity: 'error', code: 'bad-argument', message: `Each input size must be a positive whole number, not ${valueText(item)}.`, node: item });
            return undefined;
        }
        if (n > MAX_INT) {
            report({ severity: 'error', code: 'bad-argument', message: `Input size ${valueText(item)} is too large: at most ${formatCount(MAX_INT)}.`, node: item });
            return undefined;
        }
        shape.push(n);
    }
    // Each axis may fit while one sample does not: TensorFlow.js indexes a tensor with int32.
    const elements = elementCount(shape);
    if (elements > MAX_INT) {
        report({ severity: 'error', code: 'bad-argument', message: `One sample of ${formatShape(shape)} has ${formatCount(elements)} values, more than TensorFlow.js can hold in one tensor (at most ${formatCount(MAX_INT)}).`, node: list });
        return undefined;
    }
    return shape;
}

function analyzeLayer(node: Layer, model: ModelAnalysis, previous: Shape | undefined, previousIndex: number, report: (i: Issue) => void): LayerAnalysis {
    const index = model.layers.length;
    const layer: LayerAnalysis = { node, index, args: {}, argsOk: false, inputs: [previousIndex] };
    if (node.name) {
        if (model.labels.has(node.name)) {
            report({ severity: 'error', code: 'duplicate-name', message: `The label '${node.name}' is already used above in ${model.name}; labels must be unique within a model.`, node, property: 'name' });
        } else {
            model.labels.set(node.name, index);
        }
    }
    // A half-typed `skip =` has no type yet; the parser already reports it.
    if (!node.type) return layer;
    const kind = findLayer(node.type);
    if (!kind) {
        const hint = didYouMean(node.type, layerNames);
        report({
            severity: 'error', code: 'unknown-layer',
            message: `Unknown layer '${node.type}'.${hint.text || ' See the layer list in the language reference.'}`,
            node, property: 'type',
            fix: hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
        });
        return layer;
    }
    layer.kind = kind;
    const labelInputs = resolveArguments(layer, kind, model, report);
    if (labelInputs === undefined) return layer;
    layer.inputs = [previousIndex, ...labelInputs];

    const inputShapes = layer.inputs.map(i => (i === -1 ? model.input : i === previousIndex ? previous : model.layers[i]?.output));
    if (!layer.argsOk || inputShapes.some(s => s === undefined)) return layer;
    layer.inputShapes = inputShapes as Shape[];
    const ctx = { input: layer.inputShapes[0], inputs: layer.inputShapes, args: layer.args };
    try {
        const output = kind.outputShape(ctx);
        if (output.some(d => !(d > 0))) {
            report({ severity: 'error', code: 'non-positive-dimension', message: `${kind.name} would output ${formatShape(output)}: every size must be positive.`, node, property: 'type' });
            return layer;
        }
        const elements = elementCount(output);
        if (elements > MAX_INT) {
            report({ severity: 'error', code: 'shape-mismatch', message: `${kind.name} would output ${formatCount(elements)} values per sample, more than TensorFlow.js can hold in one tensor (at most ${formatCount(MAX_INT)}).`, node, property: 'type' });
            return layer;
        }
        layer.output = output;
        const params = kind.params(ctx, output);
        // Beyond 2^53 a count is no longer an exact number: refuse it rather than print a wrong one.
        if (params.trainable + params.nonTrainable > Number.MAX_SAFE_INTEGER) {
            report({ severity: 'error', code: 'bad-argument', message: `${kind.name} would have more than ${formatCount(Number.MAX_SAFE_INTEGER)} (2^53 − 1) parameters: too many to count exactly, let alone train.`, node, property: 'type' });
            return layer;
        }
        layer.params = params;
        layer.cost = kind.cost(ctx, output);
    } catch (error) {
        if (!(error instanceof ShapeFault)) throw error;
        const argNode = error.argument ? findArgument(node, kind, error.argument) : undefined;
        const source = error.code === 'shape-mismatch' && !kind.merge ? shapeSource(model, layer.inputs[0], layer.inputShapes![0]) : undefined;
        const fixes = teacherFixes(error.hint, layer.inputs[0]);
        report({
            severity: 'error', code: error.code, message: error.message,
            node: argNode ?? node, property: argNode ? 'value' : 'type',
            fix: fixes[0],
            otherFixes: fixes.slice(1),
            related: source && [source]
        });
    }
    return layer;
}

/** The statement that produced a layer's input shape: an earlier layer, or the model's `input`. */
function shapeSource(model: ModelAnalysis, index: number, shape: Shape): RelatedNote | undefined {
    const shapeText = formatShape(shape);
    if (index >= 0) {
        const producer = model.layers[index];
        return { node: producer.node, message: `${shapeText} is the output of this ${producer.node.type}` };
    }
    const input = model.node.statements.find(isInputDecl);
    return input && { node: input, message: `${shapeText} is the model's input` };
}

/**
 * A Reshape in front of the layer is what the shape rule suggests; when the layer reads the
 * model's input directly, a teacher would first have the input declared in that shape.
 */
function teacherFixes(hint: FixHint | undefined, source: number): FixData[] {
    if (!hint) return [];
    if (hint.fix !== 'insert-before' || source !== -1) return [hint];
    const reshape = /^Reshape\((\[[\d, ]+\])\)$/.exec(hint.text);
    // The Reshape stays on offer: the data may really be flat (a CSV of pixels).
    return reshape ? [{ fix: 'set-input', shape: JSON.parse(reshape[1]) as number[] }, hint] : [hint];
}

/** The Argument node that supplies `name` (by keyword or position), if written. */
export function findArgument(node: Layer, kind: LayerKind, name: string): Argument | undefined {
    const keyword = node.args.find(a => a.name === name);
    if (keyword) return keyword;
    const position = positionalArgs(kind).findIndex(a => a.name === name);
    const positional = node.args.filter(a => !a.name);
    return position >= 0 && !kind.merge ? positional[position] : undefined;
}

/**
 * Binds positional and keyword arguments to the catalogue's specs, checks each value, fills
 * defaults. For merge layers, positional arguments are labels: returns their layer indices
 * (undefined if a label is unusable).
 */
function resolveArguments(layer: LayerAnalysis, kind: LayerKind, model: ModelAnalysis, report: (i: Issue) => void): number[] | undefined {
    const node = layer.node;
    const args: Args = {};
    let ok = true;
    const positional = positionalArgs(kind);
    const labels: number[] = [];
    let labelsOk = true;
    let positionalCount = 0;
    let seenKeyword = false;
    const given = new Set<string>();

    for (const arg of node.args) {
        // `activation=` with no value yet: the parser reports it; nothing to check.
        if (!arg.value) {
            ok = false;
            continue;
        }
        if (!arg.name) {
            if (seenKeyword) {
                report({ severity: 'error', code: 'bad-argument', message: 'A positional argument cannot follow a keyword argument (as in Python): name it, or move it before the keywords.', node: arg });
                ok = false;
                continue;
            }
            if (kind.merge) {
                const label = labelIndex(arg, kind, model, report);
                if (label === undefined) labelsOk = false;
                else labels.push(label);
                continue;
            }
            const spec = positional[positionalCount++];
            if (!spec) {
                const names = positional.map(p => p.name).join(', ');
                report({
                    severity: 'error', code: 'bad-argument',
                    message: `${kind.name} takes ${positional.length === 0 ? 'no positional arguments' : `at most ${positional.length} positional argument${positional.length === 1 ? '' : 's'} (${names})`}; write the others as keyword=value.`,
                    node: arg
                });
                ok = false;
                continue;
            }
            ok = bind(spec, arg) && ok;
            continue;
        }
        seenKeyword = true;
        const spec = kind.args.find(a => a.name === arg.name);
        if (!spec) {
            const hint = didYouMean(arg.name, kind.args.map(a => a.name));
            const known = kind.args.length ? ` ${kind.name} takes: ${kind.args.map(a => a.name).join(', ')}.` : ` ${kind.name} takes no arguments.`;
            report({
                severity: 'error', code: 'unknown-argument',
                message: `${kind.name} has no argument '${arg.name}'.${hint.text || known}`,
                node: arg, property: 'name',
                fix: hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
            });
            ok = false;
            continue;
        }
        ok = bind(spec, arg) && ok;
    }

    function bind(spec: (typeof kind.args)[number], arg: Argument): boolean {
        if (given.has(spec.name)) {
            report({ severity: 'error', code: 'bad-argument', message: `${spec.name} is given twice.`, node: arg });
            return false;
        }
        given.add(spec.name);
        const result = coerce(spec, arg.value, kind.name);
        if (!result.ok) {
            const p = result.problem;
            report({
                severity: 'error', code: p.code, message: p.message, node: p.node,
                fix: p.suggestion ? { fix: 'replace-name', replacement: p.suggestion } : undefined
            });
            return false;
        }
        args[spec.name] = result.value;
        return true;
    }

    for (const spec of kind.args) {
        if (spec.name in args || given.has(spec.name)) continue;
        if (spec.required) {
            const example = spec.type.kind === 'choice' ? 'relu' : spec.type.kind === 'shape' ? '[28, 28, 1]' : spec.type.kind === 'float' ? '0.5' : '64';
            report({ severity: 'error', code: 'bad-argument', message: `${kind.name} needs its ${spec.name} argument, e.g. ${kind.name}(${example}). ${spec.doc}`, node, property: 'type' });
            ok = false;
        } else if (spec.default !== undefined) {
            args[spec.name] = spec.default;
        }
    }
    if (kind.merge && labels.length === 0 && labelsOk) {
        report({ severity: 'error', code: 'bad-argument', message: `${kind.name} merges the previous output with labelled layers: name at least one, e.g. ${kind.name}(skip), after \`skip = …\` above.`, node, property: 'type' });
        ok = false;
    }
    layer.args = args;
    layer.argsOk = ok && labelsOk;
    return labelsOk ? labels : undefined;
}

function labelIndex(arg: Argument, kind: LayerKind, model: ModelAnalysis, report: (i: Issue) => void): number | undefined {
    if (!isNameValue(arg.value)) {
        report({ severity: 'error', code: 'bad-argument', message: `${kind.name}'s positional arguments are labels of earlier layers (skip = Conv2D(...) … ${kind.name}(skip)), not ${valueText(arg.value)}.`, node: arg });
        return undefined;
    }
    const name = arg.value.ref.$refText;
    const index = model.labels.get(name);
    if (index !== undefined) return index;
    const later = model.node.statements.some(s => isLayer(s) && s.name === name);
    const hint = didYouMean(name, model.labels.keys());
    report({
        severity: 'error', code: 'unknown-label',
        message: later
            ? `The label '${name}' is defined below this ${kind.name}; a label must be defined above its use.`
            : `No layer above is labelled '${name}' in ${model.name}.${hint.text || ' Label one with `name = Layer(...)`.'}`,
        node: arg.value,
        fix: !later && hint.suggestion ? { fix: 'replace-name', replacement: hint.suggestion } : undefined
    });
    return undefined;
}

/** The activation a layer applies last (named by its activation argument, or fixed by its kind). */
export function activationOf(layer: LayerAnalysis): string | undefined {
    const role = layer.kind?.lint.activation;
    if (!role) return undefined;
    if ('fixed' in role) return role.fixed;
    const a = layer.args[role.argument];
    return typeof a === 'string' ? a : undefined;
}

function lintChain(model: ModelAnalysis, report: (i: Issue) => void): void {
    let linearMap: LayerAnalysis | undefined;
    const last = model.layers[model.layers.length - 1];
    for (const layer of model.layers) {
        const kind = layer.kind;
        if (!kind || !layer.argsOk) {
            linearMap = undefined;
            continue;
        }
        const role = kind.lint;
        if (role.lastAxisLinear) {
            if (linearMap && layer.inputs.length === 1) {
                const widthArg = linearMap.kind!.lint.width;
                const width = widthArg ? `(${linearMap.args[widthArg] as number})` : '';
                report({
                    severity: 'warning', code: 'linear-collapse',
                    message: `${linearMap.kind!.name}${width} has no activation and feeds another ${kind.name}: two linear maps in a row collapse into one (W₂·(W₁·x) = (W₂W₁)·x), so the first adds parameters but no power. Add a non-linearity, e.g. activation=relu.`,
                    node: linearMap.node, property: 'type',
                    fix: { fix: 'add-activation', activation: 'relu' }
                });
            }
            const input = layer.inputShapes?.[0];
            // Without an output the layer already has an error; the advice would only repeat it.
            if (input && input.length >= 2 && layer.output) {
                report({
                    severity: 'warning', code: 'dense-on-rank',
                    message: `${kind.name} on a ${input.length}-D input ${formatShape(input)} acts on the last axis only (output ${formatShape(layer.output ?? [])}). Did you mean Flatten() first?`,
                    node: layer.node, property: 'type',
                    fix: { fix: 'insert-before', text: 'Flatten()' }
                });
            }
        }
        const width = role.width ? layer.args[role.width] as number | undefined : undefined;
        for (const argument of role.symmetricInitializers ?? []) {
            if (layer.args[argument] !== 'zeros' || width === undefined || width <= 1) continue;
            const arg = layer.node.args.find(a => a.name === argument);
            report({
                severity: 'warning', code: 'zero-init',
                message: `${argument}=zeros starts all ${formatCount(width)} units with the same weights, so they get the same gradients and stay identical: symmetry is never broken. Use the default glorot_uniform (or he_normal with ReLU).`,
                node: arg ?? layer.node, property: arg ? 'value' : 'type',
                fix: arg ? { fix: 'remove-argument', argument } : undefined
            });
        }
        const activation = activationOf(layer);
        // A labelled sigmoid usually gates a later Multiply; that is its proper use.
        if (activation === 'sigmoid' && layer !== last && !layer.node.name) {
            const source = role.activation;
            const arg = source && 'argument' in source ? findArgument(layer.node, kind, source.argument) : undefined;
            report({
                severity: 'hint', code: 'sigmoid-hidden',
                message: 'sigmoid in a hidden layer saturates and its gradient is at most 0.25, so deep nets learn slowly; tanh or relu usually learn faster. Keep sigmoid for a binary output.',
                node: arg ?? layer.node, property: arg ? 'value' : 'type',
                fix: arg ? { fix: 'replace-value', text: 'relu' } : undefined,
                otherFixes: arg ? [{ fix: 'replace-value', text: 'tanh' }] : undefined
            });
        }
        if (role.lastAxisLinear) {
            linearMap = activation === 'linear' ? layer : undefined;
        } else if (!role.transparent || findActivation(activation ?? '')?.nonLinear) {
            linearMap = undefined;
        }
    }
}

/** The model's layers with their costs, when every layer checked out (else nothing to estimate). */
function costed(model: ModelAnalysis): CostedModel | undefined {
    if (!model.params || !model.input) return undefined;
    const layers = [];
    for (const layer of model.layers) {
        if (!layer.cost) return undefined;
        layers.push({ cost: layer.cost });
    }
    return { input: model.input, params: model.params, layers };
}

function checkMemory(model: ModelAnalysis, report: (i: Issue) => void): void {
    const shape = costed(model);
    const memory = shape && estimateTrainingMemory(shape, DEFAULT_ESTIMATE.batchSize, DEFAULT_ESTIMATE.optimizerSlots);
    model.memory = memory;
    model.cost = shape && modelCost(shape);
    if (!memory || memory.bytes <= BROWSER_TAB_BYTES) return;
    report({
        severity: 'warning', code: 'huge-model',
        message: `Training ${model.name} needs about ${formatBytes(memory.bytes)} (${formatCount(memory.bytes)} bytes: ${formatCount(model.params!.total)} parameters with their gradients and Adam's two slots each, plus one batch of ${DEFAULT_ESTIMATE.batchSize} activations), more than a browser tab has (about ${formatBytes(BROWSER_TAB_BYTES)}). Use fewer units or filters, or add pooling before Flatten.`,
        node: model.node, property: 'name'
    });
}
