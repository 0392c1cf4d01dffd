/**
 * Messages between the extension host and the training webview. Both sides import this file, so
 * a change here breaks the build on both sides at once. Everything is plain data: VS Code (1.57+)
 * revives ArrayBuffers and typed arrays, everything else travels as JSON.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type { SavedModel, StartEvent } from '@nn-lang/training/train';

/** Bumped when a message changes shape: a restored webview of an older build is then ignored. */
export const PROTOCOL_VERSION = 1;

/** The `viewType` of training panels (also the `onWebviewPanel:` activation event). */
export const TRAINING_VIEW_TYPE = 'nn.training';

export type BackendPreference = 'webgl' | 'wasm' | 'cpu' | 'auto';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['webgl', 'wasm', 'cpu', 'auto'];

export type BackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * Where the webview gets its samples. Generated sets and the files shipped in `out/data/` need
 * nothing from the host; a user's CSV and Fashion-MNIST (a Debian package outside the extension)
 * are read by the host and posted.
 */
export type DataPayload =
    | { kind: 'builtin' }
    | { kind: 'csv-text'; file: string; text: string }
    | {
          kind: 'idx-gz';
          /** Folder the files came from, for messages. */
          dir: string;
          trainImages: ArrayBuffer;
          trainLabels: ArrayBuffer;
          testImages: ArrayBuffer;
          testLabels: ArrayBuffer;
      };

// ---------------------------------------------------------------- host → webview

export interface StartMessage {
    type: 'start';
    runId: string;
    description: TrainingDescription;
    data: DataPayload;
    backend: BackendPreference;
}

export interface StopMessage {
    type: 'stop';
    runId: string;
}

export type HostMessage = StartMessage | StopMessage;

// ---------------------------------------------------------------- webview → host

export interface ReadyMessage {
    type: 'ready';
    protocol: number;
    /** True when the page came back from `setState` (a reload): it shows an old run, nothing runs. */
    restored: boolean;
}

export interface BackendMessage {
    type: 'backend';
    runId: string;
    /** `tf.getBackend()` after initialisation: the backend that actually trains. */
    name: BackendName;
    requested: BackendPreference;
    /** `UNMASKED_RENDERER_WEBGL` (or `RENDERER`) of the WebGL context tfjs uses; absent without WebGL. */
    webglRenderer?: string;
    webglVersion?: number;
    /** WebGL runs on the CPU (SwiftShader, llvmpipe): slow, often slower than wasm. */
    softwareRendered: boolean;
    /** The requested backend when another one had to be used. */
    fellBackFrom?: BackendName;
    /** Why this backend, in a sentence for the UI. */
    reason: string;
}

export interface DataMessage {
    type: 'data';
    runId: string;
    name: string;
    description: string;
    trainCount: number;
    testCount: number;
    sampleShape: number[];
    /** Time from request to a parsed data set, in the webview. */
    loadMs: number;
}

/** The trainer's start event (the backend travels in its own `backend` message). */
export interface StartedMessage extends Omit<StartEvent, 'backend'> {
    type: 'started';
    runId: string;
}

/** Throttled batch progress (the webview draws every batch; the host needs a few per second). */
export interface ProgressMessage {
    type: 'progress';
    runId: string;
    epoch: number;
    batch: number;
    batchesPerEpoch: number;
    epochs: number;
    loss: number;
    metrics: Record<string, number>;
    samplesPerSec: number;
    /** Seconds since training started. */
    elapsed: number;
    /** Estimated seconds left, once one can be told. */
    eta?: number;
}

/** Keras-style logs of a finished epoch: `loss`, metrics, `val_*`, `seconds`. */
export interface EpochMessage {
    type: 'epoch';
    runId: string;
    epochs: number;
    logs: { epoch: number; loss: number; seconds: number; [metric: string]: number };
}

export interface TestMetrics {
    loss: number;
    accuracy?: number;
    [metric: string]: number | undefined;
}

export interface ConfusionResult {
    /** `matrix[true][predicted]`. */
    matrix: number[][];
    classNames: string[];
    total: number;
    correct: number;
}

export interface SampleResult {
    index: number;
    /** The sample's values (28×28 pixels for MNIST), for drawing. */
    input: number[];
    target: number[];
    output: number[];
    trueClass?: number;
    predictedClass?: number;
    confidence?: number;
    correct?: boolean;
}

export interface GridResult {
    nx: number;
    ny: number;
    x: [number, number];
    y: [number, number];
    units: number;
    classes: number[];
    confidence: number[];
    /** Test points drawn over the map: x, y, class. */
    points: [number, number, number][];
}

/** The trained model in tfjs's LayersModel format, as `tf.io.withSaveHandler` hands it over. */
export type ModelArtifactsPayload = SavedModel;

export interface DoneMessage {
    type: 'done';
    runId: string;
    stopped: boolean;
    epochsCompleted: number;
    epochs: number;
    seconds: number;
    seed: number;
    backend: BackendName;
    webglRenderer?: string;
    /** Last batch trained when a stop arrived mid-epoch: the saved weights include that part-epoch. */
    stoppedAt?: { epoch: number; batch: number; batchesPerEpoch: number };
    history: EpochMessage['logs'][];
    test?: TestMetrics;
    confusion?: ConfusionResult;
    samples?: SampleResult[];
    grid?: GridResult;
    modelArtifacts?: ModelArtifactsPayload;
}

export interface ErrorMessage {
    type: 'error';
    runId?: string;
    message: string;
    /** What to try, when we know. */
    hint?: string;
    /** Where the problem is, for a diagnostic in the editor (a CSV line, a layer's line). */
    file?: string;
    line?: number;
    /** The finished epochs before the failure (a NaN loss stops a run part-way). */
    history?: EpochMessage['logs'][];
}

export type WebviewMessage =
    | ReadyMessage
    | BackendMessage
    | DataMessage
    | StartedMessage
    | ProgressMessage
    | EpochMessage
    | DoneMessage
    | ErrorMessage;

// ---------------------------------------------------------------- guards

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Narrows what arrives on `window.onmessage` (the webview also sees VS Code's own messages). */
export function isHostMessage(v: unknown): v is HostMessage {
    if (!isObject(v) || typeof v.runId !== 'string') return false;
    if (v.type === 'stop') return true;
    return (
        v.type === 'start' &&
        isObject(v.description) &&
        isObject(v.data) &&
        typeof v.backend === 'string' &&
        (BACKEND_PREFERENCES as readonly string[]).includes(v.backend)
    );
}

const WEBVIEW_TYPES = new Set<WebviewMessage['type']>(['ready', 'backend', 'data', 'started', 'progress', 'epoch', 'done', 'error']);

export function isWebviewMessage(v: unknown): v is WebviewMessage {
    return isObject(v) && typeof v.type === 'string' && WEBVIEW_TYPES.has(v.type as WebviewMessage['type']);
}

export function isBackendPreference(v: unknown): v is BackendPreference {
    return typeof v === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(v);
}
