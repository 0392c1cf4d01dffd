/** Node-only parts of the trainer: backend selection, kernel threads and run artifacts on disk. */
import { configureKernelThreads } from './kernel-threads.js';

// Kernel threads default to the machine's cores (or NN_THREADS) for every Node user of the trainer.
configureKernelThreads();

export { configureKernelThreads } from './kernel-threads.js';
export { selectBackend, registerWasm, wasmDirectory, wasmBlockers, type BackendChoice, type BackendSelection } from './backend.js';
export { writeRunArtifacts, nodeRunMetrics, saveModelFiles, loadModelFiles, fileLoadHandler, type BackendRequest } from './artifacts.js';
export * from '../../runs/index.js';
