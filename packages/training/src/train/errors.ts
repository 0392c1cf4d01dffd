import type { EpochLogs } from './types.js';

/**
 * What went wrong, for callers that react differently (the webview highlights the layer of a
 * `build` error, suggests a smaller learning rate for `non-finite-loss`, ...).
 */
export type TrainingErrorCode =
    | 'build'
    | 'param-count'
    | 'bad-settings'
    | 'data-mismatch'
    | 'too-big'
    | 'non-finite-loss'
    /** tfjs failed while training (a kernel missing on this backend, out of memory, ...). */
    | 'runtime';

export class TrainingError extends Error {
    override readonly name = 'TrainingError';
    constructor(
        readonly code: TrainingErrorCode,
        message: string,
        readonly details: {
            /** Index of the layer statement at fault, when there is one. */
            layerIndex?: number;
            /** 1-based source line of that statement. */
            line?: number;
            epoch?: number;
            batch?: number;
            /** Epochs finished before the failure. */
            history?: EpochLogs[];
            estimateBytes?: number;
        } = {}
    ) {
        super(message);
    }
}

/** What engines say when a backend runs out of memory (WebAssembly's heap, an ArrayBuffer, WebGL). */
const OUT_OF_MEMORY = /memory access out of bounds|out of memory|array buffer allocation failed|could not allocate|cannot allocate|failed to allocate|invalid array length/i;

/**
 * A failure inside tfjs (not one of ours) as a TrainingError that says where and on which backend,
 * and, when the engine ran out of memory, what to do about it instead of a bare engine message.
 */
export function runtimeFailure(error: unknown, where: string, backend: string, details: TrainingError['details'] = {}): TrainingError {
    const message = error instanceof Error ? error.message : String(error);
    const advice = OUT_OF_MEMORY.test(message)
        ? ` — the ${backend} backend ran out of memory${backend === 'wasm' ? ' (WebAssembly can address at most 4 GB, less in practice)' : ''}; use a smaller batch_size or model${backend === 'cpu' ? '' : ', or the cpu backend'}`
        : '';
    return new TrainingError('runtime', `${where} on the ${backend} backend: ${message}${advice}`, details);
}
