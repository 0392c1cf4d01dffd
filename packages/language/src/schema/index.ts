// Schemas of the values that cross a process boundary (valibot: small, tree-shaken into the webview).
export { trainingDescriptionSchema, modelDescriptionSchema, layerDescriptionSchema, dataSpecSchema, optimizerSpecSchema } from './description.js';
export { problemSchema } from './problem.js';
export { measured, count, line } from './numbers.js';
export type { SameType, Proven } from './same-type.js';
export { modelGraphSchema } from './graph.js';
