export * from './data/index.js';
export * from './data/node/index.js';
