/**
 * Serves the bundled training page the way a VS Code webview does (same HTML, same CSP, scripts
 * and data from out/) to a headless Debian chromium, with a stand-in for `acquireVsCodeApi` that
 * records what the page posts. Used by webview-browser.test.ts.
 */
import { createNnServices, describeTraining, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { graphPageHtml } from '../src/graph/html.js';
import { trainingPageHtml } from '../src/html.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const outDir = path.join(repoRoot, 'out');

export const CHROMIUM = process.env.NN_CHROMIUM ?? '/usr/bin/chromium';
/** Flags measured to work offline (REAL-VSCODE.md). No --use-gl: it breaks tfjs's WebGL (TFJS.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * The mock VS Code API: messages go to `window.__nn.posted`, state to `window.__nn.state`
 * (seeded from sessionStorage so a reload sees the state, as in VS Code). CSP violations are
 * recorded from the first script on.
 */
const MOCK_VSCODE_API = `
(() => {
    const nn = (window.__nn = { posted: [], violations: [], state: undefined });
    try { const s = sessionStorage.getItem('nn-state'); if (s) nn.state = JSON.parse(s); } catch {}
    document.addEventListener('securitypolicyviolation', e => nn.violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
    window.acquireVsCodeApi = () => ({
        postMessage: m => nn.posted.push(m),
        getState: () => nn.state,
        setState: s => { nn.state = s; sessionStorage.setItem('nn-state', JSON.stringify(s)); }
    });
})();`;

/** Test-only: a page where WebGL contexts cannot be created (a machine without WebGL). */
const NO_WEBGL = `
(() => {
    // tfjs prefers OffscreenCanvas when there is one: both kinds of canvas refuse WebGL.
    for (const C of [HTMLCanvasElement, typeof OffscreenCanvas === 'undefined' ? undefined : OffscreenCanvas]) {
        if (!C) continue;
        const original = C.prototype.getContext;
        C.prototype.getContext = function (type, ...rest) {
            return /webgl/i.test(String(type)) ? null : original.call(this, type, ...rest);
        };
    }
})();`;

const TYPES: Record<string, string> = {
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.wasm': 'application/wasm',
    '.map': 'application/json',
    '.csv': 'text/csv'
};

export interface PageServer {
    origin: string;
    url: string;
    close(): Promise<void>;
}

/** Serves `/` (the page; `/?webgl=0` without WebGL), `/graph` (the graph view) and `/out/…` (the build output) on 127.0.0.1, on a free port. */
export async function servePage(): Promise<PageServer> {
    let origin = '';
    const server: Server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname === '/graph') {
            const nonce = Buffer.from(String(Math.random())).toString('base64').replace(/[^A-Za-z0-9]/g, '');
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            res.end(graphPageHtml({ cspSource: origin, nonce, scriptUri: `${origin}/out/graph.js`, styleUri: `${origin}/out/graph.css`, preludeScripts: [MOCK_VSCODE_API] }));
            return;
        }
        if (url.pathname === '/' || url.pathname === '/index.html') {
            const nonce = Buffer.from(String(Math.random())).toString('base64').replace(/[^A-Za-z0-9]/g, '');
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            res.end(
                trainingPageHtml({
                    cspSource: origin,
                    nonce,
                    scriptUri: `${origin}/out/webview.js`,
                    styleUri: `${origin}/out/webview.css`,
                    wasmBase: `${origin}/out/wasm/`,
                    dataBase: `${origin}/out/data/`,
                    title: 'nn training (test)',
                    preludeScripts: url.searchParams.get('webgl') === '0' ? [MOCK_VSCODE_API, NO_WEBGL] : [MOCK_VSCODE_API]
                })
            );
            return;
        }
        const file = path.normalize(path.join(repoRoot, decodeURIComponent(url.pathname)));
        if (!file.startsWith(outDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404).end('not found');
            return;
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        origin,
        url: `${origin}/`,
        close: () => new Promise<void>(resolve => server.close(() => resolve()))
    };
}

export async function launchChromium(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\` (scripts/setup-e2e.sh does), or set NN_CHROMIUM.`);
    }
    return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** The description the language server would hand the trainer for a .nn file's first train block. */
export async function describeFile(file: string): Promise<TrainingDescription> {
    const { Nn } = createNnServices(EmptyFileSystem);
    const text = readFileSync(file, 'utf8');
    const document = await parseHelper(Nn)(text, { validation: true, documentUri: URI.file(file).toString() });
    const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
    if (errors.length) throw new Error(`${file} has errors: ${errors.map(e => `${e.range.start.line + 1}: ${e.message}`).join('; ')}`);
    const analysis = Nn.nn.Analyzer.analyze(document);
    const desc = describeTraining(analysis.trains[0], document.uri);
    if (!desc) throw new Error(`${file}: no trainable train block`);
    return desc;
}

/** Messages the page posted, of one type. */
export async function posted<T = Record<string, unknown>>(page: Page, type?: string): Promise<T[]> {
    return page.evaluate(t => (window as unknown as { __nn: { posted: { type: string }[] } }).__nn.posted.filter(m => !t || m.type === t), type) as Promise<T[]>;
}

export async function violations(page: Page): Promise<{ directive: string; blocked: string; sample: string }[]> {
    return page.evaluate(() => (window as unknown as { __nn: { violations: { directive: string; blocked: string; sample: string }[] } }).__nn.violations);
}

/**
 * For a test file: builds `bundle`, starts the page server and a headless chromium before its
 * tests (handing both to `ready`), and closes them after.
 */
export function withChromium(bundle: 'webview' | 'graph', ready: (server: PageServer, browser: Browser) => void): void {
    let server: PageServer | undefined;
    let browser: Browser | undefined;
    beforeAll(async () => {
        await build({ only: [bundle], log: () => {} });
        server = await servePage();
        browser = await launchChromium();
        ready(server, browser);
    }, 180_000);
    afterAll(async () => {
        await browser?.close();
        await server?.close();
    });
}
