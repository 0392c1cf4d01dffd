/**
 * The schema of a TrainingDescription: what the language server hands the training commands and
 * what the extension posts to the training view, checked on arrival at both. Its inferred type
 * is proven equal to the interface in ../description.ts, so the two cannot drift apart.
 */
import * as v from 'valibot';
import type { ArgValue, DataSpec, LayerDescription, ModelDescription, OptimizerSpec, TrainingDescription } from '../description.js';
import { count, line } from './numbers.js';
import type { Proven, SameType } from './same-type.js';

const shape = v.array(count);
const params = v.object({ total: count, trainable: count, nonTrainable: count });

/** Sizes of a big model can pass 2^53: non-negative, not necessarily exact integers. */
const size = v.pipe(v.number(), v.minValue(0));
const cost = v.object({ macs: size, activations: size, transient: size });
const memory = v.object({ bytes: size, weights: size, gradients: size, optimizerState: size, activations: size, batchSize: count });

const argValue: v.GenericSchema<ArgValue> = v.union([v.number(), v.string(), v.boolean(), v.null(), v.array(v.lazy(() => argValue))]);

export const layerDescriptionSchema = v.object({
    index: count,
    line,
    type: v.string(),
    label: v.optional(v.string()),
    inputs: v.array(v.pipe(v.number(), v.integer(), v.minValue(-1))),
    args: v.record(v.string(), argValue),
    tfjs: v.array(v.object({ className: v.string(), config: v.record(v.string(), v.unknown()) })),
    inputShapes: v.array(shape),
    outputShape: shape,
    params,
    cost
});

export const modelDescriptionSchema = v.object({
    name: v.string(),
    input: shape,
    layers: v.array(layerDescriptionSchema),
    output: shape,
    params
});

export const dataSpecSchema = v.variant('kind', [
    v.object({ kind: v.picklist(['mnist', 'fashion_mnist', 'iris', 'wine', 'breast_cancer', 'digits']) }),
    v.object({ kind: v.picklist(['xor', 'circle', 'spiral', 'gaussian']), n: count, noise: v.number() }),
    v.object({ kind: v.literal('csv'), path: v.string(), label: v.string() })
]);

export const optimizerSpecSchema = v.object({
    name: v.picklist(['sgd', 'rmsprop', 'adam', 'adagrad']),
    learningRate: v.number(),
    args: v.record(v.string(), v.union([v.number(), v.boolean()]))
});

export const trainingDescriptionSchema = v.object({
    file: v.string(),
    line,
    model: modelDescriptionSchema,
    data: dataSpecSchema,
    loss: v.string(),
    lossKind: v.picklist(['regression', 'binary', 'categorical', 'sparse']),
    task: v.picklist(['classification', 'regression']),
    optimizer: optimizerSpecSchema,
    metrics: v.array(v.string()),
    epochs: v.pipe(v.number(), v.integer(), v.minValue(1)),
    batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
    validation: v.optional(v.union([v.literal('test'), v.number()])),
    seed: v.optional(v.number()),
    memory
});

// The schemas above are the interfaces of ../description.ts, field for field.
export type DescriptionSchemaProofs = [
    Proven<SameType<v.InferOutput<typeof layerDescriptionSchema>, LayerDescription>>,
    Proven<SameType<v.InferOutput<typeof modelDescriptionSchema>, ModelDescription>>,
    Proven<SameType<v.InferOutput<typeof dataSpecSchema>, DataSpec>>,
    Proven<SameType<v.InferOutput<typeof optimizerSpecSchema>, OptimizerSpec>>,
    Proven<SameType<v.InferOutput<typeof trainingDescriptionSchema>, TrainingDescription>>
];
