// The catalogue alone (`@nn-lang/language/catalogue`): the facts about layers, values, data sets,
// losses and metrics, without the parser or the language server, for the trainer and the webview.
export type * from '../description.js';
export * from './types.js';
export * from './layers.js';
export * from './data.js';
export * from './training.js';
export * from './vocabulary.js';
export * from './value-sets.js';
export * from './memory.js';
export * from './format.js';
