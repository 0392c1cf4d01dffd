/** The graph view's custom request: every model of a document as a graph, from the server's analysis. */
import { modelGraphSchema } from '@nn-lang/language/schema';
import * as v from 'valibot';
import { documentRequestParamsSchema, type DocumentRequestParams, type RequestType } from '../training/lsp-protocol.js';

export const modelGraphsResultSchema = v.object({
    uri: v.string(),
    /** The document version the answer describes. */
    version: v.optional(v.number()),
    models: v.array(modelGraphSchema)
});

export type ModelGraphsResult = v.InferOutput<typeof modelGraphsResultSchema>;

export const MODEL_GRAPHS: RequestType<DocumentRequestParams, ModelGraphsResult> = {
    method: 'nn/modelGraphs',
    params: documentRequestParamsSchema,
    result: modelGraphsResultSchema
};
