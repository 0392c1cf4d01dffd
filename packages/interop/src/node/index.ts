// Node-only part of the interop package: files, run folders, zip/HDF5 readers, running Python.
export { exportNnFile, exportRun, ExportError, EXPORT_TARGETS, scriptStem, scriptDataOptions, type ExportResult, type ExportTarget } from './export.js';
export { importFile, type FileImport, type ImportFileOptions } from './import-file.js';
export { locateRun, readTrainedRun, type RunFolder, type TrainedRun } from './run-folder.js';
export { findTorchPython, runPython, pythonCandidates, type PythonInfo } from './python.js';
export { latestRun } from './latest-run.js';
