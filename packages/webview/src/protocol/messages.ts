/**
 * Messages between the extension host and the training view, one valibot schema each; the
 * TypeScript types are inferred from the schemas, so what is checked on arrival and what the
 * code believes it received are the same thing. Everything is plain data: VS Code revives
 * ArrayBuffers, everything else travels as structured-clone data.
 */
import { line, trainingDescriptionSchema } from '@nn-lang/language/schema';
import * as v from 'valibot';
import { batchEndSchema, confusionSchema, probeResultSchema, epochLogsSchema, evaluationSchema, gridSchema, sampleSchema, savedModelSchema, startEventSchema } from './results.js';

/**
 * Bumped when a message changes shape: the host refuses to run in a page that speaks another
 * version, and a page drops a saved state of another version.
 */
export const PROTOCOL_VERSION = 1;

/** The `viewType` of training panels (also the `onWebviewPanel:` activation event). */
export const TRAINING_VIEW_TYPE = 'nn.training';

export const BACKEND_PREFERENCES = ['webgl', 'wasm', 'cpu', 'auto'] as const;
export const backendPreferenceSchema = v.picklist(BACKEND_PREFERENCES);
export type BackendPreference = v.InferOutput<typeof backendPreferenceSchema>;

export const backendNameSchema = v.picklist(['webgl', 'wasm', 'cpu']);
export type BackendName = v.InferOutput<typeof backendNameSchema>;

const runId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const arrayBuffer = savedModelSchema.entries.weightData;

/**
 * Where the view gets its samples. Generated sets and the files shipped in `out/data/` need
 * nothing from the host; a user's CSV and Fashion-MNIST (a Debian package outside the extension)
 * are read by the host and posted.
 */
export const dataPayloadSchema = v.variant('kind', [
    v.object({ kind: v.literal('builtin') }),
    v.object({ kind: v.literal('csv-text'), file: v.string(), text: v.string() }),
    v.object({
        kind: v.literal('idx-gz'),
        /** Folder the files came from, for messages. */
        dir: v.string(),
        trainImages: arrayBuffer,
        trainLabels: arrayBuffer,
        testImages: arrayBuffer,
        testLabels: arrayBuffer
    })
]);
export type DataPayload = v.InferOutput<typeof dataPayloadSchema>;

// ---------------------------------------------------------------- host → view

export const startMessageSchema = v.object({
    type: v.literal('start'),
    runId,
    description: trainingDescriptionSchema,
    data: dataPayloadSchema,
    backend: backendPreferenceSchema
});

export const stopMessageSchema = v.object({ type: v.literal('stop'), runId });

export const hostMessageSchema = v.variant('type', [startMessageSchema, stopMessageSchema]);

export type StartMessage = v.InferOutput<typeof startMessageSchema>;
export type StopMessage = v.InferOutput<typeof stopMessageSchema>;
export type HostMessage = v.InferOutput<typeof hostMessageSchema>;

// ---------------------------------------------------------------- view → host

export const readyMessageSchema = v.object({
    type: v.literal('ready'),
    protocol: v.number(),
    /** True when the page came back from `setState` (a reload): it shows an old run, nothing runs. */
    restored: v.boolean()
});

/** Which backend trains, and why (the view's backend selection report). */
export const backendReportSchema = v.object({
    /** `tf.getBackend()` after initialisation: the backend that actually trains. */
    name: backendNameSchema,
    requested: backendPreferenceSchema,
    /** `UNMASKED_RENDERER_WEBGL` (or `RENDERER`) of the WebGL context tfjs uses; absent without WebGL. */
    webglRenderer: v.optional(v.string()),
    webglVersion: v.optional(v.number()),
    /** WebGL runs on the CPU (SwiftShader, llvmpipe): slow, often slower than wasm. */
    softwareRendered: v.boolean(),
    /** The requested backend when another one had to be used. */
    fellBackFrom: v.optional(backendNameSchema),
    /** Why this backend, in a sentence for the UI. */
    reason: v.string(),
    /** `auto` without a hardware GPU: samples/s each CPU backend reached on a few batches. */
    probe: v.optional(v.array(probeResultSchema))
});
export type BackendReport = v.InferOutput<typeof backendReportSchema>;

export const backendMessageSchema = v.object({ type: v.literal('backend'), runId, ...backendReportSchema.entries });

export const dataMessageSchema = v.object({
    type: v.literal('data'),
    runId,
    name: v.string(),
    description: v.string(),
    trainCount: v.number(),
    testCount: v.number(),
    sampleShape: v.array(v.number()),
    /** Time from request to a parsed data set, in the view. */
    loadMs: v.number()
});

/** The trainer's start event (the backend travels in its own `backend` message). */
export const startedMessageSchema = v.object({ type: v.literal('started'), runId, ...startEventSchema.entries });

/** Throttled batch progress (the view draws every batch; the host needs a few per second). */
export const progressMessageSchema = v.object({
    type: v.literal('progress'),
    runId,
    ...batchEndSchema.entries,
    epochs: v.number(),
    /** Seconds since training started. */
    elapsed: v.number(),
    /** Estimated seconds left, once one can be told. */
    eta: v.optional(v.number())
});

/** Keras-style logs of a finished epoch: `loss`, metrics, `val_*`, `seconds`. */
export const epochMessageSchema = v.object({ type: v.literal('epoch'), runId, epochs: v.number(), logs: epochLogsSchema });

const stopPoint = v.object({ epoch: v.number(), batch: v.number(), batchesPerEpoch: v.number() });

export const doneMessageSchema = v.object({
    type: v.literal('done'),
    runId,
    stopped: v.boolean(),
    epochsCompleted: v.number(),
    epochs: v.number(),
    seconds: v.number(),
    seed: v.number(),
    backend: backendNameSchema,
    webglRenderer: v.optional(v.string()),
    /** Last batch trained when a stop arrived mid-epoch: the saved weights include that part-epoch. */
    stoppedAt: v.optional(stopPoint),
    history: v.array(epochLogsSchema),
    test: v.optional(evaluationSchema),
    confusion: v.optional(confusionSchema),
    samples: v.optional(v.array(sampleSchema)),
    /** The test samples it got wrong with the most confidence, worst first (classifiers). */
    mistakes: v.optional(v.array(sampleSchema)),
    grid: v.optional(gridSchema),
    modelArtifacts: v.optional(savedModelSchema)
});

export const errorMessageSchema = v.object({
    type: v.literal('error'),
    runId: v.optional(runId),
    message: v.string(),
    /** What to try, when we know. */
    hint: v.optional(v.string()),
    /**
     * Where the problem is, for a diagnostic in the editor (a CSV line, a layer's line). The host
     * uses it only when it names a file the host itself gave the run.
     */
    file: v.optional(v.string()),
    line: v.optional(line),
    /** The finished epochs before the failure (a NaN loss stops a run part-way). */
    history: v.optional(v.array(epochLogsSchema))
});

export const webviewMessageSchema = v.variant('type', [
    readyMessageSchema,
    backendMessageSchema,
    dataMessageSchema,
    startedMessageSchema,
    progressMessageSchema,
    epochMessageSchema,
    doneMessageSchema,
    errorMessageSchema
]);

export type ReadyMessage = v.InferOutput<typeof readyMessageSchema>;
export type BackendMessage = v.InferOutput<typeof backendMessageSchema>;
export type DataMessage = v.InferOutput<typeof dataMessageSchema>;
export type StartedMessage = v.InferOutput<typeof startedMessageSchema>;
export type ProgressMessage = v.InferOutput<typeof progressMessageSchema>;
export type EpochMessage = v.InferOutput<typeof epochMessageSchema>;
export type DoneMessage = v.InferOutput<typeof doneMessageSchema>;
export type ErrorMessage = v.InferOutput<typeof errorMessageSchema>;
export type WebviewMessage = v.InferOutput<typeof webviewMessageSchema>;

export type TestMetrics = v.InferOutput<typeof evaluationSchema>;
export type ConfusionResult = v.InferOutput<typeof confusionSchema>;
export type SampleResult = v.InferOutput<typeof sampleSchema>;
export type GridResult = v.InferOutput<typeof gridSchema>;
export type ModelArtifactsPayload = v.InferOutput<typeof savedModelSchema>;
