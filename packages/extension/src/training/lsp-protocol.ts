/**
 * Custom requests of the nn language server, used by the training commands. The server is the
 * single source of truth: the extension host never parses .nn text itself. Each request has one
 * schema for its parameters (checked by the server) and one for its result (checked by the
 * client); the types are inferred from them.
 */
import { line, problemSchema, trainingDescriptionSchema } from '@nn-lang/language/schema';
import * as v from 'valibot';

export const documentRequestParamsSchema = v.object({
    textDocument: v.object({ uri: v.pipe(v.string(), v.minLength(1)) }),
    /** The editor's version of the document: the server answers for this version or a later one. */
    version: v.optional(v.pipe(v.number(), v.integer()))
});

/** An error diagnostic, 1-based line and column, as the refusal messages show it. */
export const problemInfoSchema = problemSchema;

export const trainBlockInfoSchema = v.object({
    model: v.string(),
    /** 1-based lines of the `train` block. */
    line,
    endLine: line,
    /** Absent when the block or its model has errors. */
    description: v.optional(trainingDescriptionSchema),
    /** Errors inside this block or its model. */
    errors: v.array(problemInfoSchema)
});

export const trainBlocksResultSchema = v.object({
    uri: v.string(),
    /** The document version the answer describes. */
    version: v.optional(v.number()),
    blocks: v.array(trainBlockInfoSchema),
    /** Every error in the document. */
    errors: v.array(problemInfoSchema)
});

export const summaryParamsSchema = v.object({
    ...documentRequestParamsSchema.entries,
    /** Only this model; all models when absent. */
    model: v.optional(v.string())
});

export const summaryResultSchema = v.object({
    uri: v.string(),
    version: v.optional(v.number()),
    /** The Keras-style tables, one per model; empty when the document has errors. */
    text: v.string(),
    models: v.array(v.string()),
    errors: v.array(problemInfoSchema)
});

export type DocumentRequestParams = v.InferOutput<typeof documentRequestParamsSchema>;
export type ProblemInfo = v.InferOutput<typeof problemInfoSchema>;
export type TrainBlockInfo = v.InferOutput<typeof trainBlockInfoSchema>;
export type TrainBlocksResult = v.InferOutput<typeof trainBlocksResultSchema>;
export type SummaryParams = v.InferOutput<typeof summaryParamsSchema>;
export type SummaryResult = v.InferOutput<typeof summaryResultSchema>;

/** A custom request: its method name and the schemas of both directions. */
export interface RequestType<P, R> {
    method: string;
    params: v.GenericSchema<unknown, P>;
    result: v.GenericSchema<unknown, R>;
}

export const TRAIN_BLOCKS: RequestType<DocumentRequestParams, TrainBlocksResult> = {
    method: 'nn/trainBlocks',
    params: documentRequestParamsSchema,
    result: trainBlocksResultSchema
};

export const SUMMARY: RequestType<SummaryParams, SummaryResult> = {
    method: 'nn/summary',
    params: summaryParamsSchema,
    result: summaryResultSchema
};

export const TRAIN_BLOCKS_REQUEST = TRAIN_BLOCKS.method;
export const SUMMARY_REQUEST = SUMMARY.method;

/** A value that failed its schema, summarised for a log line (cut to a sane length). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
    const text = v.summarize(issues as [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]).replace(/\s*\n\s*/g, ' ');
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
