// The training view's protocol: schemas, the types inferred from them, and the readers both sides use on arrival.
export * from './messages.js';
export * from './read.js';
export { startEventSchema, batchEndSchema, epochLogsSchema, evaluationSchema, confusionSchema, sampleSchema, gridSchema, savedModelSchema } from './results.js';
