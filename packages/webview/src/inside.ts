/**
 * Inside the network, for one test sample: what each layer outputs (kept small enough for the
 * view state), and the first convolution's filters. Page-only data: the host gets none of it.
 */
import type * as tfjs from '@tensorflow/tfjs';

type TF = typeof tfjs;

/** Values kept per layer: a dense layer's units, or up to MAX_MAPS feature maps of a convolution. */
const MAX_VALUES = 4096;
export const MAX_MAPS = 16;

export interface LayerActivation {
    name: string;
    /** One sample's output shape (no batch axis). */
    shape: number[];
    /** Row-major values; for [h, w, c] outputs, the first min(c, MAX_MAPS) maps, map by map. */
    values: number[];
    /** Maps kept, for [h, w, c] outputs. */
    maps?: number;
}

export interface Filters {
    name: string;
    height: number;
    width: number;
    /** Filters kept; each is height×width of input channel 0. */
    count: number;
    values: number[];
}

export interface InsideView {
    sampleIndex: number;
    layers: LayerActivation[];
    filters?: Filters;
}

/** `output` [h, w, c] as its first maps, each h×w row-major. */
export function splitMaps(output: ArrayLike<number>, [h, w, c]: number[], maps: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < maps; k++) for (let i = 0; i < h * w; i++) out.push(output[i * c + k]);
    return out;
}

/** A kernel [kh, kw, in, out] as its first `count` filters over input channel 0, each kh×kw row-major. */
export function splitFilters(kernel: ArrayLike<number>, [kh, kw, inChannels, outChannels]: number[], count: number): number[] {
    const out: number[] = [];
    for (let f = 0; f < count; f++) for (let i = 0; i < kh * kw; i++) out.push(kernel[i * inChannels * outChannels + f]);
    return out;
}

export async function insideView(tf: TF, model: tfjs.LayersModel, sample: Float32Array, sampleIndex: number): Promise<InsideView> {
    const probe = tf.model({ inputs: model.inputs, outputs: model.layers.map(l => l.output as tfjs.SymbolicTensor) });
    const inputShape = [1, ...(model.inputs[0].shape.slice(1) as number[])];
    const outputs = tf.tidy(() => {
        const y = probe.predict(tf.tensor(sample, inputShape));
        return Array.isArray(y) ? y : [y];
    });
    const layers: LayerActivation[] = [];
    for (let i = 0; i < outputs.length; i++) {
        const shape = outputs[i].shape.slice(1);
        const data = await outputs[i].data();
        if (shape.length === 3) {
            const maps = Math.min(shape[2], MAX_MAPS);
            layers.push({ name: model.layers[i].name, shape, values: splitMaps(data, shape, maps), maps });
        } else {
            layers.push({ name: model.layers[i].name, shape, values: Array.from(data.subarray(0, MAX_VALUES)) });
        }
    }
    tf.dispose(outputs);
    let filters: Filters | undefined;
    const conv = model.layers.find(l => l.getClassName() === 'Conv2D');
    if (conv) {
        const kernel = conv.getWeights()[0];
        const shape = kernel.shape as number[];
        const count = Math.min(shape[3], 32);
        filters = { name: conv.name, height: shape[0], width: shape[1], count, values: splitFilters(await kernel.data(), shape, count) };
    }
    return { sampleIndex, layers, filters };
}
