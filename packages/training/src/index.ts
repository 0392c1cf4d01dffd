export * from './data/index.js';
export * from './data/node/index.js';
export * from './train/index.js';
export * from './train/node/index.js';
