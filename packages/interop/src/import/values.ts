/** Reading one Keras layer config's fields, with a clear complaint naming the field when one is wrong. */
import type { ArgValue } from '@nn-lang/language';
import { describeJson, isObject, type GraphLayer } from './graph.js';

export type Severity = 'error' | 'warning';

export interface ImportProblem {
    severity: Severity;
    /** File, path in it, layer name and class: where the user finds it. */
    where: string;
    message: string;
}

/** Keras and tfjs activation names → the .nn name (tfjs writes some in camelCase). */
const ACTIVATIONS: Record<string, string> = {
    linear: 'linear',
    relu: 'relu',
    sigmoid: 'sigmoid',
    tanh: 'tanh',
    softmax: 'softmax',
    elu: 'elu',
    selu: 'selu',
    softplus: 'softplus',
    softsign: 'softsign',
    relu6: 'relu6',
    swish: 'swish',
    silu: 'swish',
    gelu: 'gelu',
    hard_sigmoid: 'hard_sigmoid',
    hardSigmoid: 'hard_sigmoid',
    leaky_relu: 'leaky_relu'
};

/** The function nn-lang's Keras export defines for Keras 2's hard sigmoid. */
export const KERAS2_HARD_SIGMOID = 'keras2_hard_sigmoid';

/** Keras initializer classes → the .nn name, when the config is the one .nn means. */
function initializerName(value: unknown): string | undefined {
    if (typeof value === 'string') {
        const known = ['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal', 'random_uniform', 'random_normal', 'truncated_normal', 'orthogonal', 'zeros', 'ones'];
        return known.includes(value) ? value : undefined;
    }
    if (!isObject(value) || typeof value.class_name !== 'string') return undefined;
    const c = isObject(value.config) ? value.config : {};
    const near = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) < 1e-9;
    switch (value.class_name) {
        case 'Zeros': return 'zeros';
        case 'Ones': return 'ones';
        case 'GlorotUniform': return 'glorot_uniform';
        case 'GlorotNormal': return 'glorot_normal';
        case 'HeUniform': return 'he_uniform';
        case 'HeNormal': return 'he_normal';
        case 'LecunUniform': case 'LeCunUniform': return 'lecun_uniform';
        case 'LecunNormal': case 'LeCunNormal': return 'lecun_normal';
        case 'Orthogonal': return c.gain === undefined || near(c.gain, 1) ? 'orthogonal' : undefined;
        case 'RandomUniform': return (c.minval === undefined || near(c.minval, -0.05)) && (c.maxval === undefined || near(c.maxval, 0.05)) ? 'random_uniform' : undefined;
        case 'RandomNormal': return (c.mean === undefined || near(c.mean, 0)) && (c.stddev === undefined || near(c.stddev, 0.05)) ? 'random_normal' : undefined;
        case 'TruncatedNormal': return (c.mean === undefined || near(c.mean, 0)) && (c.stddev === undefined || near(c.stddev, 0.05)) ? 'truncated_normal' : undefined;
        case 'VarianceScaling': {
            const normal = c.distribution === 'normal' || c.distribution === 'truncated_normal';
            const uniform = c.distribution === 'uniform';
            if (near(c.scale, 1) && c.mode === 'fan_avg') return uniform ? 'glorot_uniform' : normal ? 'glorot_normal' : undefined;
            if (near(c.scale, 2) && c.mode === 'fan_in') return uniform ? 'he_uniform' : normal ? 'he_normal' : undefined;
            if (near(c.scale, 1) && c.mode === 'fan_in') return uniform ? 'lecun_uniform' : normal ? 'lecun_normal' : undefined;
            return undefined;
        }
        default:
            return undefined;
    }
}

/**
 * The fields of one layer's config. Every read marks the field as used; `unused()` lists the rest,
 * so that nothing in the file is dropped without a word.
 */
export class LayerFields {
    private readonly used = new Set<string>(['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'input_shape', 'build_config']);

    constructor(readonly layer: GraphLayer, private readonly report: (p: ImportProblem) => void, readonly dialect: 'tfjs' | 'keras2' | 'keras3') {}

    get config(): Record<string, unknown> {
        return this.layer.config;
    }

    where(field?: string): string {
        return field ? `${this.layer.where}, field ${field}` : this.layer.where;
    }

    error(field: string | undefined, message: string): void {
        this.report({ severity: 'error', where: this.where(field), message });
    }

    warn(field: string | undefined, message: string): void {
        this.report({ severity: 'warning', where: this.where(field), message });
    }

    has(field: string): boolean {
        return this.config[field] !== undefined && this.config[field] !== null;
    }

    raw(field: string): unknown {
        this.used.add(field);
        return this.config[field];
    }

    /** A field that must hold one of `values` (or be absent); anything else is an error. */
    expect(field: string, values: readonly unknown[], why: string): void {
        const v = this.raw(field);
        if (v !== undefined && v !== null && !values.some(x => JSON.stringify(x) === JSON.stringify(v))) {
            this.error(field, `${describeJson(v)} cannot be expressed in .nn: ${why}`);
        }
    }

    /** A field only training uses (regularizers, constraints, seeds): listed, not imported. */
    trainingOnly(field: string, what: string): void {
        const v = this.raw(field);
        if (v !== undefined && v !== null && v !== false) this.warn(field, `${what} ${describeJson(isObject(v) && typeof v.class_name === 'string' ? v.class_name : v)} is not imported (.nn has none; it only affects training)`);
    }

    int(field: string, options: { min?: number; fallback?: number } = {}): number {
        const v = this.raw(field);
        if (v === undefined || v === null) {
            if (options.fallback !== undefined) return options.fallback;
            this.error(field, 'is missing');
            return options.min ?? 1;
        }
        if (typeof v !== 'number' || !Number.isInteger(v) || v < (options.min ?? -Infinity)) {
            this.error(field, `expected ${options.min === 1 ? 'a positive whole number' : 'a whole number'}, found ${describeJson(v)}`);
            return options.min ?? 1;
        }
        return v;
    }

    number(field: string, fallback: number): number {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            this.error(field, `expected a number, found ${describeJson(v)}`);
            return fallback;
        }
        return v;
    }

    bool(field: string, fallback: boolean): boolean {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        if (typeof v !== 'boolean') {
            this.error(field, `expected true or false, found ${describeJson(v)}`);
            return fallback;
        }
        return v;
    }

    /** An integer or a list of `length` integers (Keras accepts both for sizes and strides). */
    tuple(field: string, length: number, fallback?: number[]): number[] {
        const v = this.raw(field);
        if (v === undefined || v === null) {
            if (fallback) return fallback;
            this.error(field, 'is missing');
            return Array(length).fill(1);
        }
        const list = typeof v === 'number' ? Array(length).fill(v) : v;
        if (!Array.isArray(list) || list.length !== length || !list.every(d => Number.isInteger(d) && d >= 1)) {
            this.error(field, `expected ${length === 1 ? 'a positive whole number' : `${length} positive whole numbers`}, found ${describeJson(v)}`);
            return Array(length).fill(1);
        }
        return list as number[];
    }

    /** An axis as Keras writes it: an integer or a list holding one. */
    axis(field: string, fallback: number): number {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        const value = Array.isArray(v) && v.length === 1 ? v[0] : v;
        if (typeof value !== 'number' || !Number.isInteger(value)) {
            this.error(field, Array.isArray(v) ? `normalising over ${v.length} axes at once cannot be expressed in .nn (one axis)` : `expected an axis, found ${describeJson(v)}`);
            return fallback;
        }
        return value;
    }

    activation(field: string, fallback = 'linear'): string {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        // nn-lang's Keras export writes Keras 2's hard sigmoid as a registered function of its own.
        const fn = isObject(v) && v.class_name === 'function' && typeof v.config === 'string' ? v.config : undefined;
        if (v === KERAS2_HARD_SIGMOID || fn === KERAS2_HARD_SIGMOID) return 'hard_sigmoid';
        const name = typeof v === 'string' ? ACTIVATIONS[v] : undefined;
        if (!name) {
            this.error(field, `the activation ${describeJson(isObject(v) ? v.class_name ?? v : v)} is not one .nn knows (${Object.values(ACTIVATIONS).filter((a, i, all) => all.indexOf(a) === i).join(', ')})`);
            return fallback;
        }
        if (name === 'hard_sigmoid' && this.dialect === 'keras3') {
            this.error(field, "Keras 3's hard_sigmoid is relu6(x + 3) / 6, while .nn's (Keras 2's, tfjs's) is clip(0.2·x + 0.5, 0, 1)");
        }
        return name;
    }

    initializer(field: string, fallback: string): string {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        const name = initializerName(v);
        if (!name) {
            this.warn(field, `the initializer ${describeJson(isObject(v) ? v.class_name : v)} with this config has no .nn name; imported as ${fallback} (initial values only: trained weights are unaffected)`);
            return fallback;
        }
        return name;
    }

    choice(field: string, values: readonly string[], fallback: string, why?: string): string {
        const v = this.raw(field);
        if (v === undefined || v === null) return fallback;
        if (typeof v !== 'string' || !values.includes(v)) {
            this.error(field, `${describeJson(v)} cannot be expressed in .nn${why ? `: ${why}` : ` (it takes ${values.join(' or ')})`}`);
            return fallback;
        }
        return v;
    }

    /** Lists fields nobody read whose values are not the harmless defaults. */
    reportUnused(harmless: Record<string, unknown[]>): void {
        for (const [key, value] of Object.entries(this.config)) {
            if (this.used.has(key) || value === null || value === undefined) continue;
            const ok = harmless[key];
            if (ok && (ok.length === 0 || ok.some(x => JSON.stringify(x) === JSON.stringify(value)))) continue;
            this.warn(key, `${describeJson(value)} is not imported: .nn has no such setting`);
        }
    }
}

export type Args = Record<string, ArgValue>;
