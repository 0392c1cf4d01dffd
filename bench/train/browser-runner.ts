/**
 * The browser columns: the training view's own bundle (out/webview.js: the same tfjs, kernels,
 * backend choice and `train()` loop a VS Code panel runs), on the page the panel gets (same HTML,
 * same Content-Security-Policy), in headless Debian chromium — one browser per backend, a fresh
 * page per model, as each run gets its own panel. The page is driven through its protocol
 * (`start`, then the `backend`/`started`/`progress` messages it posts); MNIST-shaped models read
 * synthetic MNIST-format files served where the page expects its data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TrainingDescription } from '@nn-lang/language';
import { trainingPageHtml } from '@nn-lang/webview';
import type { BackendName, StartMessage } from '@nn-lang/webview';
import { onCleanup } from './children.js';
import type { IdxBytes, ModelKey } from './models.js';
import { cellFromWindows, describeCell, naCell, type Cell } from './report.js';
import { WindowMeter, type MeterSettings } from './windows.js';

export const CHROMIUM = process.env.NN_CHROMIUM ?? '/usr/bin/chromium';
/** The flags the webview's browser test uses (offline-safe; no --use-gl, which breaks tfjs's WebGL). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export type BrowserBackend = 'browser-webgl' | 'browser-wasm' | 'browser-cpu';

/**
 * Stands in for VS Code's `acquireVsCodeApi` and hands every message the page posts to the
 * benchmark through the console (small fields only: the model's weights stay in the page).
 */
const PRELUDE = `
(() => {
    const slim = m => {
        const { modelArtifacts, samples, grid, confusion, history, ...rest } = m;
        return rest;
    };
    window.acquireVsCodeApi = () => ({
        postMessage: m => console.debug('nn-bench:' + JSON.stringify(slim(m))),
        getState: () => undefined,
        setState: () => {}
    });
})();`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.map': 'application/json' };

export interface PageServer {
    url: string;
    close(): Promise<void>;
}

/** `/` is the page; `/out/…` the build output; `/synthetic/mnist/*.gz` the benchmark's MNIST stand-in. */
export async function servePage(root: string, mnist: IdxBytes | undefined): Promise<PageServer> {
    const outDir = path.join(root, 'out');
    const gz = new Map<string, Buffer>(
        mnist
            ? [
                  ['train-images-idx3-ubyte.gz', gzipSync(mnist.trainImages, { level: 1 })],
                  ['train-labels-idx1-ubyte.gz', gzipSync(mnist.trainLabels, { level: 1 })],
                  ['t10k-images-idx3-ubyte.gz', gzipSync(mnist.testImages, { level: 1 })],
                  ['t10k-labels-idx1-ubyte.gz', gzipSync(mnist.testLabels, { level: 1 })]
              ]
            : []
    );
    let origin = '';
    const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname === '/') {
            const nonce = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            res.end(
                trainingPageHtml({
                    cspSource: origin,
                    nonce,
                    scriptUri: `${origin}/out/webview.js`,
                    styleUri: `${origin}/out/webview.css`,
                    wasmBase: `${origin}/out/wasm/`,
                    dataBase: `${origin}/synthetic/`,
                    title: 'nn training (benchmark)',
                    preludeScripts: [PRELUDE]
                })
            );
            return;
        }
        const synthetic = url.pathname.match(/^\/synthetic\/mnist\/([^/]+)$/);
        if (synthetic && gz.has(synthetic[1])) {
            res.writeHead(200, { 'content-type': 'application/gzip' }).end(gz.get(synthetic[1]));
            return;
        }
        const file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
        if (!file.startsWith(outDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404).end('not found');
            return;
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: `${origin}/`, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}

/** The chromium to use, installing Debian's when allowed; or why there is none. */
export function findChromium(root: string, install: boolean): { path?: string; error?: string } {
    if (existsSync(CHROMIUM)) return { path: CHROMIUM };
    if (!install || process.env.NN_CHROMIUM) return { error: `${CHROMIUM} is missing (npm run setup:e2e installs it)` };
    const r = spawnSync('bash', [path.join(root, 'bench/train/apt-install.sh'), 'chromium'], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (r.stderr) process.stderr.write(r.stderr);
    if (r.status !== 0 || !existsSync(CHROMIUM)) return { error: `chromium could not be installed: ${r.stderr?.trim().split('\n').pop() ?? ''}` };
    return { path: CHROMIUM };
}

interface PageMessage {
    type: string;
    [k: string]: unknown;
}

export interface BrowserRunOptions {
    backend: BrowserBackend;
    url: string;
    chromium: string;
    models: { key: ModelKey; description: TrainingDescription }[];
    meter: MeterSettings;
    capSeconds: number;
    log: (line: string) => void;
}

export interface BrowserRun {
    cells: Cell[];
    chromium?: string;
    webglRenderer?: string;
}

/** Time a page may take beyond the cap (loading data, one slow batch) before it is given up. */
const GRACE_SECONDS = 180;

interface ModelTiming {
    cell: Cell;
    renderer?: string;
    /** When the page was ready, chose its backend, had its data, trained: seconds from launch. */
    phases: string[];
}

/** One model on a fresh browser: a page's queued WebGL work must not slow the next page. */
async function timeModel(browser: Browser, o: BrowserRunOptions, key: ModelKey, description: TrainingDescription): Promise<ModelTiming> {
    const requested = o.backend.slice('browser-'.length) as BackendName;
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const meter = new WindowMeter(o.meter);
    // The host's `start` message, passed into the page as text.
    const start: StartMessage = { type: 'start', runId: `bench-${key}`, description, data: { kind: 'builtin' }, backend: requested };
    const startMessage = JSON.stringify(start);
    const t0 = performance.now();
    const phases: string[] = [];
    const phase = (what: string) => phases.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    let renderer: string | undefined;
    let ran: string | undefined;
    let capped = false;
    const timers: NodeJS.Timeout[] = [];
    try {
        const outcome = await new Promise<{ error?: string; detail?: string }>((resolve, reject) => {
            let trainSamples = 0;
            let batchesPerEpoch = 0;
            let detail: string | undefined;
            const settle = (r: { error?: string; detail?: string }) => resolve({ detail, ...r });
            timers.push(setTimeout(() => settle({ error: `the page did not train within ${o.capSeconds + GRACE_SECONDS} s` }), (o.capSeconds + GRACE_SECONDS) * 1000));
            page.on('pageerror', e => settle({ error: `page error: ${e.message}` }));
            page.on('crash', () => settle({ error: 'the page crashed' }));
            page.on('console', msg => {
                const text = msg.text();
                if (!text.startsWith('nn-bench:')) return;
                const m = JSON.parse(text.slice('nn-bench:'.length)) as PageMessage;
                switch (m.type) {
                    case 'ready':
                        phase('page');
                        page.evaluate(message => window.postMessage(JSON.parse(message), '*'), startMessage).catch(reject);
                        break;
                    case 'backend':
                        ran = String(m.name);
                        renderer = m.webglRenderer as string | undefined;
                        detail = String(m.reason ?? '');
                        if (m.name !== requested) settle({ error: `${requested} could not be used, the page fell back to ${m.name}: ${m.reason}` });
                        break;
                    case 'data':
                        phase('data');
                        break;
                    case 'started':
                        trainSamples = Number(m.trainSamples);
                        batchesPerEpoch = Number(m.batchesPerEpoch);
                        timers.push(
                            setTimeout(() => {
                                capped = true;
                                settle({});
                            }, o.capSeconds * 1000)
                        );
                        break;
                    case 'progress': {
                        const epoch = Number(m.epoch);
                        const batch = Number(m.batch);
                        const point = {
                            epoch,
                            done: (epoch - 1) * batchesPerEpoch + batch,
                            samples: (epoch - 1) * trainSamples + Math.min(batch * description.batchSize, trainSamples),
                            t: Number(m.elapsed)
                        };
                        if (meter.add(point)) settle({});
                        break;
                    }
                    case 'error':
                        settle({ error: String(m.message) });
                        break;
                    case 'done':
                        settle({});
                        break;
                }
            });
            page.goto(o.url).catch(reject);
        });
        phase('timed');
        if (outcome.error && !meter.windows.length) return { cell: naCell(key, o.backend, outcome.error), renderer, phases };
        const { windows, partial, warmupOnly } = meter.finish();
        const cell = cellFromWindows(key, o.backend, windows, {
            batchSize: description.batchSize,
            partial,
            warmupOnly,
            capped,
            capSeconds: o.capSeconds,
            expected: o.meter.windows,
            ran,
            reason: outcome.detail
        });
        return { cell, renderer, phases };
    } finally {
        for (const t of timers) clearTimeout(t);
    }
}

export async function runBrowserBackend(o: BrowserRunOptions): Promise<BrowserRun> {
    const cells: Cell[] = [];
    let webglRenderer: string | undefined;
    let version: string | undefined;
    for (const { key, description } of o.models) {
        let cell: Cell;
        let phases: string[] = [];
        let browser: Browser | undefined;
        const forget = onCleanup(() => browser?.close());
        try {
            browser = await chromium.launch({ executablePath: o.chromium, args: CHROMIUM_ARGS, headless: true });
            version ??= browser.version();
            const r = await timeModel(browser, o, key, description);
            ({ cell, phases } = r);
            webglRenderer ??= r.renderer;
        } catch (e) {
            const message = ((e as Error).message ?? String(e)).split('\n')[0];
            cell = naCell(key, o.backend, browser ? message : `chromium did not start: ${message}`);
        } finally {
            forget();
            await browser?.close().catch(() => {});
        }
        cells.push(cell);
        o.log(`  ${o.backend} ${key}: ${describeCell(cell)}${phases.length ? ` [${phases.join(', ')}]` : ''}`);
    }
    return { cells, chromium: version, webglRenderer };
}
