// In-process use of the CLI's commands (tests, other tools). The executable is main.ts.
export { runCheck, reportOf, CHECK_USAGE, type CheckReport, type ModelReport, type LayerReport } from './check.js';
export { runSummary, SUMMARY_USAGE } from './summary.js';
// The table itself belongs to the language package; re-exported for existing callers.
export { formatSummary, batchShape, snakeCase } from '@nn-lang/language';
export { runTrain, TRAIN_USAGE } from './train.js';
export { checkFiles, nnServices, formatDiagnostic, type CheckedFile, type CliDiagnostic, type SeverityName } from './documents.js';
export { parseArgs, type OptionSpec, type ParsedArgs } from './args.js';
export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, processIo, type Io } from './io.js';
