/**
 * Initial weight values drawn from our seeded generator, following the initializer tfjs
 * attached to each weight (read from the built tfjs initializer object, so the catalogue's
 * defaults and the user's `kernel_initializer=` are honoured alike).
 */
import { createNormal, createTruncatedNormal } from './random.js';
import type { Uniform } from './types.js';

/** The duck type of a tfjs-layers initializer: we only read its class name and config. */
export interface InitializerLike {
    getClassName(): string;
    getConfig(): Record<string, unknown>;
}

/** Keras's fan computation: 2-D kernels are [in, out]; conv kernels [...window, in, out] (channels last). */
export function computeFans(shape: number[]): [number, number] {
    if (shape.length === 2) return [shape[0], shape[1]];
    if (shape.length >= 3 && shape.length <= 5) {
        let receptive = 1;
        for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
        return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
    }
    const size = shape.reduce((p, d) => p * d, 1);
    return [Math.sqrt(size), Math.sqrt(size)];
}

/**
 * Keras scales a truncated normal's stddev by 1/0.8796... so that the values, once truncated at
 * two standard deviations, have the intended variance. tfjs omits the correction; we follow Keras,
 * whose accuracy figures the users compare against.
 */
const TRUNCATION_STDDEV_CORRECTION = 0.87962566103423978;

const num = (config: Record<string, unknown>, key: string, fallback: number): number =>
    typeof config[key] === 'number' ? (config[key] as number) : fallback;

function size(shape: number[]): number {
    return shape.reduce((p, d) => p * d, 1);
}

/** Values for one weight, row-major. Throws for an initializer we cannot reproduce. */
export function initialValues(init: InitializerLike, shape: number[], uniform: Uniform): Float32Array {
    const n = size(shape);
    const out = new Float32Array(n);
    const className = init.getClassName();
    const config = init.getConfig();
    switch (className) {
        case 'Zeros':
            return out;
        case 'Ones':
            return out.fill(1);
        case 'Constant':
            return out.fill(num(config, 'value', 0));
        case 'RandomUniform': {
            const lo = num(config, 'minval', -0.05);
            const hi = num(config, 'maxval', 0.05);
            for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * uniform();
            return out;
        }
        case 'RandomNormal': {
            const mean = num(config, 'mean', 0);
            const stddev = num(config, 'stddev', 0.05);
            const normal = createNormal(uniform);
            for (let i = 0; i < n; i++) out[i] = mean + stddev * normal();
            return out;
        }
        case 'TruncatedNormal': {
            const mean = num(config, 'mean', 0);
            const stddev = num(config, 'stddev', 0.05);
            const normal = createTruncatedNormal(uniform);
            for (let i = 0; i < n; i++) out[i] = mean + stddev * normal();
            return out;
        }
        case 'VarianceScaling':
            return varianceScaling(config, shape, uniform, out);
        case 'Identity': {
            if (shape.length !== 2 || shape[0] !== shape[1]) {
                throw new Error(`the identity initializer needs a square 2-D weight, not [${shape.join(', ')}]`);
            }
            const gain = num(config, 'gain', 1);
            for (let i = 0; i < shape[0]; i++) out[i * shape[0] + i] = gain;
            return out;
        }
        case 'Orthogonal':
            return orthogonal(shape, num(config, 'gain', 1), uniform);
        default:
            throw new Error(`no seeded version of the tfjs initializer '${className}'`);
    }
}

function varianceScaling(config: Record<string, unknown>, shape: number[], uniform: Uniform, out: Float32Array): Float32Array {
    const [fanIn, fanOut] = computeFans(shape);
    const mode = String(config.mode ?? 'fanIn');
    const distribution = String(config.distribution ?? 'normal');
    let scale = num(config, 'scale', 1);
    if (mode === 'fanIn') scale /= Math.max(1, fanIn);
    else if (mode === 'fanOut') scale /= Math.max(1, fanOut);
    else scale /= Math.max(1, (fanIn + fanOut) / 2);
    if (distribution === 'uniform') {
        const limit = Math.sqrt(3 * scale);
        for (let i = 0; i < out.length; i++) out[i] = (2 * uniform() - 1) * limit;
        return out;
    }
    if (distribution === 'untruncated_normal') {
        const normal = createNormal(uniform);
        const stddev = Math.sqrt(scale);
        for (let i = 0; i < out.length; i++) out[i] = stddev * normal();
        return out;
    }
    // tfjs's 'normal' is a truncated normal, as Keras's 'truncated_normal'.
    const normal = createTruncatedNormal(uniform);
    const stddev = Math.sqrt(scale) / TRUNCATION_STDDEV_CORRECTION;
    for (let i = 0; i < out.length; i++) out[i] = stddev * normal();
    return out;
}

/**
 * Keras's orthogonal initializer: QR of a normal (max × min) matrix, Q's columns signed so that
 * R's diagonal is positive, transposed when the weight has fewer rows than columns. Modified
 * Gram-Schmidt, run twice, yields that same sign-normalised Q in float64.
 */
export function orthogonal(shape: number[], gain: number, uniform: Uniform): Float32Array {
    if (shape.length < 2) throw new Error(`the orthogonal initializer needs a weight of rank ≥ 2, not [${shape.join(', ')}]`);
    const numCols = shape[shape.length - 1];
    const numRows = size(shape) / numCols;
    const m = Math.max(numRows, numCols);
    const k = Math.min(numRows, numCols);
    const normal = createNormal(uniform);
    // Column-major: the k columns of length m are contiguous for the dot products below.
    const cols: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
        const c = new Float64Array(m);
        for (let i = 0; i < m; i++) c[i] = normal();
        cols.push(c);
    }
    for (let j = 0; j < k; j++) {
        const v = cols[j];
        for (let pass = 0; pass < 2; pass++) {
            for (let p = 0; p < j; p++) {
                const q = cols[p];
                let dot = 0;
                for (let i = 0; i < m; i++) dot += q[i] * v[i];
                for (let i = 0; i < m; i++) v[i] -= dot * q[i];
            }
        }
        let norm = 0;
        for (let i = 0; i < m; i++) norm += v[i] * v[i];
        norm = Math.sqrt(norm);
        if (norm < 1e-12) throw new Error('the orthogonal initializer drew a singular matrix');
        for (let i = 0; i < m; i++) v[i] /= norm;
    }
    const out = new Float32Array(numRows * numCols);
    for (let r = 0; r < numRows; r++) {
        for (let c = 0; c < numCols; c++) {
            // Q is m × k; the weight is Q (rows ≥ cols) or Qᵀ (rows < cols).
            out[r * numCols + c] = gain * (numRows >= numCols ? cols[c][r] : cols[r][c]);
        }
    }
    return out;
}
