/**
 * Try the trained model, in headless chromium: after an MNIST run, a digit drawn with the mouse
 * gets class probabilities and the worst mistakes are shown; after an iris run, a form of the
 * four features answers. Screenshot: test-results/webview-try.png.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { StartMessage } from '../src/protocol/index.js';
import { describeFile, posted, repoRoot, withChromium, type PageServer } from './browser-harness.js';

let server: PageServer;
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'nn-try-'));

withChromium('webview', (s, b) => {
    server = s;
    browser = b;
});

async function trained(source: string, file: string): Promise<Page> {
    writeFileSync(path.join(dir, file), source);
    const description = await describeFile(path.join(dir, file));
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    page.on('pageerror', e => console.log(`page error: ${e.message}`));
    page.on('console', m => m.type() === 'error' && console.log(`console: ${m.text()}`));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'ready'));
    const start: StartMessage = { type: 'start', runId: file, description, data: { kind: 'builtin' }, backend: 'wasm' };
    await page.evaluate(m => window.postMessage(m, '*'), start as unknown as Record<string, unknown>);
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'done' || m.type === 'error'), undefined, { timeout: 240_000, polling: 250 });
    expect(await posted(page, 'error')).toEqual([]);
    return page;
}

describe('try the trained model', () => {
    it('MNIST: a digit drawn with the mouse gets class probabilities; the worst mistakes are listed', async () => {
        const page = await trained(
            'model Tiny {\n    input [784]\n    Dense(10, activation=softmax)\n}\ntrain Tiny {\n    data = mnist\n    loss = categorical_crossentropy\n    metrics = [accuracy]\n    epochs = 1\n    batch_size = 256\n    seed = 3\n}\n',
            'tiny.nn'
        );
        const [done] = await posted<{ mistakes?: { correct: boolean; confidence: number }[] }>(page, 'done');
        expect(done.mistakes).toHaveLength(24);
        expect(done.mistakes!.every(m => m.correct === false)).toBe(true);
        const confidences = done.mistakes!.map(m => m.confidence);
        expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
        await page.waitForSelector('canvas.try-canvas');
        await page.locator('canvas.try-canvas').scrollIntoViewIfNeeded();
        const box = (await page.locator('canvas.try-canvas').boundingBox())!;
        // A "1": one stroke down the middle.
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
        await page.mouse.down();
        for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
        await page.mouse.up();
        await page.waitForSelector('.try-bars');
        const percents = (await page.locator('.try-bar .try-percent').allTextContents()).map(t => parseFloat(t));
        expect(percents).toHaveLength(10);
        expect(percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
        expect(await page.textContent('.try-bar.best .try-label')).toBe('1');
        // Inside the network: the norms per epoch and the sample's path through the layers.
        await page.waitForSelector('.inside .norms canvas');
        expect(await page.locator('.inside .norms').count()).toBe(2);
        // Dense(10) and its softmax (tfjs applies the activation as a layer of its own).
        expect(await page.locator('.inside-layer').count()).toBeGreaterThanOrEqual(1);
        expect(await page.locator('.inside-layer-name').last().textContent()).toMatch(/\[10\]$/);
        mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
        await page.screenshot({ path: path.join(repoRoot, 'test-results', 'webview-try.png'), fullPage: true });
        await page.close();
    }, 300_000);

    it('iris: a form of the four features, whose prediction follows an edit', async () => {
        const page = await trained(
            'model Iris {\n    input [4]\n    Dense(16, activation=relu)\n    Dense(3, activation=softmax)\n}\ntrain Iris {\n    data = iris\n    loss = categorical_crossentropy\n    optimizer = Adam(learning_rate=0.01)\n    metrics = [accuracy]\n    epochs = 30\n    batch_size = 16\n    seed = 5\n}\n',
            'iris.nn'
        );
        await page.waitForSelector('.try-fields input');
        expect(await page.locator('.try-fields input').count()).toBe(4);
        await page.waitForSelector('.try-bars');
        expect(await page.locator('.try-bar').count()).toBe(3);
        const before = await page.locator('.try-bar .try-percent').allTextContents();
        await page.fill('.try-fields input >> nth=2', '-3');
        await page.waitForFunction(b => JSON.stringify(Array.from(document.querySelectorAll('.try-bar .try-percent')).map(e => e.textContent)) !== b, JSON.stringify(before));
        await page.close();
    }, 300_000);
});
