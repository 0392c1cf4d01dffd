/**
 * The reference the checker is compared with: builds a model description's tfjs layer specs
 * with the tfjs functional API and reads back what tfjs itself says about each statement
 * (output shape, countParams, trainable / non-trainable weight sizes). Tests only.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelDescription, Shape, TfjsLayerSpec } from '../../src/description.js';

let backendReady: Promise<void> | undefined;

/** tfjs on the pure-JS `cpu` backend: deterministic and available everywhere. */
export function useCpuBackend(): Promise<void> {
    backendReady ??= (async () => {
        const ok = await tf.setBackend('cpu');
        await tf.ready();
        if (!ok || tf.getBackend() !== 'cpu') throw new Error(`tfjs backend is '${tf.getBackend()}', not cpu`);
    })();
    return backendReady;
}

/** A tfjs layer from its registered class name, as tfjs's own deserialiser would make it. */
export function instantiate(spec: TfjsLayerSpec): tf.layers.Layer {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[spec.className];
    if (!entry) throw new Error(`tfjs has no layer class '${spec.className}'`);
    const [cls, fromConfig] = entry;
    // fromConfig may keep and normalise the object: give it a private copy.
    const layer = fromConfig(cls, structuredClone(spec.config) as tf.serialization.ConfigDict);
    if (!(layer instanceof tf.layers.Layer)) throw new Error(`tfjs class '${spec.className}' is not a layer`);
    return layer;
}

/** What a `ModelDescription` needs for a build: the graph and the tfjs specs of each statement. */
export interface ReferenceInput {
    input: Shape;
    layers: { inputs: number[]; tfjs: TfjsLayerSpec[] }[];
}

export interface ReferenceLayer {
    /** Output shape without the batch axis, as tfjs reports it (null where tfjs does not know). */
    outputShape: (number | null)[];
    params: { total: number; trainable: number; nonTrainable: number };
    /** getConfig() of each tfjs layer of the statement, without its generated name. */
    configs: Record<string, unknown>[];
    classNames: string[];
    /** Output shape of each tfjs layer of the statement (an activation may add a second one). */
    layerShapes: (number | null)[][];
    /** What `predict` on 2 zero samples actually produced at each tfjs layer (batch included). */
    runtimeShapes: number[][];
}

export interface ReferenceModel {
    layers: ReferenceLayer[];
    /** tfjs `model.countParams()`. */
    total: number;
    /** Shape of `predict` on a batch of 2 zero samples. */
    predicted: number[];
    /** The model's static output shape, without the batch axis. */
    outputShape: (number | null)[];
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function weightCount(weights: tf.LayerVariable[]): number {
    return weights.reduce((sum, w) => sum + size(w.shape as number[]), 0);
}

/** Releases layers not yet released with a model (a failed build, a branch outside the output's graph). */
function disposeLayers(layers: tf.layers.Layer[]): void {
    for (const layer of layers) {
        try {
            if (layer.built) layer.dispose();
        } catch (error) {
            // Released with a model already, or created but never applied (its build threw).
            if (!/already disposed|not been used yet/.test((error as Error).message)) throw error;
        }
    }
}

/** One statement of a graph: which outputs feed it, and its tfjs layers once the feeds are known. */
export interface GraphStatement {
    inputs: number[];
    layers(feeds: tf.SymbolicTensor[]): TfjsLayerSpec[];
}

/** tfjs's refusal, with the stage it happened at. */
export class GraphError extends Error {
    constructor(readonly stage: 'build' | 'predict', readonly cause: unknown) {
        super(`${stage}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
}

/**
 * Builds the graph with the functional API, measures each statement, predicts a batch of two
 * zero samples, disposes everything. Throws tfjs's own error when tfjs refuses.
 */
export function buildGraph(inputShape: Shape, statements: GraphStatement[]): ReferenceModel {
    const created: tf.layers.Layer[] = [];
    let model: tf.LayersModel | undefined;
    let probeModel: tf.LayersModel | undefined;
    let stage: GraphError['stage'] = 'build';
    try {
        const input = tf.input({ shape: inputShape });
        const outputs: tf.SymbolicTensor[] = [];
        const measured: tf.layers.Layer[][] = [];
        /** Every tfjs layer's output, so that predict reports each one's real shape. */
        const probes: tf.SymbolicTensor[] = [];
        for (const statement of statements) {
            const feeds = statement.inputs.map(i => (i === -1 ? input : outputs[i]));
            if (feeds.some(f => f === undefined)) throw new Error(`layer inputs ${statement.inputs.join(',')} refer to a later layer`);
            let x: tf.SymbolicTensor | tf.SymbolicTensor[] = feeds.length === 1 ? feeds[0] : feeds;
            const own: tf.layers.Layer[] = [];
            for (const spec of statement.layers(feeds)) {
                const tfLayer = instantiate(spec);
                created.push(tfLayer);
                own.push(tfLayer);
                x = tfLayer.apply(x) as tf.SymbolicTensor;
                probes.push(x);
            }
            if (own.length === 0) throw new Error('a statement without tfjs layers');
            outputs.push(x as tf.SymbolicTensor);
            measured.push(own);
        }
        model = tf.model({ inputs: input, outputs: outputs[outputs.length - 1] ?? input });
        stage = 'predict';
        // First exactly as the trainer runs it: one output, so tfjs frees intermediate tensors
        // as it goes (a second model exposing every layer would hide its disposal bugs).
        const predicted = tf.tidy(() => (model!.predict(tf.zeros([2, ...inputShape])) as tf.Tensor).shape.slice());
        // Then every layer's real output shape, through a model that exposes them all.
        probeModel = tf.model({ inputs: input, outputs: probes.length ? probes : [input] });
        const runtime = tf.tidy(() => {
            const ys = probeModel!.predict(tf.zeros([2, ...inputShape]));
            return (Array.isArray(ys) ? ys : [ys]).map(y => y.shape.slice());
        });
        let probe = 0;
        const layers = measured.map(own => {
            const last = own[own.length - 1];
            const trainable = own.reduce((s, l) => s + weightCount(l.trainableWeights), 0);
            const nonTrainable = own.reduce((s, l) => s + weightCount(l.nonTrainableWeights), 0);
            return {
                outputShape: (last.outputShape as (number | null)[]).slice(1),
                params: { total: own.reduce((s, l) => s + l.countParams(), 0), trainable, nonTrainable },
                configs: own.map(l => {
                    const { name: _name, ...config } = l.getConfig() as Record<string, unknown>;
                    return config;
                }),
                classNames: own.map(l => l.getClassName()),
                layerShapes: own.map(l => (l.outputShape as (number | null)[]).slice(1)),
                runtimeShapes: own.map(() => runtime[probe++])
            };
        });
        return { layers, total: model.countParams(), predicted, outputShape: (model.outputs[0].shape as (number | null)[]).slice(1) };
    } catch (error) {
        throw error instanceof GraphError ? error : new GraphError(stage, error);
    } finally {
        // The models share their layers and a model's dispose frees them outright: dispose the
        // one that holds every layer, then whatever a failed build left outside any model.
        (probeModel ?? model)?.dispose();
        disposeLayers(created);
    }
}

/** A checked model description, built from the catalogue's own tfjs specs. */
export function buildReference(description: ReferenceInput | ModelDescription): ReferenceModel {
    return buildGraph(description.input, description.layers.map(l => ({ inputs: l.inputs, layers: () => l.tfjs })));
}

export { tf };
