/**
 * The weights of a tfjs LayersModel (model.json's weightsManifest + the bytes of its weight files),
 * by their tfjs names (`dense_0/kernel`).
 */
import { ImportError } from '../import/graph.js';
import type { Tensor } from './tensor.js';
import { size } from './tensor.js';

export interface ManifestEntry {
    name: string;
    shape: number[];
    dtype: string;
    quantization?: unknown;
}

export interface ManifestGroup {
    paths: string[];
    weights: ManifestEntry[];
}

/** Reads and checks the manifest of a model.json. */
export function readManifest(modelJson: Record<string, unknown>, file: string): ManifestGroup[] {
    const manifest = modelJson.weightsManifest;
    if (!Array.isArray(manifest)) throw new ImportError(`${file}: weightsManifest`, 'missing: this model.json lists no weight files');
    return manifest.map((group, g) => {
        const where = `${file}: weightsManifest[${g}]`;
        if (typeof group !== 'object' || group === null || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
            throw new ImportError(where, 'expected { paths: [...], weights: [...] }');
        }
        group.weights.forEach((w: ManifestEntry, i: number) => {
            const at = `${where}.weights[${i}]`;
            if (typeof w?.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every(d => Number.isInteger(d) && d >= 0)) {
                throw new ImportError(at, 'expected { name, shape, dtype }');
            }
            if (w.dtype !== 'float32') throw new ImportError(at, `weight "${w.name}" is ${String(w.dtype)}; only float32 weights can be read`);
            if (w.quantization) throw new ImportError(at, `weight "${w.name}" is quantized; only plain float32 weights can be read`);
        });
        return group as ManifestGroup;
    });
}

/** Total bytes the manifest's weights take. */
export function manifestBytes(groups: ManifestGroup[]): number {
    return groups.reduce((sum, g) => sum + g.weights.reduce((s, w) => s + size(w.shape) * 4, 0), 0);
}

/**
 * Splits the concatenated bytes of all weight files (in manifest order) into named tensors.
 * Little-endian float32, as tfjs writes them.
 */
export function weightsFromBytes(groups: ManifestGroup[], bytes: Uint8Array, file: string): Map<string, Tensor> {
    const expected = manifestBytes(groups);
    if (bytes.byteLength !== expected) {
        throw new ImportError(`${file}: weightsManifest`, `the weight files hold ${bytes.byteLength} bytes, but the manifest describes ${expected}`);
    }
    const copy = new Uint8Array(bytes); // aligned, and ours to keep
    const view = new DataView(copy.buffer);
    const out = new Map<string, Tensor>();
    let offset = 0;
    for (const group of groups) {
        for (const w of group.weights) {
            const n = size(w.shape);
            const data = new Float32Array(n);
            for (let i = 0; i < n; i++) data[i] = view.getFloat32(offset + 4 * i, true);
            offset += 4 * n;
            out.set(w.name, { shape: w.shape.slice(), data });
        }
    }
    return out;
}

/** Weights of one Keras layer: `dense_0/kernel` → kernel (tfjs may add `_1` to repeated names). */
export function layerWeights(all: Map<string, Tensor>, layer: string): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, t] of all) {
        const slash = name.lastIndexOf('/');
        if (slash < 0 || name.slice(0, slash) !== layer) continue;
        out.set(name.slice(slash + 1).replace(/_\d+$/, ''), t);
    }
    return out;
}
