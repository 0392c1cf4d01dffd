/** The kernels' engine for tools that measure it directly (bench/kernels.ts); the trainer itself installs them through `installTrainingKernels`. */
export { Engine } from './engine.js';
export { pooledEngine, setKernelThreads } from './runtime.js';
