import * as v from 'valibot';
import type { ModelGraph } from '../report/graph.js';
import { count, line } from './numbers.js';
import { problemSchema } from './problem.js';
import type { Proven, SameType } from './same-type.js';

/** A model as the graph view draws it (../report/graph.ts): the language server's answer, the view's message. */
export const modelGraphSchema = v.object({
    model: v.string(),
    line,
    endLine: line,
    nodes: v.array(
        v.object({
            id: v.pipe(v.string(), v.minLength(1)),
            kind: v.string(),
            label: v.optional(v.string()),
            args: v.string(),
            line,
            endLine: line,
            output: v.optional(v.string()),
            params: v.optional(count),
            macs: v.optional(count),
            problems: v.array(problemSchema)
        })
    ),
    edges: v.array(v.object({ from: v.string(), to: v.string(), skip: v.boolean() })),
    params: v.optional(count),
    macs: v.optional(count)
});

export type ModelGraphSchemaProof = Proven<SameType<v.InferOutput<typeof modelGraphSchema>, ModelGraph>>;
