// Command-line options and environment variables shared by both launchers.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './profile.mjs';

export const COMMON_USAGE = `  --mode vsix|dev   vsix (default): install the packaged .vsix and test that;
                    dev: load the extension from a source tree (extensionDevelopmentPath)
  --vsix FILE       the .vsix for --mode vsix (default out/nn-lang.vsix)
  --extension DIR   the extension tree for --mode dev (default: the repo root)
  --tests FILE      bundled suite exporting run() (default out/test/suite.cjs)
  --workspace DIR   folder to copy and open (default examples/)
  --timeout MS      overall limit, start-up included (default 300000)
  --keep            keep the temp profile (user data, logs, workspace copy)`;

export const COMMON_ENV_USAGE = `Each flag has an environment variable, flags win: NN_E2E_MODE, NN_E2E_VSIX, NN_E2E_EXTENSION_PATH,
NN_E2E_TESTS, NN_E2E_WORKSPACE, NN_E2E_TIMEOUT_MS, NN_E2E_KEEP=1,`;

/**
 * Parses argv (flags win over environment variables). `extra` declares launcher-specific
 * boolean flags as { name: envVarName }. Bad usage prints `usage` and exits with code 2.
 */
export function parseRunOptions(usage, extra = {}) {
    const fail = (message) => {
        console.error(`${message}\n\n${usage}`);
        process.exit(2);
    };
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                mode: { type: 'string' },
                vsix: { type: 'string' },
                extension: { type: 'string' },
                tests: { type: 'string' },
                workspace: { type: 'string' },
                timeout: { type: 'string' },
                keep: { type: 'boolean' },
                help: { type: 'boolean' },
                ...Object.fromEntries(Object.keys(extra).map((name) => [name, { type: 'boolean' }])),
            },
        }));
    } catch (error) {
        fail(error.message);
    }
    if (values.help) {
        console.log(usage);
        process.exit(0);
    }
    const env = process.env;
    const mode = values.mode ?? env.NN_E2E_MODE ?? 'vsix';
    if (mode !== 'vsix' && mode !== 'dev') fail(`--mode must be vsix or dev, not '${mode}'`);
    const timeoutMs = Number(values.timeout ?? env.NN_E2E_TIMEOUT_MS ?? 300_000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail('--timeout must be a positive number of milliseconds');
    const options = {
        mode,
        vsix: path.resolve(values.vsix ?? env.NN_E2E_VSIX ?? path.join(REPO_ROOT, 'out', 'nn-lang.vsix')),
        extension: path.resolve(values.extension ?? env.NN_E2E_EXTENSION_PATH ?? REPO_ROOT),
        tests: path.resolve(values.tests ?? env.NN_E2E_TESTS ?? path.join(REPO_ROOT, 'out', 'test', 'suite.cjs')),
        workspace: path.resolve(values.workspace ?? env.NN_E2E_WORKSPACE ?? path.join(REPO_ROOT, 'examples')),
        timeoutMs,
        keep: values.keep ?? env.NN_E2E_KEEP === '1',
    };
    for (const [name, envName] of Object.entries(extra)) options[name] = values[name] ?? env[envName] === '1';
    if (!fs.existsSync(options.tests)) fail(`${options.tests} does not exist: run 'node scripts/build-e2e.mjs'`);
    if (mode === 'vsix' && !fs.existsSync(options.vsix)) {
        fail(`${options.vsix} does not exist: run 'npm run package' (or use --mode dev)`);
    }
    if (mode === 'dev' && !fs.existsSync(path.join(options.extension, 'package.json'))) {
        fail(`${options.extension} has no package.json: --extension must be an extension's root`);
    }
    return options;
}

/** Repo-relative when inside the repo, absolute otherwise. */
export const shown = (file) => (file.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, file) : file);
