#!/usr/bin/env node
// Runs the extension-host test suite (out/test/suite.cjs) inside a real VS Code workbench:
// code-server serves it, Debian's chromium (driven by playwright-core) is the window.
// The workbench's smoke-test driver calls window.codeAutomationExit(code) when the suite's
// run() settles; that code becomes this process's exit code. See test/e2e/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { installVsix, remoteUri, startCodeServer } from './codeServer.mjs';
import { COMMON_ENV_USAGE, COMMON_USAGE, parseRunOptions, shown } from './options.mjs';
import { REPO_ROOT, createProfile, prepareWorkspace, writeTestHostExtension } from './profile.mjs';

// Prefix of every extension-host console line; set by test/e2e/suite/output.ts (keep in sync).
const SUITE_OUTPUT_MARKER = '[nn-e2e] ';

const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
];

const USAGE = `usage: node test/e2e/harness/run-extension-tests.mjs [options]
Runs the extension-host suite in code-server (a real VS Code 1.139 workbench) driven by chromium.
${COMMON_USAGE}
  --verbose         also print code-server's output and every workbench log line
${COMMON_ENV_USAGE} NN_E2E_VERBOSE=1.
Exit code: the suite's (0 = all passed); 2 = bad usage; 124 = timed out; 1 = anything else
went wrong (the message says what). Failure artifacts go to test-results/e2e/ (NN_E2E_ARTIFACTS).`;

const log = (message) => console.log(`[e2e] ${message}`);

/** One codeAutomationLog call as text: its args are a console-style format string and values. */
function formatLogArgs(args) {
    return format(...(Array.isArray(args) ? args : [args]));
}

async function main() {
    const opts = parseRunOptions(USAGE, { verbose: 'NN_E2E_VERBOSE' });
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
    const profile = createProfile();
    // What the session has started so far: everything in here is stopped on every way out.
    const run = { server: undefined, browser: undefined, page: undefined, log: [], errors: [] };

    const cleanup = async () => {
        await run.browser?.close().catch(() => {});
        await run.server?.stop();
        if (!opts.keep) fs.rmSync(profile.dir, { recursive: true, force: true });
        else log(`kept the profile at ${profile.dir}`);
    };
    // Ctrl-C or a CI cancel ends the run through the same cleanup as every other outcome.
    const interrupted = new Promise((resolve) => {
        for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
            process.once(signal, () => resolve({ kind: 'interrupted', exitCode, message: `interrupted by ${signal}` }));
        }
    });

    let timer;
    const deadline = new Promise((resolve) => {
        timer = setTimeout(() => resolve({
            kind: 'failure',
            exitCode: 124,
            message: `TIMED OUT after ${opts.timeoutMs} ms (start-up included) without the suite reporting an exit code`,
        }), opts.timeoutMs);
    });
    const session = runSession(opts, profile, run, elapsed).catch((error) => ({
        kind: 'failure',
        exitCode: 1,
        message: error.stack ?? String(error),
    }));
    const outcome = await Promise.race([session, deadline, interrupted]);
    clearTimeout(timer);

    const exitCode = outcome.exitCode;
    if (outcome.kind === 'exit') log(`suite finished with exit code ${exitCode} after ${elapsed()}`);
    if (outcome.kind === 'interrupted') log(`${outcome.message}: stopping code-server and chromium`);
    if (exitCode !== 0 && outcome.kind !== 'interrupted' && run.server) {
        await saveFailureArtifacts(run, profile).catch((error) => log(`could not save failure artifacts: ${error.message}`));
    }
    await cleanup();
    if (exitCode !== 0 && run.errors.length) {
        console.error(`[e2e] errors the workbench logged during the run:\n${run.errors.map((e) => `  - ${e}`).join('\n')}`);
    } else if (run.errors.length) {
        log(`${run.errors.length} workbench error(s) logged (shown with --verbose or on failure)`);
    }
    if (outcome.kind !== 'exit') console.error(`[e2e] FAILED: ${outcome.message}`);
    return exitCode;
}

/** Starts everything and resolves with how the suite ended; `run` records what to clean up. */
async function runSession(opts, profile, run, elapsed) {
    const workspace = prepareWorkspace(opts.workspace, path.join(profile.dir, 'workspace'));
    let developmentPath = opts.extension;
    if (opts.mode === 'vsix') {
        const { installed } = await installVsix(profile, opts.vsix);
        log(`installed ${shown(opts.vsix)} -> ${installed.join(', ')} (${elapsed()})`);
        developmentPath = writeTestHostExtension(path.join(profile.dir, 'test-host'));
    }

    run.server = await startCodeServer({
        profile,
        smokeTestDriver: true,
        // Inherited by the extension host, so the suite knows what it is testing.
        env: {
            NN_E2E_LAUNCHER: 'code-server',
            NN_E2E_MODE: opts.mode,
            NN_E2E_EXTENSIONS_DIR: profile.extensionsDir,
            NN_E2E_WORKSPACE: workspace,
            // Where VS Code keeps its logs (the training tests follow the extension's output log).
            NN_E2E_USER_DATA_DIR: profile.userDataDir,
        },
        log: opts.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
    });
    const server = run.server;
    log(`code-server ${server.url} healthy in ${(server.startMs / 1000).toFixed(1)}s (pid ${server.pid}, mode ${opts.mode})`);

    run.browser = await chromium.launch({
        executablePath: process.env.NN_E2E_CHROMIUM ?? '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
        headless: true,
        // Playwright's own handlers would exit the process before code-server is stopped and
        // the profile removed; ours do both.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        // Chromium's crash database and caches go to the throwaway profile, not $HOME.
        env: { ...process.env, XDG_CONFIG_HOME: profile.xdgConfig, XDG_CACHE_HOME: profile.xdgCache },
    });
    const page = (run.page = await run.browser.newPage());

    let reportExit;
    const suiteExit = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => {
        const exitCode = Number(code);
        reportExit({ kind: 'exit', exitCode: Number.isInteger(exitCode) ? exitCode : 1 });
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = formatLogArgs(args);
        run.log.push(`[${type}] ${text}`);
        if (text.startsWith(SUITE_OUTPUT_MARKER)) {
            console.log(text.slice(SUITE_OUTPUT_MARKER.length));
        } else if (opts.verbose) {
            console.log(`[workbench ${type}] ${text}`);
        } else if (type === 'error') {
            // Often offline noise (e.g. no GitHub auth provider); shown only when the run fails.
            run.errors.push(text);
        }
    });
    page.on('pageerror', (error) => console.log(`[workbench page error] ${error.message}`));
    const broken = new Promise((resolve) => {
        const fail = (message) => resolve({ kind: 'failure', exitCode: 1, message });
        page.on('crash', () => fail('the workbench page crashed'));
        run.browser.on('disconnected', () => fail('chromium disconnected'));
        server.exited.then(([code, signal]) => fail(`code-server exited (${code ?? signal}) before the suite finished`));
    });

    const payload = [
        ['extensionDevelopmentPath', remoteUri(server, developmentPath)],
        ['extensionTestsPath', remoteUri(server, opts.tests)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench on ${workspace}; suite ${shown(opts.tests)}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.timeoutMs });
    return Promise.race([suiteExit, broken]);
}

/** A screenshot plus code-server's, the workbench's and VS Code's logs, under test-results/ (git-ignored). */
async function saveFailureArtifacts({ page, server, log: workbenchLog }, profile) {
    const base = process.env.NN_E2E_ARTIFACTS ?? path.join(REPO_ROOT, 'test-results', 'e2e');
    const dir = path.join(base, new Date().toISOString().replace(/[:.]/g, '-'));
    fs.mkdirSync(dir, { recursive: true });
    if (page && !page.isClosed()) {
        await page.screenshot({ path: path.join(dir, 'workbench.png'), timeout: 10_000 }).catch(() => {});
    }
    fs.writeFileSync(path.join(dir, 'code-server.log'), server.output.join('\n'));
    fs.writeFileSync(path.join(dir, 'workbench.log'), workbenchLog.join('\n'));
    const logs = path.join(profile.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'vscode-logs'), { recursive: true });
    log(`failure artifacts (screenshot, code-server and VS Code logs): ${shown(dir)}`);
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(`[e2e] FAILED: ${error.stack ?? error}`);
        process.exit(1);
    },
);
