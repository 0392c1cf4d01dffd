/**
 * Custom requests of the nn language server, used by the training commands. The server is the
 * single source of truth: the extension host never parses .nn text itself.
 */
import type { TrainingDescription } from '@nn-lang/language';

export const TRAIN_BLOCKS_REQUEST = 'nn/trainBlocks';
export const SUMMARY_REQUEST = 'nn/summary';

export interface DocumentRequestParams {
    textDocument: { uri: string };
    /** The editor's version of the document: the server answers for this version or a later one. */
    version?: number;
}

/** An error diagnostic, 1-based line and column, as the refusal messages show it. */
export interface ProblemInfo {
    line: number;
    column: number;
    message: string;
    code?: string;
}

export interface TrainBlockInfo {
    model: string;
    /** 1-based lines of the `train` block. */
    line: number;
    endLine: number;
    /** Absent when the block or its model has errors. */
    description?: TrainingDescription;
    /** Errors inside this block or its model. */
    errors: ProblemInfo[];
}

export interface TrainBlocksResult {
    uri: string;
    /** The document version the answer describes. */
    version?: number;
    blocks: TrainBlockInfo[];
    /** Every error in the document. */
    errors: ProblemInfo[];
}

export interface SummaryParams extends DocumentRequestParams {
    /** Only this model; all models when absent. */
    model?: string;
}

export interface SummaryResult {
    uri: string;
    version?: number;
    /** The Keras-style tables, one per model; empty when the document has errors. */
    text: string;
    models: string[];
    errors: ProblemInfo[];
}
