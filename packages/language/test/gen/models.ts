/**
 * A generator of VALID `.nn` models over every layer kind. It keeps its own account of shapes
 * (written here from Keras's rules, not taken from the catalogue) only to choose arguments that
 * fit; the tests never trust it for the expected answer — tfjs gives that.
 */
import type { Picker } from './picker.js';

export type Shape = number[];

export interface GenArg {
    name?: string;
    text: string;
}

export interface GenLayer {
    label?: string;
    kind: string;
    args: GenArg[];
}

export interface GenModel {
    name: string;
    input: Shape;
    layers: GenLayer[];
}

// Keras spellings, listed here independently of the catalogue's vocabulary.
export const ACTIVATION_NAMES = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'relu6', 'swish', 'gelu', 'hard_sigmoid'];
/** tfjs recurrent layers take an activation by name only, and tfjs has no name for leaky_relu. */
export const RECURRENT_ACTIVATION_NAMES = ACTIVATION_NAMES.filter(a => a !== 'leaky_relu');
export const INITIALIZER_NAMES = ['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal', 'random_uniform', 'random_normal', 'truncated_normal', 'orthogonal', 'zeros', 'ones'];
/** A bias is a vector; tfjs's orthogonal initializer needs a matrix. */
export const BIAS_INITIALIZER_NAMES = INITIALIZER_NAMES.filter(i => i !== 'orthogonal');

export const ELEMENTWISE_MERGES = ['Add', 'Multiply', 'Average', 'Maximum', 'Minimum'];
const RANK2 = ['Conv1D', 'MaxPooling1D', 'AveragePooling1D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'SimpleRNN', 'LSTM', 'GRU'];
const RANK3 = ['Conv2D', 'Conv2DTranspose', 'UpSampling2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D'];
const ANY_RANK = ['Dense', 'Activation', 'LeakyReLU', 'Dropout', 'Reshape', 'BatchNormalization', 'LayerNormalization'];

/** Every kind this generator can write; the tests assert it covers the catalogue. */
export const GENERATED_KINDS = [...ANY_RANK, 'Flatten', 'Embedding', ...RANK2, ...RANK3, ...ELEMENTWISE_MERGES, 'Concatenate'];

const MAX_ELEMENTS = 2048;
export const INDEX_PRESERVING = ['Reshape', 'Flatten', 'Dropout'];

// ---------------------------------------------------------------- shape arithmetic (Keras rules)

export const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export function windowOut(length: number, window: number, padding: string, stride: number, dilation = 1): number {
    const extent = (window - 1) * dilation + 1;
    return padding === 'same' ? Math.ceil(length / stride) : Math.ceil((length - extent + 1) / stride);
}

/** numpy broadcasting of two sample shapes, right-aligned; undefined when they do not broadcast. */
export function broadcastShapes(a: Shape, b: Shape): Shape | undefined {
    const n = Math.max(a.length, b.length);
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
        const x = a[a.length - n + k] ?? 1;
        const y = b[b.length - n + k] ?? 1;
        if (x !== y && x !== 1 && y !== 1) return undefined;
        out.push(x === 1 ? y : x);
    }
    return out;
}

function divisors(n: number): number[] {
    const out: number[] = [];
    for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
    return out;
}

/** Random dims of the given rank whose product is n. */
export function factorize(p: Picker, n: number, rank: number): number[] {
    const dims: number[] = [];
    let rest = n;
    for (let i = 0; i < rank - 1; i++) {
        const d = p.pick(divisors(rest));
        dims.push(d);
        rest /= d;
    }
    dims.push(rest);
    return dims;
}

// ---------------------------------------------------------------- argument text

const RATES = ['0', '0.1', '0.25', '.5', '5e-1', '0.75', '2.5E-1'];
const ALPHAS = ['0.1', '0.3', '1e-2', '0', '0.05'];
const MOMENTA = ['0.9', '0.99', '0', '1', '0.5'];
const EPSILONS = ['1e-3', '0.001', '1e-5', '0.01'];
const bool = (p: Picker) => (p.chance(0.5) ? 'true' : 'false');

/** An identifier value as a bare name (usually) or a quoted string. */
function nameText(p: Picker, name: string): string {
    if (p.chance(0.9)) return name;
    return p.chance(0.5) ? `"${name}"` : `'${name}'`;
}

function tupleText(p: Picker, values: number[]): string {
    if (values.every(v => v === values[0]) && p.chance(0.6)) return String(values[0]);
    return `[${values.join(', ')}]`;
}

function shuffle<T>(p: Picker, items: T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
        const j = p.int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

/** Positional arguments while they last (Keras order), then keywords in a random order. */
class ArgList {
    private readonly positional: GenArg[] = [];
    private readonly keywords: GenArg[] = [];
    private positionalOpen = true;

    constructor(private readonly p: Picker) {}

    /** An argument Keras takes positionally: written positionally or by name. */
    pos(name: string, text: string, chance = 0.8): this {
        if (this.positionalOpen && this.p.chance(chance)) this.positional.push({ text });
        else {
            this.positionalOpen = false;
            this.keywords.push({ name, text });
        }
        return this;
    }

    /** A keyword argument written with probability `chance`. */
    kw(name: string, text: () => string, chance = 0.3): this {
        if (this.p.chance(chance)) this.keywords.push({ name, text: text() });
        return this;
    }

    /** Ends the positional part (later positional-capable args are written by name). */
    close(): this {
        this.positionalOpen = false;
        return this;
    }

    done(): GenArg[] {
        return [...this.positional, ...shuffle(this.p, this.keywords)];
    }
}

// ---------------------------------------------------------------- the builder

interface Label {
    name: string;
    shape: Shape;
}

export interface GenOptions {
    /** Activations a recurrent layer may be given. */
    recurrentActivations?: readonly string[];
    /** Whether an Embedding may mask zeros (only when nothing but mask-safe layers will follow). */
    allowMask?: boolean;
}

export class ModelBuilder {
    readonly layers: GenLayer[] = [];
    readonly labels: Label[] = [];
    shape: Shape;
    /**
     * True while the current tensor still holds the model input's values (only moved around):
     * an Embedding needs integer indices, and predict on zeros gives it zeros only then.
     */
    indexSafe = true;
    /**
     * tfjs 4.22 mishandles masks: merging a masked tensor with an unmasked one fails, and Reshape /
     * Flatten pass the old mask on unchanged (an RNN after them fails). So once an Embedding masks
     * zeros, none of those follow (see the known-issue tests in differential-examples.test.ts).
     */
    masked = false;
    private labelCount = 0;

    constructor(readonly p: Picker, readonly input: Shape, readonly options: GenOptions = {}) {
        this.shape = input.slice();
    }

    get rank(): number {
        return this.shape.length;
    }

    newLabel(): string {
        return `${this.p.pick(['skip', 'a', 'b', 'branch', 'gate', 'h', 'res', 'x_'])}${this.labelCount++}`;
    }

    push(kind: string, args: GenArg[], out: Shape, label?: string): void {
        if (label === undefined && kind !== 'Concatenate' && this.p.chance(0.12)) label = this.newLabel();
        this.layers.push({ kind, args, label });
        this.shape = out;
        if (!INDEX_PRESERVING.includes(kind)) this.indexSafe = false;
        if (label) this.labels.push({ name: label, shape: out });
    }

    /** Whether `kind` accepts the current shape without an adapter. */
    fits(kind: string): boolean {
        const n = product(this.shape);
        if (this.masked && ['Reshape', 'Flatten', 'Concatenate', ...ELEMENTWISE_MERGES].includes(kind)) return false;
        if (RANK2.includes(kind)) return this.rank === 2;
        if (RANK3.includes(kind)) return this.rank === 3;
        if (kind === 'Flatten') return this.rank >= 2;
        // tfjs normalises a batch of at most 4 axes (see the catalogue's requireNormalizableRank).
        if (kind === 'BatchNormalization' || kind === 'LayerNormalization') return this.rank <= 3;
        if (kind === 'Embedding') return this.indexSafe && n <= 400;
        if (kind === 'Concatenate') return n <= MAX_ELEMENTS / 4 && this.rank <= 3;
        if (ELEMENTWISE_MERGES.includes(kind)) return this.rank <= 3;
        return true;
    }

    /** Adapter layers so that `kind` fits next. */
    prepare(kind: string): void {
        if (product(this.shape) > MAX_ELEMENTS / 2) this.shrink();
        if (RANK2.includes(kind) && this.rank !== 2) this.reshapeTo(2);
        else if (RANK3.includes(kind) && this.rank !== 3) this.reshapeTo(3);
        else if (kind === 'Flatten' && this.rank < 2) this.reshapeTo(2);
        else if (!this.fits(kind)) {
            if (this.rank > 1) this.push('Flatten', [], [product(this.shape)]);
            if (!this.fits(kind)) this.emitDense(this.p.int(1, 8));
        }
    }

    private shrink(): void {
        if (this.rank > 1 && !this.masked) this.push('Flatten', [], [product(this.shape)]);
        this.emitDense(this.p.int(1, 16));
    }

    reshapeTo(rank: number): void {
        const target = factorize(this.p, product(this.shape), rank);
        this.push('Reshape', [{ text: `[${target.join(', ')}]` }], target);
    }

    randomLayer(): void {
        if (product(this.shape) > MAX_ELEMENTS / 2) {
            this.shrink();
            return;
        }
        const candidates = GENERATED_KINDS.filter(k => this.fits(k));
        this.emit(this.p.pick(candidates));
    }

    emit(kind: string): void {
        const p = this.p;
        const s = this.shape;
        switch (kind) {
            case 'Dense':
                return this.emitDense(p.int(1, 12));
            case 'Activation': {
                const act = nameText(p, p.pick(ACTIVATION_NAMES));
                return this.push(kind, [p.chance(0.8) ? { text: act } : { name: 'activation', text: act }], s);
            }
            case 'LeakyReLU':
                return this.push(kind, p.chance(0.4) ? [] : new ArgList(p).pos('alpha', p.pick(ALPHAS)).done(), s);
            case 'Dropout':
                return this.push(kind, new ArgList(p).pos('rate', p.pick(RATES)).done(), s);
            case 'Flatten':
                return this.push(kind, [], [product(s)]);
            case 'Reshape': {
                const target = factorize(p, product(s), p.int(1, 3));
                const written = target.slice();
                if (p.chance(0.4)) written[p.int(0, written.length - 1)] = -1;
                return this.push(kind, new ArgList(p).pos('target_shape', `[${written.join(', ')}]`).done(), target);
            }
            case 'Conv1D':
            case 'Conv2D':
                return this.emitConv(kind === 'Conv1D' ? 1 : 2);
            case 'Conv2DTranspose':
                return this.emitConvTranspose();
            case 'UpSampling2D': {
                const size = [p.int(1, 3), p.int(1, 3)];
                const args = new ArgList(p);
                if (size[0] !== 2 || size[1] !== 2 || p.chance(0.5)) args.pos('size', tupleText(p, size), 0.7);
                args.close().kw('interpolation', () => nameText(p, p.pick(['nearest', 'bilinear'])), 0.5);
                return this.push(kind, args.done(), [s[0] * size[0], s[1] * size[1], s[2]]);
            }
            case 'MaxPooling1D':
            case 'AveragePooling1D':
            case 'MaxPooling2D':
            case 'AveragePooling2D':
                return this.emitPooling(kind, kind.endsWith('1D') ? 1 : 2);
            case 'GlobalAveragePooling1D':
            case 'GlobalMaxPooling1D':
                return this.push(kind, [], [s[1]]);
            case 'GlobalAveragePooling2D':
            case 'GlobalMaxPooling2D':
                return this.push(kind, [], [s[2]]);
            case 'BatchNormalization':
            case 'LayerNormalization': {
                const args = new ArgList(p).close().kw('axis', () => this.axisText(p.int(0, this.rank - 1)));
                if (kind === 'BatchNormalization') args.kw('momentum', () => p.pick(MOMENTA));
                args.kw('epsilon', () => p.pick(EPSILONS)).kw('center', () => bool(p)).kw('scale', () => bool(p));
                return this.push(kind, args.done(), s);
            }
            case 'SimpleRNN':
            case 'LSTM':
            case 'GRU':
                return this.emitRecurrent(kind);
            case 'Embedding': {
                const outputDim = p.int(1, 8);
                const args = new ArgList(p).pos('input_dim', String(p.int(1, 50))).pos('output_dim', String(outputDim)).close()
                    .kw('embeddings_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.2)
                    .kw('mask_zero', () => (this.options.allowMask ? bool(p) : 'false'), 0.3);
                const done = args.done();
                if (done.some(a => a.name === 'mask_zero' && a.text === 'true')) this.masked = true;
                return this.push(kind, done, [...s, outputDim]);
            }
            case 'Concatenate':
                return this.emitConcatenate();
            default:
                if (ELEMENTWISE_MERGES.includes(kind)) return this.emitElementwise(kind);
                throw new Error(`generator does not know layer kind ${kind}`);
        }
    }

    /** Keras axis text for sample axis i (0-based): -1 / r for the last, i+1 or i-r otherwise. */
    axisText(i: number): string {
        const r = this.rank;
        return String(this.p.chance(0.5) ? i + 1 : i - r);
    }

    emitDense(units: number): void {
        const p = this.p;
        const args = new ArgList(p).pos('units', String(units), 0.85).close()
            .kw('activation', () => nameText(p, p.pick(ACTIVATION_NAMES)), 0.6)
            .kw('use_bias', () => bool(p), 0.2)
            .kw('kernel_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.15)
            .kw('bias_initializer', () => nameText(p, p.pick(BIAS_INITIALIZER_NAMES)), 0.1);
        this.push('Dense', args.done(), [...this.shape.slice(0, -1), units]);
    }

    private emitConv(rank: 1 | 2): void {
        const p = this.p;
        const spatial = this.shape.slice(0, rank);
        const filters = p.int(1, 8);
        const padding = p.pick(['valid', 'same']);
        const mode = p.pick(['plain', 'plain', 'strided', 'dilated']);
        const strides = spatial.map(() => (mode === 'strided' ? p.int(1, 3) : 1));
        const dilation = spatial.map(() => (mode === 'dilated' ? p.int(1, 3) : 1));
        const maxKernel = spatial.map((len, i) => (padding === 'valid' ? Math.min(5, Math.floor((len - 1) / dilation[i]) + 1) : 5));
        let kernel = maxKernel.map(m => p.int(1, m));
        if (p.chance(0.4)) kernel = kernel.map(() => Math.min(...kernel));
        const out = spatial.map((len, i) => windowOut(len, kernel[i], padding, strides[i], dilation[i]));
        const kernelText = rank === 1 && p.chance(0.3) ? `[${kernel[0]}]` : tupleText(p, kernel);
        const args = new ArgList(p).pos('filters', String(filters), 0.9).pos('kernel_size', kernelText, 0.7).close();
        if (padding === 'same' || p.chance(0.3)) args.kw('padding', () => nameText(p, padding), 1);
        if (mode === 'strided' || p.chance(0.1)) args.kw('strides', () => tupleText(p, strides), 1);
        if (mode === 'dilated' || p.chance(0.1)) args.kw('dilation_rate', () => tupleText(p, dilation), 1);
        args.kw('activation', () => nameText(p, p.pick(ACTIVATION_NAMES)), 0.5)
            .kw('use_bias', () => bool(p), 0.2)
            .kw('kernel_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.1)
            .kw('bias_initializer', () => nameText(p, p.pick(BIAS_INITIALIZER_NAMES)), 0.1);
        this.push(rank === 1 ? 'Conv1D' : 'Conv2D', args.done(), [...out, filters]);
    }

    /** Keras: each axis grows to in·s (same), or in·s + max(k − s, 0) (valid). */
    private emitConvTranspose(): void {
        const p = this.p;
        const filters = p.int(1, 6);
        const padding = p.pick(['valid', 'same']);
        const kernel = [p.int(1, 4), p.int(1, 4)];
        const strides = p.chance(0.5) ? [1, 1] : [p.int(1, 3), p.int(1, 3)];
        const out = this.shape.slice(0, 2).map((len, i) => (padding === 'same' ? len * strides[i] : len * strides[i] + Math.max(kernel[i] - strides[i], 0)));
        const args = new ArgList(p).pos('filters', String(filters), 0.9).pos('kernel_size', tupleText(p, kernel), 0.7).close();
        if (padding === 'same' || p.chance(0.3)) args.kw('padding', () => nameText(p, padding), 1);
        if (strides.some(s => s > 1) || p.chance(0.2)) args.kw('strides', () => tupleText(p, strides), 1);
        args.kw('activation', () => nameText(p, p.pick(ACTIVATION_NAMES)), 0.5)
            .kw('use_bias', () => bool(p), 0.2)
            .kw('kernel_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.1)
            .kw('bias_initializer', () => nameText(p, p.pick(BIAS_INITIALIZER_NAMES)), 0.1);
        this.push('Conv2DTranspose', args.done(), [...out, filters]);
    }

    private emitPooling(kind: string, rank: 1 | 2): void {
        const p = this.p;
        const spatial = this.shape.slice(0, rank);
        const padding = spatial.some(len => len < 2) || p.chance(0.3) ? 'same' : 'valid';
        const defaultPool = p.chance(0.25);
        const pool = spatial.map(len => (defaultPool ? 2 : p.int(1, padding === 'valid' ? Math.min(len, 4) : 4)));
        const explicitStrides = p.chance(0.35);
        const strides = explicitStrides ? spatial.map(() => p.int(1, 3)) : pool;
        const out = spatial.map((len, i) => windowOut(len, pool[i], padding, strides[i]));
        const args = new ArgList(p);
        const paddingWritten = padding === 'same' || p.chance(0.2);
        // Skipping a positional argument means the later ones must be written by name.
        if (!defaultPool || explicitStrides || p.chance(0.5)) args.pos('pool_size', tupleText(p, pool), 0.7);
        else args.close();
        if (explicitStrides) args.pos('strides', tupleText(p, strides), 0.5);
        else args.close();
        if (paddingWritten) args.pos('padding', nameText(p, padding), 0.4);
        this.push(kind, args.done(), [...out, this.shape[rank]]);
    }

    private emitRecurrent(kind: string): void {
        const p = this.p;
        const units = p.int(1, 10);
        const sequences = p.chance(0.5);
        const activations = this.options.recurrentActivations ?? RECURRENT_ACTIVATION_NAMES;
        const args = new ArgList(p).pos('units', String(units), 0.85).close()
            .kw('return_sequences', () => String(sequences), sequences ? 1 : 0.3)
            .kw('activation', () => nameText(p, p.pick(activations)), 0.3);
        if (kind !== 'SimpleRNN') args.kw('recurrent_activation', () => nameText(p, p.pick(activations)), 0.2);
        args.kw('use_bias', () => bool(p), 0.2)
            .kw('go_backwards', () => bool(p), 0.1)
            .kw('dropout', () => p.pick(RATES), 0.1)
            .kw('recurrent_dropout', () => p.pick(RATES), 0.1)
            .kw('kernel_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.1)
            .kw('recurrent_initializer', () => nameText(p, p.pick(INITIALIZER_NAMES)), 0.1)
            .kw('bias_initializer', () => nameText(p, p.pick(BIAS_INITIALIZER_NAMES)), 0.1);
        this.push(kind, args.done(), sequences ? [this.shape[0], units] : [units]);
    }

    /** A labelled layer that keeps the shape: the start of a branch. */
    private labelHere(): Label {
        const p = this.p;
        const label = this.newLabel();
        const s = this.shape;
        const kind = p.pick(['Activation', 'Dropout', 'Dense', 'LeakyReLU', 'BatchNormalization', 'LayerNormalization'].filter(k => this.fits(k)));
        if (kind === 'Dense') {
            this.push('Dense', [{ text: String(s[s.length - 1]) }, { name: 'activation', text: p.pick(ACTIVATION_NAMES) }], s, label);
        } else if (kind === 'Activation') {
            this.push(kind, [{ text: p.pick(ACTIVATION_NAMES) }], s, label);
        } else if (kind === 'Dropout') {
            this.push(kind, [{ text: p.pick(RATES) }], s, label);
        } else {
            this.push(kind, [], s, label);
        }
        return this.labels[this.labels.length - 1];
    }

    private samePlain(): void {
        this.emit(this.p.pick(['Activation', 'Dropout', 'LeakyReLU', 'BatchNormalization', 'LayerNormalization'].filter(k => this.fits(k))));
    }

    /**
     * The label of the current tensor, if the last statement has one. A merge never names it:
     * tfjs 4.22 disposes a tensor fed twice to one layer too early when a later layer reads it too
     * (see the known-issue test in differential-examples.test.ts).
     */
    private currentLabel(): string | undefined {
        return this.layers[this.layers.length - 1]?.label;
    }

    private emitElementwise(kind: string): void {
        const p = this.p;
        const compatible = this.labels.filter(l => l.name !== this.currentLabel() && broadcastShapes(this.shape, l.shape));
        let chosen: Label[];
        if (compatible.length > 0 && p.chance(0.4)) {
            chosen = [p.pick(compatible)];
        } else {
            const start = this.labelHere();
            const s = start.shape;
            switch (p.pick(['same', 'one', 'vector', 'lift'])) {
                case 'same':
                    this.samePlain();
                    if (p.chance(0.5)) this.samePlain();
                    break;
                case 'one':
                    this.emitDense(1);
                    break;
                case 'vector':
                    if (s.length >= 2) this.push('Flatten', [], [product(s)]);
                    this.emitDense(p.chance(0.7) ? s[s.length - 1] : 1);
                    break;
                case 'lift':
                    if (s.length <= 3) this.push('Reshape', [{ text: `[1, ${s.join(', ')}]` }], [1, ...s]);
                    else this.samePlain();
                    break;
            }
            if (this.currentLabel() === start.name) this.samePlain();
            chosen = [start];
        }
        // Sometimes merge more than two inputs: any further label that still broadcasts.
        let out = broadcastShapes(this.shape, chosen[0].shape)!;
        for (const extra of this.labels) {
            if (chosen.length >= 3 || chosen.includes(extra) || extra.name === this.currentLabel() || !p.chance(0.15)) continue;
            const next = broadcastShapes(out, extra.shape);
            if (next && product(next) <= MAX_ELEMENTS) {
                chosen.push(extra);
                out = next;
            }
        }
        this.push(kind, chosen.map(l => ({ text: l.name })), out);
    }

    private emitConcatenate(): void {
        const p = this.p;
        const start = this.labelHere();
        const s = start.shape;
        const r = s.length;
        let axis = p.int(0, r - 1);
        const branch = p.pick(['same', 'resize']);
        if (branch === 'same') this.samePlain();
        if (branch === 'resize') {
            if (axis === r - 1) this.emitDense(p.int(1, 8));
            else if (r === 2 && axis === 0 && s[0] >= 2) {
                const k = p.int(1, Math.min(4, s[0]));
                this.push('Conv1D', [{ text: String(s[1]) }, { text: String(k) }], [s[0] - k + 1, s[1]]);
            } else this.samePlain();
        }
        if (this.currentLabel() === start.name) this.samePlain();
        const labels = [start];
        if (axis !== r - 1 && this.shape.some((d, i) => i !== axis && d !== s[i])) axis = r - 1;
        const out = this.shape.slice();
        out[axis] = this.shape[axis] + labels.reduce((sum, l) => sum + l.shape[axis], 0);
        const args: GenArg[] = labels.map(l => ({ text: l.name }));
        const lastAxis = axis === r - 1;
        if (!lastAxis || p.chance(0.5)) args.push({ name: 'axis', text: lastAxis && p.chance(0.5) ? '-1' : this.axisText(axis) });
        this.push('Concatenate', args, out);
    }
}

export function randomInput(p: Picker, rank = p.int(1, 3)): Shape {
    if (rank === 1) return [p.int(1, 32)];
    if (rank === 2) return [p.int(1, 12), p.int(1, 8)];
    return [p.int(1, 10), p.int(1, 10), p.int(1, 4)];
}

/** A valid model that contains `focus` (when given) somewhere in a random chain. */
export function generateValidModel(p: Picker, focus?: string, options: GenOptions = {}): GenModel {
    // After the focus only fitting random layers follow, so only a focused Embedding may mask.
    const b = new ModelBuilder(p, randomInput(p), { ...options, allowMask: focus === 'Embedding' && options.allowMask !== false });
    // An Embedding reads indices: only layers that move the input's values may come before it.
    const prefix = focus === 'Embedding' ? INDEX_PRESERVING : undefined;
    for (let i = p.int(0, 3); i > 0; i--) {
        if (prefix) b.emit(p.pick(prefix.filter(k => b.fits(k))));
        else b.randomLayer();
    }
    if (focus) {
        b.prepare(focus);
        b.emit(focus);
    }
    for (let i = p.int(focus ? 0 : 1, 3); i > 0; i--) b.randomLayer();
    return { name: `${p.pick(['Net', 'Model', 'Gen', 'M'])}${p.int(0, 999)}`, input: b.input, layers: b.layers };
}

// ---------------------------------------------------------------- text

export interface RenderStyle {
    indent: string;
    comments: boolean;
    trailingCommas: boolean;
    oneLine: boolean;
}

export function randomStyle(p: Picker): RenderStyle {
    return {
        indent: p.pick(['    ', '\t', '  ', '']),
        comments: p.chance(0.2),
        trailingCommas: p.chance(0.15),
        oneLine: p.chance(0.05)
    };
}

const PLAIN: RenderStyle = { indent: '    ', comments: false, trailingCommas: false, oneLine: false };

export function renderLayer(layer: GenLayer, style: RenderStyle = PLAIN): string {
    const args = layer.args.map(a => (a.name ? `${a.name}=${a.text}` : a.text));
    const list = args.join(', ') + (style.trailingCommas && args.length ? ',' : '');
    return `${layer.label ? `${layer.label} = ` : ''}${layer.kind}(${list})`;
}

export function renderModel(model: GenModel, style: RenderStyle = PLAIN): string {
    const lines = [`input [${model.input.join(', ')}]`, ...model.layers.map(l => renderLayer(l, style))];
    if (style.oneLine) return `model ${model.name} { ${lines.join(' ')} }\n`;
    const body = lines.map((line, i) => {
        const comment = style.comments && i % 3 === 1 ? `${style.indent}// step ${i}\n` : '';
        const inline = style.comments && i % 4 === 2 ? ' /* note */' : '';
        return `${comment}${style.indent}${line}${inline}`;
    });
    return `model ${model.name} {\n${body.join('\n')}\n}\n`;
}
