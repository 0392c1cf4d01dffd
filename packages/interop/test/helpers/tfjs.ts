/** tfjs side of the differential tests: the model nn-lang's trainer builds, its saved form, its predictions. */
import type { ModelDescription } from '@nn-lang/language';
import { buildModel } from '@nn-lang/training/train';
import * as tf from '@tensorflow/tfjs';

let ready: Promise<void> | undefined;

export function useCpu(): Promise<void> {
    ready ??= (async () => {
        await tf.setBackend('cpu');
        await tf.ready();
    })();
    return ready;
}

export { tf };

/** model.json (as a run folder holds it) and the weight bytes of a tfjs model. */
export async function savedForm(model: tf.LayersModel): Promise<{ modelJson: Record<string, unknown>; bytes: Uint8Array }> {
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async artifacts => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const a = saved!;
    const bytes = a.weightData ? new Uint8Array(new tf.io.CompositeArrayBuffer(a.weightData).slice()) : new Uint8Array(0);
    return {
        modelJson: { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs ?? [] }] },
        bytes
    };
}

export function build(description: ModelDescription, seed = 7): tf.LayersModel {
    return buildModel(tf as never, description, { seed });
}

export function predict(model: tf.LayersModel, x: Float32Array, shape: number[]): Float32Array {
    return tf.tidy(() => (model.predict(tf.tensor(x, shape)) as tf.Tensor).dataSync() as Float32Array).slice();
}

/** A seeded batch of inputs: indices for models that start with an Embedding, values in [-1, 1) otherwise. */
export function sampleInput(description: ModelDescription, batch: number, seed = 1): Float32Array {
    let s = seed >>> 0 || 1;
    const next = () => {
        s ^= s << 13;
        s >>>= 0;
        s ^= s >>> 17;
        s ^= s << 5;
        s >>>= 0;
        return s / 2 ** 32;
    };
    const embedding = description.layers.find(l => l.type === 'Embedding');
    const n = batch * description.input.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = embedding ? Math.floor(next() * (embedding.args.input_dim as number)) : next() * 2 - 1;
    return out;
}

/** Largest |a − b| relative to 1 + |b|. */
export function maxDifference(a: Float32Array, b: Float32Array): number {
    if (a.length !== b.length) return Infinity;
    let worst = 0;
    for (let i = 0; i < a.length; i++) {
        const d = Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
        if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
    return worst;
}
