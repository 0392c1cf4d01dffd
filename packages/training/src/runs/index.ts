// Run folders on disk (Node only, no tfjs): the one writer the CLI and the VS Code extension share.
export {
    RUNS_FOLDER,
    MODEL_FILE,
    WEIGHTS_FILE,
    METRICS_FILE,
    RunFolderError,
    runFolderName,
    outputRoot,
    checkOutputFolder,
    modelJson,
    writeRunFolder,
    type RunFiles,
    type WrittenRun
} from './folder.js';
export { runMetrics, stopNote, type RunMetrics, type RunRecord, type RunSettings, type RunBackend, type RunDataset, type StopPoint } from './metrics.js';
export { readRunFolder, readRunsRoot, runOutcome, type RunEntry } from './read.js';
