// Manual check of the training panel in a real VS Code workbench (code-server, offline):
// loads this repository as a development extension, opens an example, runs `NN: Train Model`,
// waits for the training view to finish and saves a screenshot. Needs `npm run build` and
// scripts/setup-e2e.sh (code-server, chromium). Not part of `npm test`: it takes ~1 minute and
// 2.5 GB of memory.
//
//   node packages/webview/scripts/try-in-code-server.mjs [examples/xor.nn] [--backend webgl|wasm|cpu|auto] [--keep]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createProfile, prepareWorkspace, REPO_ROOT } from '../../../test/e2e/harness/profile.mjs';
import { remoteUri, startCodeServer } from '../../../test/e2e/harness/codeServer.mjs';

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { backend: { type: 'string', default: 'webgl' }, keep: { type: 'boolean' }, timeout: { type: 'string', default: '600000' } }
});
const example = path.resolve(REPO_ROOT, positionals[0] ?? 'examples/xor.nn');
const timeout = Number(values.timeout);
const log = (line) => console.log(`try-in-code-server: ${line}`);

const profile = createProfile({ settings: { 'nn.training.backend': values.backend, 'workbench.colorTheme': 'Default Dark Modern' } });
const workspace = prepareWorkspace(path.dirname(example), path.join(profile.dir, 'ws'));
const server = await startCodeServer({ profile });
log(`code-server at ${server.url} (profile ${profile.dir})`);
const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
});
const started = Date.now();
try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)]]));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${payload}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log(`workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Open the example through Quick Open, then wait for the language to be known.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-box input');
    await page.keyboard.type(path.basename(example));
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.statusbar-item[id*="editor.status.mode"] >> text=/nn/i', { timeout: 60_000 });
    // The lens appears once the language server answers nn/trainBlocks.
    await page.waitForSelector('.codelens-decoration >> text=Train', { timeout: 60_000 });
    log(`editor and code lens ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.click('.codelens-decoration a:has-text("Train")');

    // The page lives in nested iframes; find the one running our script.
    const frame = await (async () => {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
            for (const f of page.frames()) {
                if (await f.$('.backend, #app').catch(() => null)) return f;
            }
            await page.waitForTimeout(250);
        }
        throw new Error('the training view did not appear');
    })();
    log('training view open');
    await frame.waitForSelector('.status-done, .status-error, .status-stopped', { timeout });
    const status = await frame.textContent('.status');
    const badge = await frame.textContent('.backend-badge').catch(() => null);
    const renderer = await frame.getAttribute('[data-renderer]', 'data-renderer').catch(() => null);
    const accuracy = await frame.textContent('.card-value[data-metric="accuracy"]').catch(() => null);
    const error = await frame.textContent('.banner.error').catch(() => null);
    log(`status ${status}; ${badge}; renderer ${renderer}; test accuracy ${accuracy}${error ? `; error: ${error}` : ''}`);
    await page.waitForTimeout(1500);
    const shot = path.join(REPO_ROOT, 'test-results', `code-server-${path.basename(example, '.nn')}.png`);
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    log(`screenshot ${path.relative(REPO_ROOT, shot)}`);
    const runs = path.join(workspace, '.nn-runs');
    log(`run folders: ${fs.existsSync(runs) ? fs.readdirSync(runs).map(d => `${d} [${fs.readdirSync(path.join(runs, d)).join(', ')}]`).join('; ') : 'none'}`);
    if (status !== 'Finished') process.exitCode = 1;
} catch (e) {
    const shot = path.join(REPO_ROOT, 'test-results', 'code-server-failure.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => {});
    log(`failed; screenshot ${path.relative(REPO_ROOT, shot)}`);
    throw e;
} finally {
    await browser.close();
    await server.stop();
    if (!values.keep) fs.rmSync(profile.dir, { recursive: true, force: true });
}
