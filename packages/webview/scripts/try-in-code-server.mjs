// Manual check of the training panel in a real VS Code workbench (code-server, offline):
// installs the packaged extension (out/nn-lang.vsix, `npm run build && npm run package`), opens
// an example, clicks its `▶ Train` lens, waits for the training view to finish and saves a
// screenshot. Needs scripts/setup-e2e.sh (code-server, chromium). Not part of `npm test`: it
// takes a minute or more and 2.5 GB of memory.
//
//   node packages/webview/scripts/try-in-code-server.mjs [examples/xor.nn] [--backend webgl|wasm|cpu|auto] [--vsix FILE] [--keep]
//        [--stop-after-load]   click Stop once the data is loaded (MNIST load time in a real webview)
//        [--reload]            reload the workbench at the end: the panel serializer must bring the view back
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createProfile, prepareWorkspace, REPO_ROOT } from '../../../test/e2e/harness/profile.mjs';
import { installVsix, startCodeServer } from '../../../test/e2e/harness/codeServer.mjs';

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { backend: { type: 'string', default: 'webgl' }, vsix: { type: 'string' }, keep: { type: 'boolean' }, 'stop-after-load': { type: 'boolean' }, reload: { type: 'boolean' }, timeout: { type: 'string', default: '600000' } }
});
const example = path.resolve(REPO_ROOT, positionals[0] ?? 'examples/xor.nn');
const timeout = Number(values.timeout);
const log = (line) => console.log(`try-in-code-server: ${line}`);

const profile = createProfile({ settings: { 'nn.training.backend': values.backend, 'workbench.colorTheme': 'Default Dark Modern' } });
const workspace = prepareWorkspace(path.dirname(example), path.join(profile.dir, 'ws'));
await installVsix(profile, path.resolve(values.vsix ?? path.join(REPO_ROOT, 'out', 'nn-lang.vsix')));
const server = await startCodeServer({ profile });
log(`code-server at ${server.url} (profile ${profile.dir})`);
const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
});
const started = Date.now();
try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log(`workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Open the example from the explorer, then wait for the language to be known.
    await page.dblclick(`.explorer-folders-view .monaco-list-row[aria-label="${path.basename(example)}"]`, { timeout: 30_000 });
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
    if (values['stop-after-load']) {
        const loaded = await frame.waitForSelector('.backend >> text=/loaded in/', { timeout });
        log(`${await loaded.textContent()}`);
        await frame.click('button.stop');
    }
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
    // The Summary lens opens the Keras-style table as a read-only virtual document.
    await page.click('.codelens-decoration a:has-text("Summary")');
    await page.waitForSelector('.tab[aria-label*=".summary"]', { timeout: 30_000 });
    await page.waitForSelector('.view-lines >> text=Total params', { timeout: 30_000 });
    // Monaco renders spaces as no-break spaces.
    const summary = (await page.locator('.editor-instance .view-lines').last().innerText()).replace(/\u00a0/g, ' ');
    log(`summary document: ${summary.split('\n').find(l => l.startsWith('Total params'))}`);
    await page.screenshot({ path: shot.replace(/\.png$/, '-summary.png') });
    if (values.reload) {
        await page.reload();
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        const deadline = Date.now() + 60_000;
        let restored = null;
        while (!restored && Date.now() < deadline) {
            for (const f of page.frames()) {
                const text = await f.textContent('.banner').catch(() => null);
                if (text && /Restored view/.test(text)) restored = { frame: f, text };
            }
            if (!restored) await page.waitForTimeout(250);
        }
        if (!restored) throw new Error('after a reload, the training view did not come back restored');
        const ink = await restored.frame.evaluate(() => Array.from(document.querySelectorAll('.chart canvas')).map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }));
        log(`after reload: "${restored.text.slice(0, 60)}…", chart pixels ${ink.join(', ')}`);
        await page.screenshot({ path: shot.replace(/\.png$/, '-reloaded.png') });
    }
    const runs = path.join(workspace, '.nn-runs');
    log(`run folders: ${fs.existsSync(runs) ? fs.readdirSync(runs).map(d => `${d} [${fs.readdirSync(path.join(runs, d)).join(', ')}]`).join('; ') : 'none'}`);
    if (status !== (values['stop-after-load'] ? 'Stopped' : 'Finished')) process.exitCode = 1;
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
