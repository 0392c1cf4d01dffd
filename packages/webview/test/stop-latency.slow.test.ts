/**
 * How long Stop takes on wasm in a real browser, for the seed MNIST models: from the click to
 * the page showing it was heard, to the trainer's last batch, and to the run's end (which
 * includes measuring the model at the stop on the test set). Prints the figures.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { StartMessage } from '../src/protocol/index.js';
import { describeFile, repoRoot, withChromium, type PageServer } from './browser-harness.js';

let server: PageServer;
let browser: Browser;

withChromium('webview', (s, b) => {
    server = s;
    browser = b;
});

type Posted = { type: string; epoch?: number; batch?: number; stopped?: boolean; epochsCompleted?: number };
const postedOf = (page: Page) => page.evaluate(() => (window as unknown as { __nn: { posted: Posted[] } }).__nn.posted.map(m => ({ type: m.type, epoch: m.epoch, batch: m.batch, stopped: m.stopped, epochsCompleted: m.epochsCompleted })));

async function measureStop(example: string, batchesBeforeStop: number, epochs: number): Promise<void> {
    const description = await describeFile(path.join(repoRoot, 'examples', example));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'ready'));
    const start: StartMessage = { type: 'start', runId: 'stop-1', description: { ...description, epochs }, data: { kind: 'builtin' }, backend: 'wasm' };
    await page.evaluate(m => window.postMessage(m, '*'), start as unknown as Record<string, unknown>);
    await page.waitForFunction(
        n => (window as unknown as { __nn: { state?: { run?: { progress?: { batch: number; epoch: number } } } } }).__nn.state?.run?.progress !== undefined &&
            ((window as unknown as { __nn: { state: { run: { progress: { batch: number; epoch: number } } } } }).__nn.state.run.progress.batch >= n),
        batchesBeforeStop,
        { timeout: 300_000, polling: 50 }
    );
    // Record when the page shows Stop was heard, and each batch after the click.
    await page.evaluate(() => {
        const w = window as unknown as { __stop: { clicked: number; handled?: number; heard?: number } };
        w.__stop = { clicked: 0 };
        const button = document.querySelector('button.stop')!;
        button.addEventListener('click', () => (w.__stop.handled ??= performance.now()), { capture: true });
        // Painted: a frame after the button says so.
        new MutationObserver(() => {
            if (w.__stop.heard === undefined && /Stopping/.test(button.textContent ?? '')) requestAnimationFrame(() => (w.__stop.heard ??= performance.now()));
        }).observe(button, { childList: true, characterData: true, subtree: true });
    });
    // The mouse, as a user's: page.click's actionability checks take page round trips of their own.
    const box = (await page.locator('button.stop').boundingBox())!;
    const t0 = Date.now();
    const before = await page.evaluate(() => (window as unknown as { __nn: { state: { run: { progress: { batch: number; epoch: number } } } } }).__nn.state.run.progress);
    await page.evaluate(() => {
        (window as unknown as { __stop: { clicked: number } }).__stop.clicked = performance.now();
    });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const clickMs = Date.now() - t0;
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'done' || m.type === 'error'), undefined, { timeout: 600_000, polling: 100 });
    const endMs = Date.now() - t0;
    const timing = await page.evaluate(() => (window as unknown as { __stop: { clicked: number; handled?: number; heard?: number } }).__stop);
    const messages = await postedOf(page);
    const progress = messages.filter(m => m.type === 'progress');
    const last = await page.evaluate(() => (window as unknown as { __nn: { state: { run: { progress: { batch: number; epoch: number } } } } }).__nn.state.run.progress);
    const done = messages.find(m => m.type === 'done');
    console.log(
        `${example} on wasm: stop clicked at epoch ${before.epoch} batch ${before.batch} (click took ${clickMs} ms); ` +
            `click handled after ${timing.handled === undefined ? 'never' : Math.round(timing.handled - timing.clicked)} ms, 'Stopping…' painted after ${timing.heard === undefined ? 'never' : Math.round(timing.heard - timing.clicked)} ms; ` +
            `last batch epoch ${last.epoch} batch ${last.batch}; done after ${endMs} ms; progress messages ${progress.length}`
    );
    expect(done?.stopped).toBe(true);
    await page.close();
}

describe('Stop on wasm', () => {
    it('seed MLP, mid-epoch', () => measureStop('mnist-mlp.nn', 30, 2), 600_000);
    it('seed CNN, mid-epoch', () => measureStop('mnist-cnn.nn', 5, 1), 600_000);
});
