/**
 * The training page in a real browser: the bundled out/webview.js under the webview's CSP, in
 * headless Debian chromium (WebGL on SwiftShader), trained on the xor example. Screenshots go to
 * test-results/; `NN_UPDATE_SCREENSHOTS=1` also refreshes docs/screenshots/training-panel.png.
 * `npm run test:webview` runs the webview's tests alone.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DoneMessage, ErrorMessage, StartMessage } from '../src/protocol/index.js';
import { describeFile, posted, repoRoot, withChromium, violations, type PageServer } from './browser-harness.js';

const RESULTS = path.join(repoRoot, 'test-results');
const SCREENSHOT = path.join(RESULTS, 'webview-xor.png');
const DOCS_SCREENSHOT = path.join(repoRoot, 'docs', 'screenshots', 'training-panel.png');

let server: PageServer;
let browser: Browser;

withChromium('webview', (s, b) => {
    server = s;
    browser = b;
});

async function openPage(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', e => console.log(`page error: ${e.message}`));
    await page.goto(server.url + query);
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'ready'));
    return page;
}

async function start(page: Page, message: StartMessage): Promise<void> {
    await page.evaluate(m => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
}

async function finished(page: Page, timeout: number): Promise<DoneMessage> {
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'done' || m.type === 'error'), undefined, {
        timeout,
        polling: 250
    });
    const errors = await posted<ErrorMessage>(page, 'error');
    if (errors.length) throw new Error(`the page reported: ${errors.map(e => e.message).join('; ')}`);
    return (await posted<DoneMessage>(page, 'done'))[0];
}

/** Bytes of the weights in the posted `done` message (an ArrayBuffer does not survive page.evaluate's JSON). */
async function weightBytes(page: Page): Promise<number | string> {
    return page.evaluate(() => {
        const done = (window as unknown as { __nn: { posted: { type: string; modelArtifacts?: { weightData: unknown } }[] } }).__nn.posted.find(m => m.type === 'done');
        const data = done?.modelArtifacts?.weightData;
        return data instanceof ArrayBuffer ? data.byteLength : `not an ArrayBuffer: ${Object.prototype.toString.call(data)}`;
    });
}

/** Canvas pixels with some opacity, per chart. */
async function chartInk(page: Page): Promise<number[]> {
    return page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLCanvasElement>('.charts .chart canvas')).map(c => {
            const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return n;
        })
    );
}

describe('training webview in headless chromium', () => {
    it('trains the xor example on webgl, draws its charts and results, and breaks no CSP rule', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'xor.nn'));
        const page = await openPage();
        const consoleErrors: string[] = [];
        page.on('console', m => {
            if (m.type() === 'error') consoleErrors.push(m.text());
        });
        const t0 = performance.now();
        await start(page, { type: 'start', runId: 'xor-1', description, data: { kind: 'builtin' }, backend: 'webgl' });
        const done = await finished(page, 240_000);
        const wall = (performance.now() - t0) / 1000;

        const [backend] = await posted<{ name: string; webglRenderer?: string; softwareRendered: boolean }>(page, 'backend');
        expect(backend.name).toBe('webgl');
        expect(backend.webglRenderer).toBeTruthy();
        expect(done.backend).toBe('webgl');
        expect(done.stopped).toBe(false);
        expect(done.epochsCompleted).toBe(description.epochs);
        expect(done.history).toHaveLength(description.epochs);
        expect(done.test?.accuracy).toBeGreaterThanOrEqual(0.9);
        expect(done.confusion?.total).toBe(200);
        expect(done.grid?.nx).toBeGreaterThan(10);
        expect(done.samples?.length).toBeGreaterThan(0);
        expect(await weightBytes(page)).toBe(description.model.params.total * 4);
        expect(done.modelArtifacts?.weightSpecs.length).toBe(6);

        // The UI shows what ran: the backend badge, the renderer, the charts, the results.
        await page.waitForFunction(() => document.querySelector('.results .card-value[data-metric="accuracy"]') !== null);
        expect(await page.textContent('.backend-badge')).toBe('backend: webgl');
        expect(await page.getAttribute('[data-renderer]', 'data-renderer')).toBe(backend.webglRenderer);
        if (backend.softwareRendered) expect(await page.isVisible('.banner.warning')).toBe(true);
        const ink = await chartInk(page);
        expect(ink).toHaveLength(2);
        for (const n of ink) expect(n).toBeGreaterThan(2000);
        expect(await page.locator('table.confusion td').count()).toBe(4);
        expect(await page.locator('canvas.boundary').count()).toBe(1);

        // Only tfjs's harmless `wasm-eval` feature probe may trip the CSP.
        const csp = (await violations(page)).filter(v => v.directive !== 'wasm-eval' && !/wasm-eval/.test(v.sample ?? ''));
        expect(csp).toEqual([]);
        expect(consoleErrors.filter(e => /Content Security Policy/i.test(e) && !/wasm-eval|WebAssembly/i.test(e))).toEqual([]);

        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        // The docs copy is refreshed on request only: a test run must not dirty the tree.
        if (process.env.NN_UPDATE_SCREENSHOTS === '1' || !existsSync(DOCS_SCREENSHOT)) {
            mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
            copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
        }
        const perEpoch = done.history.map(h => h.seconds).sort((a, b) => a - b)[Math.floor(done.history.length / 2)];
        console.log(
            `webview xor on ${backend.webglRenderer}: trained ${done.epochsCompleted} epochs in ${done.seconds.toFixed(1)} s ` +
                `(median ${(perEpoch * 1000).toFixed(0)} ms/epoch), ${wall.toFixed(1)} s start to results, test accuracy ${done.test?.accuracy?.toFixed(3)}`
        );

        // A reload keeps the charts and results (vscode.setState) and says the run is over.
        await page.reload();
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string; restored?: boolean }[] } }).__nn.posted.some(m => m.type === 'ready' && m.restored));
        await page.waitForSelector('.results .card-value[data-metric="accuracy"]');
        expect(await page.textContent('.banner')).toMatch(/Restored view/);
        for (const n of await chartInk(page)) expect(n).toBeGreaterThan(2000);
        await page.close();
    }, 300_000);

    it('stops on request, keeps the finished epochs and hands over the model', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'spiral.nn'));
        const page = await openPage();
        await start(page, { type: 'start', runId: 'spiral-1', description: { ...description, epochs: 500 }, data: { kind: 'builtin' }, backend: 'auto' });
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'epoch'), undefined, { timeout: 60_000 });
        // The decision boundary is drawn while training, not only at the end.
        await page.waitForSelector('.live canvas.boundary', { timeout: 30_000 });
        expect(await page.textContent('.live h3')).toMatch(/^Decision boundary after epoch \d+$/);
        await page.click('button.stop');
        const done = await finished(page, 60_000);
        expect(done.stopped).toBe(true);
        // auto on software WebGL times wasm and cpu on a few batches and trains on the faster.
        expect(['wasm', 'cpu']).toContain(done.backend);
        const [backend] = await posted<{ name: string; reason: string; fellBackFrom?: string; probe?: { backend: string; samplesPerSec?: number; skipped?: string }[] }>(page, 'backend');
        expect(backend.name).toBe(done.backend);
        expect(backend.reason).toMatch(new RegExp(`^auto chose ${done.backend}; WebGL is software-rendered .*; probed wasm [\\d,]+ samples/s, cpu `));
        expect(backend.probe?.map(r => r.backend)).toEqual(['wasm', 'cpu']);
        expect(backend.fellBackFrom).toBeUndefined();
        expect(await page.textContent('.backend-why')).toMatch(/^auto: fastest of wasm [\d,.]+k? · cpu /);
        expect(done.epochsCompleted).toBeGreaterThanOrEqual(1);
        expect(done.epochsCompleted).toBeLessThan(500);
        expect(done.history).toHaveLength(done.epochsCompleted);
        expect(await weightBytes(page)).toBe(description.model.params.total * 4);
        expect(done.test?.loss).toBeGreaterThan(0);
        expect(await page.textContent('.status')).toBe('Stopped');
        await page.close();
    }, 120_000);

    it('trains the digits CNN on wasm (conv gradients included) and draws the samples as images', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'digits.nn'));
        const page = await openPage();
        await start(page, { type: 'start', runId: 'digits-1', description: { ...description, epochs: 8 }, data: { kind: 'builtin' }, backend: 'wasm' });
        const done = await finished(page, 240_000);
        const [backend] = await posted<{ name: string; fellBackFrom?: string }>(page, 'backend');
        expect(backend.name).toBe('wasm');
        expect(backend.fellBackFrom).toBeUndefined();
        expect(done.backend).toBe('wasm');
        expect(done.test?.accuracy).toBeGreaterThan(0.85);
        expect(done.confusion?.matrix).toHaveLength(10);
        await page.waitForSelector('canvas.sample-image');
        // 24 test samples, then the worst mistakes (at most 24).
        const images = 24 + (done.mistakes?.length ?? 0);
        expect(done.mistakes?.length).toBeGreaterThan(0);
        expect(await page.locator('canvas.sample-image').count()).toBe(images);
        expect(await page.locator('table.confusion tbody tr').count()).toBe(10);
        // Each digit is drawn: dark ink on light paper, so not a blank canvas.
        const inked = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.sample-image')).filter(c => {
                const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
                let dark = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
                return dark > 3;
            }).length
        );
        expect(inked).toBe(images);
        // Inside the network: feature maps of the conv layers for one sample, the first conv's filters.
        await page.waitForSelector('.inside-maps.filters canvas');
        expect(await page.locator('.inside-maps.filters canvas').count()).toBeGreaterThan(0);
        expect(await page.locator('.inside .norms').count()).toBe(2);
        await page.screenshot({ path: path.join(RESULTS, 'webview-digits.png'), fullPage: true });
        console.log(`webview digits on wasm: ${done.epochsCompleted} epochs in ${done.seconds.toFixed(1)} s, test accuracy ${done.test?.accuracy?.toFixed(3)}`);
        await page.close();
    }, 300_000);

    it('loads MNIST in the page and stops from the host before the first epoch ends', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'mnist-mlp.nn'));
        const page = await openPage();
        await start(page, { type: 'start', runId: 'mnist-1', description, data: { kind: 'builtin' }, backend: 'cpu' });
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'started'), undefined, { timeout: 120_000 });
        await page.evaluate(() => window.postMessage({ type: 'stop', runId: 'mnist-1' }, '*'));
        const done = await finished(page, 120_000);
        const [data] = await posted<{ name: string; trainCount: number; testCount: number; loadMs: number }>(page, 'data');
        expect(data).toMatchObject({ name: 'mnist', trainCount: 60000, testCount: 10000 });
        expect(done.stopped).toBe(true);
        expect(done.epochsCompleted).toBe(0);
        expect(done.modelArtifacts).toBeUndefined();
        expect(await page.textContent('.status')).toBe('Stopped');
        console.log(`webview MNIST load (fetch 11 MB of gzipped IDX from out/data, gunzip, parse): ${Math.round(data.loadMs)} ms`);
        await page.close();
    }, 300_000);

    it('without WebGL, falls back to wasm, says so, and still trains', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'xor.nn'));
        const page = await openPage('?webgl=0');
        await start(page, { type: 'start', runId: 'xor-nogl', description, data: { kind: 'builtin' }, backend: 'webgl' });
        const done = await finished(page, 120_000);
        const [backend] = await posted<{ name: string; fellBackFrom?: string; webglRenderer?: string; reason: string }>(page, 'backend');
        expect(backend, backend.reason).toMatchObject({ name: 'wasm', fellBackFrom: 'webgl' });
        expect(backend.webglRenderer).toBeUndefined();
        expect(done.test?.accuracy).toBeGreaterThanOrEqual(0.9);
        await page.waitForSelector('.backend-badge');
        expect(await page.textContent('.banner.warning')).toMatch(/webgl could not be used, training on wasm instead/);
        expect(await page.textContent('.backend')).toMatch(/WebGL: unavailable/);
        await page.close();
    }, 180_000);

    it('drops garbage the host could post, answers a malformed start with an error, and still trains', async () => {
        const description = await describeFile(path.join(repoRoot, 'examples', 'xor.nn'));
        const page = await openPage();
        const consoleErrors: string[] = [];
        const warnings: string[] = [];
        page.on('console', m => (m.type() === 'error' ? consoleErrors : m.type() === 'warning' ? warnings : []).push(m.text()));
        const garbage: unknown[] = [
            null,
            42,
            'start',
            [],
            { type: 'didChangeTheme' },
            { type: 'stop' },
            { type: 'stop', runId: 'nobody' },
            { type: 'start' },
            { type: 'start', runId: 'bad-1', description: { file: 1 }, data: { kind: 'builtin' }, backend: 'cpu' },
            { type: 'start', runId: 'bad-2', description: { ...description, epochs: -1 }, data: { kind: 'builtin' }, backend: 'cpu' },
            { type: 'start', runId: 'bad-3', description, data: { kind: 'builtin' }, backend: 'tpu' }
        ];
        for (const g of garbage) await page.evaluate(m => window.postMessage(m, '*'), g as never);
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { runId?: string }[] } }).__nn.posted.some(m => m.runId === 'bad-3'));
        const errors = await posted<ErrorMessage>(page, 'error');
        expect(errors.map(e => e.runId)).toEqual(['bad-1', 'bad-2', 'bad-3']);
        for (const e of errors) expect(e.message).toMatch(/^The training view could not read the run it was given \(.+\)\.$/);
        expect(await page.evaluate(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.map(m => m.type))).toEqual(['ready', 'error', 'error', 'error']);
        expect(await page.locator('#app.idle').count()).toBe(1);
        expect(warnings.filter(w => /dropped a malformed/.test(w))).toHaveLength(5);
        expect(consoleErrors).toEqual([]);

        // The page is none the worse for it.
        await start(page, { type: 'start', runId: 'xor-after', description: { ...description, epochs: 2 }, data: { kind: 'builtin' }, backend: 'cpu' });
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string; runId?: string }[] } }).__nn.posted.some(m => m.type === 'done' && m.runId === 'xor-after'), undefined, { timeout: 60_000 });
        const [done] = (await posted<DoneMessage>(page, 'done')).filter(d => d.runId === 'xor-after');
        expect(done.epochsCompleted).toBe(2);
        await page.close();
    }, 120_000);
});
