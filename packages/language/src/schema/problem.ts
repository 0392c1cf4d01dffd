import * as v from 'valibot';
import type { Problem } from '../report/problems.js';
import { line } from './numbers.js';
import type { Proven, SameType } from './same-type.js';

/** A diagnostic as the CLI prints it and the server's custom requests return it (../report/problems.ts). */
export const problemSchema = v.object({
    severity: v.picklist(['error', 'warning', 'info', 'hint']),
    code: v.string(),
    message: v.string(),
    line,
    column: line
});

export type ProblemSchemaProof = Proven<SameType<v.InferOutput<typeof problemSchema>, Problem>>;
