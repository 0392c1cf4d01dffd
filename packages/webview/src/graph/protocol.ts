/**
 * Messages between the graph view and the extension host, one valibot schema each, checked on
 * arrival on both sides (like the training view's, ../protocol/).
 */
import { modelGraphSchema } from '@nn-lang/language/schema';
import * as v from 'valibot';
import { reader } from '../protocol/read.js';

export const GRAPH_VIEW_TYPE = 'nn.graph';

const line = v.pipe(v.number(), v.integer(), v.minValue(1));

/** The models of the document the view follows, as the language server analysed them. */
export const graphMessageSchema = v.object({
    type: v.literal('graph'),
    uri: v.string(),
    fileName: v.string(),
    version: v.optional(v.number()),
    models: v.array(modelGraphSchema)
});

/** The editor's cursor moved: the node on this line is highlighted. */
export const cursorMessageSchema = v.object({ type: v.literal('cursor'), uri: v.string(), line });

export const graphHostMessageSchema = v.variant('type', [graphMessageSchema, cursorMessageSchema]);

export const graphViewMessageSchema = v.variant('type', [
    v.object({ type: v.literal('ready') }),
    /** A node was clicked: put the cursor on its line. */
    v.object({ type: v.literal('reveal'), uri: v.string(), line }),
    /** Save the picture: SVG text, or a PNG as base64. */
    v.object({ type: v.literal('export'), format: v.picklist(['svg', 'png']), model: v.string(), data: v.pipe(v.string(), v.maxLength(64 * 1024 * 1024)) })
]);

export type GraphMessage = v.InferOutput<typeof graphMessageSchema>;
export type GraphHostMessage = v.InferOutput<typeof graphHostMessageSchema>;
export type GraphViewMessage = v.InferOutput<typeof graphViewMessageSchema>;

export const readGraphHostMessage = reader(graphHostMessageSchema);
export const readGraphViewMessage = reader(graphViewMessageSchema);
