/** Node-only parts of the trainer: backend selection and run artifacts on disk. */
export { selectBackend, registerWasm, wasmDirectory, wasmBlockers, type BackendChoice, type BackendSelection } from './backend.js';
export {
    writeRunArtifacts,
    saveModelFiles,
    loadModelFiles,
    fileLoadHandler,
    writeFileAtomic,
    createRunDirectory,
    runMetrics,
    RUNS_FOLDER,
    MODEL_FILE,
    WEIGHTS_FILE,
    METRICS_FILE,
    type RunMetrics,
    type BackendRequest
} from './artifacts.js';
