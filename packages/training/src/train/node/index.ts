/** Node-only parts of the trainer: backend selection and run artifacts on disk. */
export { selectBackend, registerWasm, wasmDirectory, wasmBlockers, WASM_TRAINING_KERNELS, type BackendChoice, type BackendSelection } from './backend.js';
export { writeRunArtifacts, nodeRunMetrics, saveModelFiles, loadModelFiles, fileLoadHandler, type BackendRequest } from './artifacts.js';
export * from '../../runs/index.js';
