#!/usr/bin/env node
// UI end-to-end test: what a user sees. The packaged out/nn-lang.vsix is installed into a
// code-server started WITHOUT the smoke-test driver (notification toasts show, as for a user),
// and chromium, driven by playwright-core, clicks and types through the workbench: Quick Open a
// .nn file, inline hints, a squiggle, "NN: Train Model" from the command palette, the training
// panel with its charts on the webgl backend. A screenshot of every step goes to test-results/ui/;
// --update-docs also copies the best ones to docs/screenshots/ (editor.png, training.png, graph.png,
// runs.png). Then the graph view (a click on a node moves the cursor, an edit redraws it) and the
// NN Runs view (the run just made, opened).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { installVsix, startCodeServer } from '../harness/codeServer.mjs';
import { REPO_ROOT, createProfile, prepareWorkspace } from '../harness/profile.mjs';
import { step, steps } from './steps.mjs';
import { WORKBENCH_SETTINGS, cursorLine, editorText, goToLine, hoverOver, openFile, poll, runCommand, trainingEpoch, trainingFrame, waitForStatusLanguage, webviewFrame } from './workbench.mjs';

const USAGE = `usage: node test/e2e/ui/run-ui-tests.mjs [--vsix FILE] [--update-docs] [--keep] [--headed-timeout-scale N]
  --vsix FILE      the extension to install (default out/nn-lang.vsix; NN_E2E_VSIX)
  --update-docs    copy the editor and training screenshots to docs/screenshots/ (NN_UPDATE_SCREENSHOTS=1);
                   without it they are only written there when missing
  --keep           keep the temp profile and workspace (NN_E2E_KEEP=1)
  --timeout MS     the whole run (default 420000; NN_UI_TIMEOUT_MS)
Screenshots: test-results/ui/ (NN_UI_RESULTS). Exit code 0 = every step passed, 1 = a step failed
(its screenshot is failure.png), 124 = timed out, 130/143 = interrupted.`;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const VIEWPORT = { width: 1400, height: 900 };

function options() {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                vsix: { type: 'string' },
                'update-docs': { type: 'boolean' },
                keep: { type: 'boolean' },
                timeout: { type: 'string' },
                help: { type: 'boolean' },
            },
        }));
    } catch (error) {
        console.error(`${error.message}\n\n${USAGE}`);
        process.exit(2);
    }
    if (values.help) {
        console.log(USAGE);
        process.exit(0);
    }
    const env = process.env;
    const opts = {
        vsix: path.resolve(values.vsix ?? env.NN_E2E_VSIX ?? path.join(REPO_ROOT, 'out', 'nn-lang.vsix')),
        // The same switch as the webview's browser test (NN_UPDATE_SCREENSHOTS=1).
        updateDocs: values['update-docs'] ?? env.NN_UPDATE_SCREENSHOTS === '1',
        keep: values.keep ?? env.NN_E2E_KEEP === '1',
        timeoutMs: Number(values.timeout ?? env.NN_UI_TIMEOUT_MS ?? 420_000),
        results: path.resolve(env.NN_UI_RESULTS ?? path.join(REPO_ROOT, 'test-results', 'ui')),
    };
    if (!fs.existsSync(opts.vsix)) {
        console.error(`${opts.vsix} does not exist: run 'npm run package' first\n\n${USAGE}`);
        process.exit(2);
    }
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
        console.error(`--timeout must be a positive number of milliseconds\n\n${USAGE}`);
        process.exit(2);
    }
    return opts;
}

const log = (message) => console.log(`[ui] ${message}`);

async function main() {
    const opts = options();
    const started = Date.now();
    fs.rmSync(opts.results, { recursive: true, force: true });
    fs.mkdirSync(opts.results, { recursive: true });
    const profile = createProfile({ settings: WORKBENCH_SETTINGS });
    const session = { server: undefined, browser: undefined, page: undefined, console: [] };

    const cleanup = async () => {
        await session.browser?.close().catch(() => {});
        await session.server?.stop();
        if (opts.keep) log(`kept the profile at ${profile.dir}`);
        else fs.rmSync(profile.dir, { recursive: true, force: true });
    };
    const interrupted = new Promise((resolve) => {
        for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
            process.once(signal, () => resolve({ code, message: `interrupted by ${signal}` }));
        }
    });
    let timer;
    const deadline = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ code: 124, message: `TIMED OUT after ${opts.timeoutMs} ms` }), opts.timeoutMs);
    });
    const run = runSteps(opts, profile, session).then(
        () => ({ code: 0 }),
        (error) => ({ code: 1, message: error.stack ?? String(error) }),
    );
    const outcome = await Promise.race([run, deadline, interrupted]);
    clearTimeout(timer);

    if (outcome.code !== 0 && outcome.code < 128) await saveFailure(opts, session).catch((error) => log(`could not save failure artifacts: ${error.message}`));
    await cleanup();
    for (const s of steps) log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${(s.ms / 1000).toFixed(1)}s)${s.screenshot ? ` -> ${path.relative(REPO_ROOT, s.screenshot)}` : ''}`);
    if (outcome.code === 0) {
        log(`all ${steps.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        updateDocs(opts);
    } else {
        console.error(`[ui] FAILED: ${outcome.message}`);
    }
    return outcome.code;
}

async function runSteps(opts, profile, session) {
    // Only the examples, as a user opens them: the broken file is made by typing (step 5).
    const workspace = prepareWorkspace(path.join(REPO_ROOT, 'examples'), path.join(profile.dir, 'workspace'), { fixtures: false });
    const { installed } = await installVsix(profile, opts.vsix);
    log(`installed ${path.relative(REPO_ROOT, opts.vsix)} -> ${installed.join(', ')}`);
    // No smoke-test driver: the workbench behaves as it does for a user (toasts included).
    session.server = await startCodeServer({ profile });
    log(`code-server ${session.server.url} (pid ${session.server.pid})`);
    session.browser = await chromium.launch({
        executablePath: process.env.NN_E2E_CHROMIUM ?? '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
        headless: true,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        env: { ...process.env, XDG_CONFIG_HOME: profile.xdgConfig, XDG_CACHE_HOME: profile.xdgCache },
    });
    const page = (session.page = await session.browser.newPage({ viewport: VIEWPORT }));
    page.on('console', (message) => {
        if (message.type() === 'error') session.console.push(message.text());
    });
    page.on('pageerror', (error) => session.console.push(`page error: ${error.message}`));
    const shot = (name) => path.join(opts.results, `${name}.png`);
    let runsBefore = [];

    await step('open the examples folder', shot('01-workbench'), page, async () => {
        await page.goto(`${session.server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // The explorer lists the workspace once the folder is resolved.
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mnist-mlp.nn' }).waitFor({ timeout: 60_000 });
    });

    await step('Quick Open mnist-mlp.nn: the status bar shows the language nn', shot('02-quick-open'), page, async () => {
        await openFile(page, 'mnist-mlp.nn');
        await waitForStatusLanguage(page, 'nn');
    });

    await step('inline hints: shapes and parameter counts after each layer, totals on the model line', shot('03-editor-hints'), page, async () => {
        const text = await editorText(page, (t) => t.includes('669,706 params') && t.includes('401,920 params'));
        for (const expected of ['[512] · 401,920 params', '[512] · 262,656 params', '[10] · 5,130 params', '669,706 params (669,706 trainable)']) {
            if (!text.includes(expected)) throw new Error(`the editor does not show '${expected}':\n${text}`);
        }
        // The hints must not be typed text: the file on disk has none of them.
        if (fs.readFileSync(path.join(workspace, 'mnist-mlp.nn'), 'utf8').includes('params')) throw new Error('mnist-mlp.nn itself contains "params"');
    });

    await step('hover on the last Dense: the parameter formula', shot('04-hover'), page, async () => {
        const hover = await hoverOver(page, 'Dense(10', (t) => t.includes('weights') && t.includes('biases'));
        if (!hover.includes('512×10 weights + 10 biases = 5,130')) throw new Error(`hover text: ${hover}`);
        if (await page.locator('.monaco-editor .squiggly-error').count()) throw new Error('the seed MLP shows an error squiggle');
    });

    await step('typing input [784] above a Conv2D: a red squiggle with the shape-mismatch message', shot('05-squiggle'), page, async () => {
        await page.keyboard.press('Escape');
        await openFile(page, 'mnist-cnn.nn');
        await waitForStatusLanguage(page, 'nn');
        await editorText(page, (t) => t.includes('1,199,882 params'));
        if (await page.locator('.monaco-editor .squiggly-error').count()) throw new Error('mnist-cnn.nn shows an error squiggle before the edit');
        // Line 3 is `input [28, 28, 1]`: replace the shape as a user would, keystroke by keystroke.
        await goToLine(page, 3);
        await page.keyboard.press('End');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.type('input [784]', { delay: 20 });
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
        const hover = await hoverOver(page, 'Conv2D(32', (t) => t.includes('Conv2D needs'));
        if (!hover.includes('[784]') || !hover.includes('shape-mismatch')) throw new Error(`hover text: ${hover}`);
    });

    await step('"NN: Train Model" from the command palette on xor.nn', shot('06-command-palette'), page, async () => {
        // Back to the file as it is on disk, and room for the panel.
        await page.keyboard.press('Escape');
        await runCommand(page, 'File: Revert File');
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
        await runCommand(page, 'View: Close Primary Side Bar');
        await openFile(page, 'xor.nn');
        await waitForStatusLanguage(page, 'nn');
        await editorText(page, (t) => t.includes('105 params'));
        runsBefore = xorRuns(path.join(workspace, '.nn-runs'));
        await runCommand(page, 'NN: Train Model', { screenshotBeforeEnter: shot('06-command-palette') });
    }, { screenshotTaken: true });

    let frame;
    await step('the training panel opens: auto measured the backends and says which runs, charts drawing', shot('07-training-running'), page, async () => {
        frame = await trainingFrame(page, 60_000);
        const badge = frame.locator('.backend-badge');
        await badge.waitFor({ timeout: 60_000 });
        const label = (await badge.textContent())?.trim();
        // No GPU here: WebGL is SwiftShader, so auto probes wasm and cpu.
        if (!/^backend: (wasm|cpu)$/.test(label ?? '')) throw new Error(`the panel shows '${label}', expected auto's choice of wasm or cpu`);
        const why = (await frame.locator('.backend-why').textContent())?.trim() ?? '';
        if (!/^auto: fastest of wasm .* samples\/s$/.test(why)) throw new Error(`the panel explains the backend as '${why}'`);
        await frame.locator('.charts canvas').first().waitFor({ timeout: 30_000 });
        // Some epochs in, so the charts have a curve to show.
        await trainingEpoch(frame, (epoch) => epoch >= 10, 120_000);
    });

    await step('training finishes: results in the panel, files written to .nn-runs/', shot('08-training-done'), page, async () => {
        await frame.locator('.status-done').waitFor({ timeout: 240_000 });
        const charts = await frame.locator('.charts canvas').count();
        if (charts < 2) throw new Error(`expected a loss and an accuracy chart, found ${charts} canvas(es)`);
        const runs = path.join(workspace, '.nn-runs');
        // The host writes the folder once the view's `done` message reaches it: after the view shows it.
        const folder = await poll(`a new Xor run folder in ${runs}`, async () => {
            const found = xorRuns(runs).find((n) => !runsBefore.includes(n));
            return { ok: found !== undefined, value: found, detail: xorRuns(runs).join(', ') };
        }, 30_000);
        const files = fs.readdirSync(path.join(runs, folder)).sort();
        if (files.join() !== 'metrics.json,model.json,weights.bin') throw new Error(`${folder} holds ${files.join(', ')}`);
        // The "finished" toast is part of what the user sees; wait for it so the screenshot has it.
        await page.locator('.notification-toast', { hasText: 'Training Xor finished' }).waitFor({ timeout: 30_000 });
    });

    await step('the results, once the toast is dismissed', shot('09-training-results'), page, async () => {
        await runCommand(page, 'Notifications: Clear All Notifications');
        await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 });
    });

    let graph;
    await step('"NN: Show Model Graph" on tiny-residual.nn: the layers and the skip connection', shot('10-graph'), page, async () => {
        await runCommand(page, 'View: Close All Editors');
        await openFile(page, 'tiny-residual.nn');
        await waitForStatusLanguage(page, 'nn');
        await editorText(page, (t) => t.includes('4,970 params'));
        await runCommand(page, 'NN: Show Model Graph');
        graph = await webviewFrame(page, 'svg .node', 'the graph view (a webview frame with svg .node)');
        await poll('8 nodes and one skip edge', async () => {
            const nodes = await graph.locator('svg .node').count();
            const skips = await graph.locator('svg path.edge.skip').count();
            return { ok: nodes === 8 && skips === 1, detail: `${nodes} nodes, ${skips} skip edges` };
        }, 30_000);
    });

    await step('click the Add node: the cursor goes to its line', shot('11-graph-click'), page, async () => {
        await graph.locator('svg .node[data-id="layer-3"]').click();
        await cursorLine(page, (line) => line === 7);
        // And the node under the cursor is highlighted.
        await graph.locator('svg .node.selected[data-id="layer-3"]').waitFor({ timeout: 15_000 });
    });

    await step('type a layer into the model: the graph redraws with it', shot('12-graph-edit'), page, async () => {
        await goToLine(page, 10);
        await page.keyboard.press('End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Dense(32, activation=relu)', { delay: 15 });
        await poll('a ninth node', async () => {
            const nodes = await graph.locator('svg .node').count();
            return { ok: nodes === 9, detail: `${nodes} nodes` };
        }, 30_000);
        await runCommand(page, 'File: Revert File');
    });

    await step('the NN Runs view lists the Xor run; opening it shows its curves', shot('13-runs'), page, async () => {
        await runCommand(page, 'View: Close All Editors');
        await runCommand(page, 'Explorer: Focus on NN Runs View');
        const row = page.locator('.monaco-list-row', { hasText: /epochs · test accuracy/ }).first();
        await row.waitFor({ timeout: 30_000 });
        await row.click();
        const runs = await webviewFrame(page, '.chart canvas', 'the run view (a webview frame with .chart)');
        const title = (await runs.locator('h1').textContent())?.trim() ?? '';
        if (!/^Run Xor-\d{8}-\d{6}/.test(title)) throw new Error(`the run view is titled '${title}'`);
    });
}

function xorRuns(dir) {
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^Xor-\d{8}-\d{6}(-\d+)?$/.test(n)) : [];
}

async function saveFailure(opts, session) {
    const { page, server } = session;
    if (page && !page.isClosed()) await page.screenshot({ path: path.join(opts.results, 'failure.png'), timeout: 10_000 }).catch(() => {});
    if (server) fs.writeFileSync(path.join(opts.results, 'code-server.log'), server.output.join('\n'));
    fs.writeFileSync(path.join(opts.results, 'browser-console.log'), session.console.join('\n'));
    log(`failure artifacts in ${path.relative(REPO_ROOT, opts.results)}/ (failure.png, code-server.log, browser-console.log)`);
}

/**
 * The README shows these two. Tracked files: a plain run (npm test) only writes one that is
 * missing, so tests do not dirty the tree; --update-docs refreshes them.
 */
function updateDocs(opts) {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    for (const [from, to] of [['04-hover', 'editor'], ['09-training-results', 'training'], ['11-graph-click', 'graph'], ['13-runs', 'runs']]) {
        const target = path.join(docs, `${to}.png`);
        if (!opts.updateDocs && fs.existsSync(target)) continue;
        fs.copyFileSync(path.join(opts.results, `${from}.png`), target);
        log(`docs/screenshots/${to}.png <- ${from}.png`);
    }
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(`[ui] FAILED: ${error.stack ?? error}`);
        process.exit(1);
    },
);
