/**
 * The graph view's page in headless chromium under its CSP: it draws the models it is given,
 * a click on a node asks for its line, the cursor highlights a node, a picture is exported.
 * Screenshot: test-results/graph-view.png.
 */
import { createNnServices, documentProblems, modelGraph, type ModelGraph } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { posted, repoRoot, withChromium, violations, type PageServer } from './browser-harness.js';

let server: PageServer;
let browser: Browser;
const { Nn } = createNnServices(EmptyFileSystem);

withChromium('graph', (s, b) => {
    server = s;
    browser = b;
});

async function graphsOf(text: string): Promise<ModelGraph[]> {
    const document = await parseHelper(Nn)(text, { validation: true, documentUri: URI.file(`/w/g${Math.random()}.nn`).toString() });
    return Nn.nn.Analyzer.analyze(document).models.map(m => modelGraph(m, documentProblems(document)));
}

async function openGraph(models: ModelGraph[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    await page.goto(`${server.origin}/graph`);
    await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.some(m => m.type === 'ready'));
    await page.evaluate(m => window.postMessage(m, '*'), { type: 'graph', uri: 'file:///w/model.nn', fileName: 'model.nn', version: 1, models } as unknown as Record<string, unknown>);
    await page.waitForSelector('svg .node');
    return page;
}

describe('graph view in headless chromium', () => {
    it('draws the residual example, sends a clicked node’s line, highlights the node under the cursor, exports SVG', async () => {
        const models = await graphsOf(readFileSync(path.join(repoRoot, 'examples', 'tiny-residual.nn'), 'utf8'));
        const page = await openGraph(models);
        expect(await page.locator('svg .node').count()).toBe(8);
        expect(await page.locator('svg path.edge.skip').count()).toBe(1);
        expect(await page.textContent('h2')).toMatch(/^TinyResidual7 layers · 4,970 params · [\d.]+M FLOPs per sample \(forward\)/);
        await page.click('svg .node[data-id="layer-3"]');
        expect((await posted(page, 'reveal')).at(-1)).toEqual({ type: 'reveal', uri: 'file:///w/model.nn', line: 7 });
        await page.evaluate(() => window.postMessage({ type: 'cursor', uri: 'file:///w/model.nn', line: 5 }, '*'));
        await page.waitForSelector('svg .node.selected');
        expect(await page.getAttribute('svg .node.selected', 'data-id')).toBe('layer-1');
        mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
        await page.screenshot({ path: path.join(repoRoot, 'test-results', 'graph-view.png'), fullPage: true });
        await page.click('button.export-svg');
        const [exported] = await posted<{ format: string; model: string; data: string }>(page, 'export');
        expect(exported).toMatchObject({ format: 'svg', model: 'TinyResidual' });
        expect(exported.data).toMatch(/^<\?xml[^>]*>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(exported.data).not.toMatch(/selected/);
        await page.click('button.export-png');
        await page.waitForFunction(() => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.filter(m => m.type === 'export').length === 2);
        const png = (await posted<{ format: string; data: string }>(page, 'export'))[1];
        expect(png.format).toBe('png');
        expect(Buffer.from(png.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
        expect(await violations(page)).toEqual([]);
        await page.close();
    }, 120_000);

    it('marks the node an error belongs to and redraws when the text changes', async () => {
        const page = await openGraph(await graphsOf('model M {\n    input [4]\n    Dense(8, activation=nope)\n    Dense(2)\n}\n'));
        expect(await page.getAttribute('svg .node.error', 'data-id')).toBe('layer-0');
        expect(await page.textContent('svg .node.error title')).toMatch(/unknown-activation/);
        expect(await page.textContent('.problems')).toMatch(/^line 3: /);
        await page.evaluate(m => window.postMessage(m, '*'), { type: 'graph', uri: 'file:///w/model.nn', fileName: 'model.nn', version: 2, models: await graphsOf('model M {\n    input [4]\n    Dense(8, activation=relu)\n    Dense(2)\n    Dense(1)\n}\n') } as unknown as Record<string, unknown>);
        await page.waitForFunction(() => document.querySelectorAll('svg .node').length === 4);
        expect(await page.locator('svg .node.error').count()).toBe(0);
        await page.close();
    }, 120_000);
});
