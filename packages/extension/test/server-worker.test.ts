/**
 * The language server as a web worker (VS Code for the Web), in headless Chromium: the test
 * builds out/server-browser.js, starts it as a Worker in a page and speaks LSP to it through
 * postMessage, as vscode-languageclient/browser does.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { launchChromium, repoRoot } from '../../webview/test/browser-harness.js';

let server: Server;
let browser: Browser;
let page: Page;

/** A page with the worker and a JSON-RPC client on `window.lsp`. */
const PAGE = `<!doctype html><script>
window.lsp = (() => {
    const worker = new Worker('/server-browser.js');
    const pending = new Map();
    const notifications = [];
    let id = 0;
    worker.onmessage = ({ data }) => {
        if (data.id !== undefined && data.method === undefined) {
            pending.get(data.id)?.(data);
            pending.delete(data.id);
        } else if (data.id !== undefined) {
            // A request from the server (configuration, capability registration): answer as a client with no settings.
            const result = data.method === 'workspace/configuration' ? data.params.items.map(() => null) : null;
            worker.postMessage({ jsonrpc: '2.0', id: data.id, result });
        } else {
            notifications.push(data);
        }
    };
    return {
        notifications,
        request: (method, params) => new Promise(resolve => {
            pending.set(++id, resolve);
            worker.postMessage({ jsonrpc: '2.0', id, method, params });
        }),
        notify: (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params })
    };
})();
</script>`;

async function request(method: string, params: unknown): Promise<{ result?: unknown; error?: unknown }> {
    return page.evaluate(([m, p]) => (globalThis as unknown as { lsp: { request(m: string, p: unknown): Promise<{ result?: unknown; error?: unknown }> } }).lsp.request(m as string, p), [method, params] as const);
}

async function notify(method: string, params: unknown): Promise<void> {
    await page.evaluate(([m, p]) => (globalThis as unknown as { lsp: { notify(m: string, p: unknown): void } }).lsp.notify(m as string, p), [method, params] as const);
}

async function diagnosticsFor(uri: string): Promise<{ code: string; message: string; range: { start: { line: number } } }[]> {
    const handle = await page.waitForFunction(u => {
        const found = (globalThis as unknown as { lsp: { notifications: { method: string; params: { uri: string; diagnostics: unknown[] } }[] } }).lsp.notifications
            .filter(n => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u);
        return found.length ? found[found.length - 1].params.diagnostics : undefined;
    }, uri, { timeout: 30_000 });
    return handle.jsonValue() as never;
}

const URI = 'file:///work/model.nn';
const TEXT = `model M {
    input [4]
    Dense(8, activation=relu)
    Dens(3, activation=softmax)
}

train M {
    data = iris
    loss = categorical_crossentropy
}
`;

beforeAll(async () => {
    await build({ only: ['server-browser'], log: () => undefined });
    const bundle = readFileSync(path.join(repoRoot, 'out', 'server-browser.js'));
    server = createServer((req, res) => {
        if (req.url === '/server-browser.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
        else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterAll(async () => {
    await browser?.close();
    await new Promise(resolve => server?.close(resolve));
});

describe('the language server as a web worker', () => {
    it('initializes with the editor features, checks a document, and answers hover, completion, signature help, hints and fixes', async () => {
        const init = await request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } });
        const capabilities = (init.result as { capabilities: Record<string, unknown> }).capabilities;
        expect(Object.keys(capabilities)).toEqual(expect.arrayContaining(['hoverProvider', 'completionProvider', 'signatureHelpProvider', 'inlayHintProvider', 'codeActionProvider']));
        await notify('initialized', {});
        await notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nn', version: 1, text: TEXT } });

        const diagnostics = await diagnosticsFor(URI);
        expect(diagnostics.map(d => d.code)).toEqual(['unknown-layer']);
        expect(diagnostics[0].message).toContain("Did you mean 'Dense'?");

        const fixes = await request('textDocument/codeAction', { textDocument: { uri: URI }, range: diagnostics[0].range, context: { diagnostics } });
        expect((fixes.result as { title: string }[]).map(a => a.title)).toEqual(["Change to 'Dense'"]);

        const hover = await request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 6 } });
        expect(JSON.stringify(hover.result)).toContain('Dense');

        const hints = await request('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
        expect((hints.result as { label: string }[]).map(h => h.label)).toContain('[8] · 40 params');

        const completion = await request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 2, character: 24 } });
        expect(JSON.stringify(completion.result)).toContain('"label":"tanh"');

        const signature = await request('textDocument/signatureHelp', { textDocument: { uri: URI }, position: { line: 2, character: 10 } });
        expect((signature.result as { signatures: { label: string }[] }).signatures[0].label).toMatch(/^Dense\(units, activation=linear/);

        await notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } }, text: 'Dense' }] });
        await page.waitForFunction(u => {
            const found = (globalThis as unknown as { lsp: { notifications: { method: string; params: { uri: string; diagnostics: unknown[] } }[] } }).lsp.notifications
                .filter(n => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u);
            return found.length > 1 && found[found.length - 1].params.diagnostics.length === 0;
        }, URI, { timeout: 30_000 });
    });
});
