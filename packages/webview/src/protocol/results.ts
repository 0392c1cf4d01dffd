/**
 * Schemas of what the trainer reports, as it travels from the training view to the extension
 * host. Each is proven equal (Proven<SameType<…>>) to the trainer's own type, or to a stated
 * derivation of it (typed arrays become plain arrays, ranges replace coordinate lists), so the
 * protocol cannot drift from the trainer without breaking the build.
 */
import { count, measured, type Proven, type SameType } from '@nn-lang/language/schema';
import type {
    BatchEndEvent,
    ConfusionMatrix,
    EpochLogs,
    EvaluationResult,
    PredictionGrid,
    ProbeResult,
    SamplePrediction,
    SavedModel,
    StartEvent
} from '@nn-lang/training/train';
import * as v from 'valibot';

const params = v.object({ total: count, trainable: count, nonTrainable: count });

/** The trainer's start event without `backend` (which has its own message). */
export const startEventSchema = v.object({
    seed: v.number(),
    epochs: count,
    batchSize: count,
    trainSamples: count,
    validationSamples: count,
    batchesPerEpoch: count,
    totalBatches: count,
    params,
    memoryEstimateBytes: v.number()
});

/** What `auto`'s probe measured on one backend. */
export const probeResultSchema = v.object({ backend: v.string(), samplesPerSec: v.optional(measured), skipped: v.optional(v.string()) });

export const batchEndSchema = v.object({
    epoch: count,
    batch: count,
    batchesPerEpoch: count,
    loss: measured,
    metrics: v.record(v.string(), measured),
    samplesPerSec: measured
});

export const epochLogsSchema = v.objectWithRest({ epoch: count, loss: measured, seconds: v.number() }, measured);

export const evaluationSchema = v.objectWithRest({ loss: measured, accuracy: v.optional(measured) }, v.union([measured, v.undefined()]));

/** The trainer's confusion matrix, with the class names the view always has. */
export const confusionSchema = v.object({
    matrix: v.array(v.array(count)),
    classNames: v.array(v.string()),
    total: count,
    correct: count
});

/** A sample prediction with its input as a plain array. */
export const sampleSchema = v.object({
    index: count,
    input: v.array(measured),
    target: v.array(measured),
    output: v.array(measured),
    trueClass: v.optional(count),
    predictedClass: v.optional(count),
    confidence: v.optional(measured),
    correct: v.optional(v.boolean())
});

const range = v.tuple([v.number(), v.number()]);

/** A decision map: the trainer's prediction grid as plain arrays over an x/y range, with test points (x, y, class). */
export const gridSchema = v.object({
    nx: count,
    ny: count,
    x: range,
    y: range,
    units: count,
    classes: v.array(v.number()),
    confidence: v.array(measured),
    points: v.array(v.tuple([v.number(), v.number(), v.number()]))
});

const arrayBuffer = v.custom<ArrayBuffer>(input => input instanceof ArrayBuffer || Object.prototype.toString.call(input) === '[object ArrayBuffer]', 'an ArrayBuffer');

export const savedModelSchema = v.object({
    modelTopology: v.custom<object>(input => typeof input === 'object' && input !== null && !Array.isArray(input), 'an object'),
    weightSpecs: v.array(v.object({ name: v.string(), shape: v.array(count), dtype: v.string() })),
    weightData: arrayBuffer,
    generatedBy: v.optional(v.string()),
    convertedBy: v.optional(v.nullable(v.string()))
});

type Plain<T, K extends keyof T, To> = Omit<T, K> & { [P in K]: To };

export type ResultSchemaProofs = [
    Proven<SameType<v.InferOutput<typeof probeResultSchema>, ProbeResult>>,
    Proven<SameType<v.InferOutput<typeof startEventSchema>, Omit<StartEvent, 'backend'>>>,
    Proven<SameType<v.InferOutput<typeof batchEndSchema>, BatchEndEvent>>,
    Proven<SameType<v.InferOutput<typeof epochLogsSchema>, EpochLogs>>,
    Proven<SameType<v.InferOutput<typeof evaluationSchema>, EvaluationResult>>,
    Proven<SameType<v.InferOutput<typeof confusionSchema>, Plain<ConfusionMatrix, 'classNames', string[]>>>,
    Proven<SameType<v.InferOutput<typeof sampleSchema>, Plain<SamplePrediction, 'input', number[]>>>,
    Proven<SameType<Pick<v.InferOutput<typeof gridSchema>, 'nx' | 'ny' | 'units'>, Pick<PredictionGrid, 'nx' | 'ny' | 'units'>>>,
    Proven<SameType<v.InferOutput<typeof savedModelSchema>, SavedModel>>
];
