// In-process use of the CLI's commands (tests, other tools). The executable is main.ts.
export { runCheck, reportOf, CHECK_USAGE, type CheckReport, type ModelReport, type LayerReport } from './check.js';
export { runSummary, formatSummary, batchShape, snakeCase, SUMMARY_USAGE } from './summary.js';
export { runTrain, TRAIN_USAGE } from './train.js';
export { checkFiles, nnServices, formatDiagnostic, type CheckedFile, type CliDiagnostic, type SeverityName } from './documents.js';
export { parseArgs, type OptionSpec, type ParsedArgs } from './args.js';
export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, processIo, type Io } from './io.js';
