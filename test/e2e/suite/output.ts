// Under code-server the extension host's console reaches run-extension-tests.mjs mixed into
// the workbench's own log, with nothing to tell them apart. Suite output therefore carries a
// marker there (keep SUITE_OUTPUT_MARKER in run-extension-tests.mjs in sync); the launcher
// prints marked lines and keeps the rest for --verbose and the failure artifacts.
// (VS Code installs console.log & co. as getter-only properties, so they cannot be wrapped.)
// Desktop VS Code (run-electron.mjs) prints the extension host's output as is: no marker.
import { format } from 'node:util';

export const SUITE_OUTPUT_MARKER = '[nn-e2e] ';

const marker = process.env.NN_E2E_LAUNCHER === 'code-server' ? SUITE_OUTPUT_MARKER : '';

/** console.log for tests: always shown by the launchers. */
export function log(...args: unknown[]): void {
    console.log(marker + format(...args));
}
