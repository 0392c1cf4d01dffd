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
