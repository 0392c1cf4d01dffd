/**
 * `npm run fuzz` (full run) and `npm run fuzz -- --quick` (the bounded run `npm test` also makes):
 * builds the server bundle, fuzzes it over LSP, prints the figures and exits 1 if a property fails
 * (the latency budgets only in the full run).
 * `--seed N` replays a run; `NN_FUZZ_SEED` does too.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './lsp-session.js';
import { checkReport } from './properties.js';
import { DEFAULT_FUZZ_SEED, formatReport, FULL, QUICK, runFuzz } from './run.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seedArg = args.indexOf('--seed');
const seed = Number(seedArg >= 0 ? args[seedArg + 1] : process.env.NN_FUZZ_SEED ?? DEFAULT_FUZZ_SEED);
if (!Number.isInteger(seed)) {
    console.error('usage: npm run fuzz -- [--quick] [--seed N]');
    process.exit(2);
}
// A child process: scripts/build.mjs finds its files next to itself, which a bundled copy would not.
execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), '--only', 'server'], { cwd: repoRoot, stdio: 'ignore' });
const started = performance.now();
const report = await runFuzz({ seed, ...(quick ? QUICK : FULL), log: line => console.log(line) });
console.log(formatReport(report));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
const failures = checkReport(report, { latency: !quick });
for (const failure of failures) console.error(`FAIL: ${failure}`);
process.exit(failures.length ? 1 : 0);
