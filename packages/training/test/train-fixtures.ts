/**
 * Hand-written model descriptions and tiny data sets for the trainer's tests, so they do not
 * depend on the language package's analysis (its output is exercised in its own tests).
 */
import { DATASET_FACTS, estimateTrainingMemory, findLoss, optimizerSlots, taskOfLossKind, type LayerDescription, type ModelDescription, type TfjsLayerSpec, type TrainingDescription } from '@nn-lang/language';
import * as tf from '@tensorflow/tfjs';
import type { DatasetLike } from '../src/train/index.js';

/** The cpu backend, ready: unit tests are deterministic and fast on it. */
export async function cpu(): Promise<typeof tf> {
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
}

type Params = LayerDescription['params'];

export function layer(
    index: number,
    type: string,
    tfjs: TfjsLayerSpec[],
    inputShapes: number[][],
    outputShape: number[],
    params: number | Params,
    extra: Partial<LayerDescription> = {}
): LayerDescription {
    const p = typeof params === 'number' ? { total: params, trainable: params, nonTrainable: 0 } : params;
    // The output kept for the backward pass (what the catalogue's rules say for most kinds); pass `cost` for more.
    const cost = { macs: 0, activations: outputShape.reduce((a, d) => a * d, 1), transient: 0 };
    return { index, line: index + 2, type, inputs: [index - 1], args: {}, tfjs, inputShapes, outputShape, params: p, cost, ...extra };
}

export function dense(index: number, inUnits: number, units: number, activation = 'linear', extra: Partial<LayerDescription> & { config?: Record<string, unknown> } = {}): LayerDescription {
    const { config, ...rest } = extra;
    return layer(
        index,
        'Dense',
        [{ className: 'Dense', config: { units, activation, useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros', ...config } }],
        [[inUnits]],
        [units],
        inUnits * units + units,
        rest
    );
}

export function dropout(index: number, units: number, rate: number): LayerDescription {
    return layer(index, 'Dropout', [{ className: 'Dropout', config: { rate } }], [[units]], [units], 0);
}

export function model(name: string, input: number[], layers: LayerDescription[]): ModelDescription {
    const sum = (k: keyof Params) => layers.reduce((s, l) => s + l.params[k], 0);
    return { name, input, layers, output: layers[layers.length - 1].outputShape, params: { total: sum('total'), trainable: sum('trainable'), nonTrainable: sum('nonTrainable') } };
}

/** A dense chain: sizes [in, h1, ..., out]; hidden layers use `hidden`, the last `out`. */
export function mlp(name: string, sizes: number[], hidden: string, out: string, extra: (i: number) => LayerDescription[] = () => []): ModelDescription {
    const layers: LayerDescription[] = [];
    for (let i = 1; i < sizes.length; i++) {
        layers.push(dense(layers.length, sizes[i - 1], sizes[i], i === sizes.length - 1 ? out : hidden));
        if (i < sizes.length - 1) {
            for (const l of extra(layers.length)) layers.push({ ...l, index: layers.length, line: layers.length + 2, inputs: [layers.length - 1] });
        }
    }
    return model(name, [sizes[0]], layers);
}

export function training(m: ModelDescription, over: Partial<TrainingDescription> = {}): TrainingDescription {
    return derived({
        file: '/tmp/nn-tests/model.nn',
        line: 1,
        model: m,
        data: { kind: 'xor', n: 400, noise: 0 },
        loss: 'binary_crossentropy',
        optimizer: { name: 'adam', learningRate: 0.01, args: {} },
        metrics: ['accuracy'],
        epochs: 5,
        batchSize: 32,
        seed: 7,
        ...over
    });
}

/**
 * A hand-written description completed as the analysis completes one, by the catalogue's rules:
 * the loss's kind, the task, and the memory estimate at its batch size and optimizer.
 */
export function derived(desc: Omit<TrainingDescription, 'lossKind' | 'task' | 'memory'> & Partial<TrainingDescription>): TrainingDescription {
    // An unknown loss gets a placeholder kind: the trainer refuses it by name before using the kind.
    const lossKind = desc.lossKind ?? findLoss(desc.loss)?.kind ?? 'regression';
    const task = desc.task ?? (desc.data.kind === 'csv' ? taskOfLossKind(lossKind) : DATASET_FACTS[desc.data.kind].task);
    const memory = desc.memory ?? estimateTrainingMemory(desc.model, desc.batchSize, optimizerSlots(desc.optimizer));
    return { ...desc, lossKind, task, memory };
}

/** XOR of the signs of two coordinates in [-1, 1]², with a margin so it is learnable to ~100%. */
export function xorData(n: number, seed = 1, testCount = 0): DatasetLike {
    let s = seed >>> 0;
    const rand = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 4294967296;
    };
    const make = (count: number) => {
        const x = new Float32Array(count * 2);
        const y = new Float32Array(count);
        for (let i = 0; i < count; i++) {
            const a = (0.1 + 0.9 * rand()) * (rand() < 0.5 ? -1 : 1);
            const b = (0.1 + 0.9 * rand()) * (rand() < 0.5 ? -1 : 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return { x, y, count };
    };
    return {
        sampleShape: [2],
        task: 'classification',
        numClasses: 2,
        classNames: ['different', 'same'],
        labelEncoding: 'index',
        train: make(n),
        ...(testCount ? { test: make(testCount) } : {})
    };
}

/** Three Gaussian blobs in 4-D: a stand-in for iris (3 classes). */
export function blobs(n: number, seed = 3, testCount = 0): DatasetLike {
    let s = seed >>> 0;
    const rand = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 4294967296;
    };
    const centres = [
        [1, 0, 0, 1],
        [-1, 1, 0, 0],
        [0, -1, 1, -1]
    ];
    const make = (count: number) => {
        const x = new Float32Array(count * 4);
        const y = new Float32Array(count);
        for (let i = 0; i < count; i++) {
            const c = i % 3;
            y[i] = c;
            for (let d = 0; d < 4; d++) x[i * 4 + d] = centres[c][d] + 0.4 * (rand() + rand() + rand() - 1.5);
        }
        return { x, y, count };
    };
    return { sampleShape: [4], task: 'classification', numClasses: 3, classNames: ['a', 'b', 'c'], labelEncoding: 'index', train: make(n), ...(testCount ? { test: make(testCount) } : {}) };
}
