/**
 * FAULTY models (most of them): a valid generated model with one to three mutations that break
 * shapes the way users do — wrong ranks, oversize windows with valid padding, Reshape to another
 * element count, mismatched merges, Flatten on a vector, axes out of range, strides with dilation.
 * Some mutations happen to keep the model valid; the property holds either way.
 */
import { ELEMENTWISE_MERGES, GENERATED_KINDS, generateValidModel, INDEX_PRESERVING, ModelBuilder, randomInput, type GenArg, type GenLayer, type GenModel } from './models.js';
import type { Picker } from './picker.js';

export type Mutation = 'input' | 'insert' | 'window' | 'reshape' | 'delete' | 'flatten' | 'axis' | 'merge-width' | 'strides-dilation' | 'recurrent-leaky' | 'bias-orthogonal';

export const MUTATIONS: readonly Mutation[] = ['input', 'insert', 'window', 'reshape', 'delete', 'flatten', 'axis', 'merge-width', 'strides-dilation', 'recurrent-leaky', 'bias-orthogonal'];

const MERGE_KINDS = [...ELEMENTWISE_MERGES, 'Concatenate'];

/**
 * Whether a layer inserted at `at` keeps every Embedding fed with the input's own values: predict
 * runs on zeros, and an Embedding after a layer with a bias would see indices out of range —
 * a data error, not the shape error under test.
 */
function keepsEmbeddingsIndexed(layers: GenLayer[], at: number, kind: string): boolean {
    if (kind === 'Embedding') return layers.slice(0, at).every(l => INDEX_PRESERVING.includes(l.kind));
    return INDEX_PRESERVING.includes(kind) || !layers.slice(at).some(l => l.kind === 'Embedding');
}

/** A merge right after the layer it names would take that tensor twice (a tfjs bug; see ModelBuilder.currentLabel). */
function namesItsPrevious(layers: GenLayer[], at: number): boolean {
    const layer = layers[at];
    const previous = layers[at - 1]?.label;
    return !!layer && !!previous && MERGE_KINDS.includes(layer.kind) && layer.args.some(a => !a.name && a.text === previous);
}

const WINDOWED = ['Conv1D', 'Conv2D', 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D'];
const RANK_OF: Record<string, number> = {
    Conv1D: 2, MaxPooling1D: 2, AveragePooling1D: 2, GlobalAveragePooling1D: 2, GlobalMaxPooling1D: 2, SimpleRNN: 2, LSTM: 2, GRU: 2,
    Conv2D: 3, Conv2DTranspose: 3, UpSampling2D: 3, MaxPooling2D: 3, AveragePooling2D: 3, GlobalAveragePooling2D: 3, GlobalMaxPooling2D: 3
};

/** Labels defined strictly above position `at`. */
function labelsAbove(layers: GenLayer[], at: number): string[] {
    return layers.slice(0, at).flatMap(l => (l.label ? [l.label] : []));
}

/** A statement of `kind` with type-correct arguments drawn for some random input, not the real one. */
function randomStatement(p: Picker, kind: string, labels: string[], previousLabel: string | undefined): GenLayer | undefined {
    if (ELEMENTWISE_MERGES.includes(kind) || kind === 'Concatenate') {
        // Distinct labels, none the previous statement's: see ModelBuilder.currentLabel.
        const usable = labels.filter(l => l !== previousLabel);
        if (usable.length === 0) return undefined;
        const first = p.pick(usable);
        const args: GenArg[] = [{ text: first }];
        const others = usable.filter(l => l !== first);
        if (others.length > 0 && p.chance(0.3)) args.push({ text: p.pick(others) });
        if (kind === 'Concatenate' && p.chance(0.5)) args.push({ name: 'axis', text: String(p.pick([-3, -2, -1, 1, 2, 3])) });
        return { kind, args };
    }
    const fake = new ModelBuilder(p, randomInput(p, RANK_OF[kind] ?? p.int(1, 3)));
    fake.emit(kind);
    const last = fake.layers[fake.layers.length - 1];
    return { kind: last.kind, args: last.args };
}

function indicesOf(layers: GenLayer[], test: (l: GenLayer) => boolean): number[] {
    return layers.flatMap((l, i) => (test(l) ? [i] : []));
}

function setArg(layer: GenLayer, name: string, text: string, positionalIndex?: number): void {
    const keyword = layer.args.find(a => a.name === name);
    if (keyword) {
        keyword.text = text;
        return;
    }
    const positional = layer.args.filter(a => !a.name);
    if (positionalIndex !== undefined && positional[positionalIndex]) {
        positional[positionalIndex].text = text;
        return;
    }
    layer.args.push({ name, text });
}

/** Applies one mutation in place; returns a short description of what changed (or undefined if it did not apply). */
export function mutate(p: Picker, model: GenModel, mutation: Mutation): string | undefined {
    const layers = model.layers;
    switch (mutation) {
        case 'input': {
            model.input = randomInput(p);
            return `input → [${model.input.join(', ')}]`;
        }
        case 'insert': {
            const at = p.int(0, layers.length);
            const kind = p.pick(GENERATED_KINDS);
            if (!keepsEmbeddingsIndexed(layers, at, kind)) return undefined;
            const statement = randomStatement(p, kind, labelsAbove(layers, at), layers[at - 1]?.label);
            if (!statement) return undefined;
            layers.splice(at, 0, statement);
            return `insert ${kind} at ${at}`;
        }
        case 'window': {
            const candidates = indicesOf(layers, l => WINDOWED.includes(l.kind));
            if (candidates.length === 0) return undefined;
            const layer = layers[p.pick(candidates)];
            const big = String(p.int(3, 16));
            const isConv = layer.kind.startsWith('Conv');
            setArg(layer, isConv ? 'kernel_size' : 'pool_size', big, isConv ? 1 : 0);
            const padding = layer.args.find(a => a.name === 'padding') ?? (isConv ? undefined : layer.args.filter(a => !a.name)[2]);
            if (padding) padding.text = 'valid';
            return `${layer.kind} window ${big}, padding valid`;
        }
        case 'reshape': {
            const target = Array.from({ length: p.int(1, 3) }, () => p.int(1, 8));
            if (p.chance(0.3)) target[p.int(0, target.length - 1)] = -1;
            const existing = indicesOf(layers, l => l.kind === 'Reshape');
            const text = `[${target.join(', ')}]`;
            if (existing.length > 0 && p.chance(0.6)) {
                layers[p.pick(existing)].args = [{ text }];
            } else {
                layers.splice(p.int(0, layers.length), 0, { kind: 'Reshape', args: [{ text }] });
            }
            return `Reshape(${text})`;
        }
        case 'delete': {
            const candidates = indicesOf(layers, l => !l.label);
            if (candidates.length === 0 || layers.length < 2) return undefined;
            const at = p.pick(candidates);
            const [removed] = layers.splice(at, 1);
            if (namesItsPrevious(layers, at)) {
                layers.splice(at, 0, removed);
                return undefined;
            }
            return `delete ${removed.kind} at ${at}`;
        }
        case 'flatten': {
            const at = p.int(0, layers.length);
            layers.splice(at, 0, { kind: 'Flatten', args: [] });
            return `Flatten at ${at}`;
        }
        case 'axis': {
            const candidates = indicesOf(layers, l => ['BatchNormalization', 'LayerNormalization', 'Concatenate'].includes(l.kind));
            if (candidates.length === 0) return undefined;
            const layer = layers[p.pick(candidates)];
            const axis = String(p.pick([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]));
            setArg(layer, 'axis', axis);
            return `${layer.kind} axis=${axis}`;
        }
        case 'merge-width': {
            const candidates = indicesOf(layers, l => ELEMENTWISE_MERGES.includes(l.kind) || l.kind === 'Concatenate');
            if (candidates.length === 0) return undefined;
            const at = p.pick(candidates);
            if (!keepsEmbeddingsIndexed(layers, at, 'Dense')) return undefined;
            const units = p.int(1, 20);
            layers.splice(at, 0, { kind: 'Dense', args: [{ text: String(units) }] });
            return `Dense(${units}) before ${layers[at + 1].kind}`;
        }
        case 'strides-dilation': {
            const candidates = indicesOf(layers, l => l.kind === 'Conv1D' || l.kind === 'Conv2D');
            if (candidates.length === 0) return undefined;
            const layer = layers[p.pick(candidates)];
            setArg(layer, 'strides', String(p.int(1, 3)));
            setArg(layer, 'dilation_rate', String(p.int(1, 3)));
            setArg(layer, 'padding', 'same');
            return `${layer.kind} strides and dilation`;
        }
        case 'recurrent-leaky': {
            const candidates = indicesOf(layers, l => ['SimpleRNN', 'LSTM', 'GRU'].includes(l.kind));
            if (candidates.length === 0) return undefined;
            const layer = layers[p.pick(candidates)];
            const name = layer.kind !== 'SimpleRNN' && p.chance(0.5) ? 'recurrent_activation' : 'activation';
            setArg(layer, name, 'leaky_relu');
            return `${layer.kind} ${name}=leaky_relu`;
        }
        case 'bias-orthogonal': {
            const candidates = indicesOf(layers, l => ['Dense', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'SimpleRNN', 'LSTM', 'GRU'].includes(l.kind));
            if (candidates.length === 0) return undefined;
            const layer = layers[p.pick(candidates)];
            setArg(layer, 'bias_initializer', 'orthogonal');
            return `${layer.kind} bias_initializer=orthogonal`;
        }
    }
}

/** A valid model around `focus`, then one to three mutations; `applied` lists what changed. */
export function generateMutatedModel(p: Picker, focus: string): { model: GenModel; applied: string[] } {
    // No masks: tfjs's mask bugs are not shape faults (see ModelBuilder.masked).
    const model = generateValidModel(p, focus, { allowMask: false });
    const applied: string[] = [];
    for (let n = p.int(1, 3); n > 0; n--) {
        const done = mutate(p, model, p.pick(MUTATIONS));
        if (done) applied.push(done);
    }
    if (applied.length === 0) applied.push(mutate(p, model, 'input')!);
    return { model, applied };
}
