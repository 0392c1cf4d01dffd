/**
 * The training page's HTML and Content-Security-Policy. Pure string code with no VS Code import,
 * so the panel and the real-browser test serve exactly the same page.
 */

export interface PageOptions {
    /** `webview.cspSource` (or the test server's origin). */
    cspSource: string;
    nonce: string;
    /** URIs as the webview sees them (`asWebviewUri`). */
    scriptUri: string;
    styleUri: string;
    /** Folder holding tfjs-backend-wasm's .wasm files, ending in `/`. */
    wasmBase: string;
    /** Folder holding the copied data files (`mnist/`, `sklearn/`), ending in `/`. */
    dataBase: string;
    title?: string;
    /** Extra `<script nonce>` bodies run before the app (the test's mock of `acquireVsCodeApi`). */
    preludeScripts?: string[];
}

/**
 * `'wasm-unsafe-eval'` lets the wasm backend compile its module and nothing else; the tfjs bundle
 * itself needs no `eval` (the UMD build does, which is why we bundle the ESM entry).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
        `style-src ${cspSource} 'nonce-${nonce}'`,
        `img-src ${cspSource} data: blob:`,
        `connect-src ${cspSource}`,
        `font-src ${cspSource}`
    ].join('; ');
}

/** 32 random characters from [A-Za-z0-9], fresh for every page. */
export function makeNonce(random: () => number = Math.random): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < 32; i++) out += chars[Math.floor(random() * chars.length)];
    return out;
}

export const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Scripts a test page runs before the bundle (a stand-in for the VS Code API), under the page's nonce. */
export function preludeScripts(scripts: readonly string[] | undefined, nonce: string): string {
    return (scripts ?? []).map(body => `<script nonce="${nonce}">${body}</script>`).join('\n    ');
}

export function trainingPageHtml(o: PageOptions): string {
    const nonce = escapeAttr(o.nonce);
    const preludes = preludeScripts(o.preludeScripts, nonce);
    return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeAttr(o.styleUri)}" nonce="${nonce}">
    <title>${escapeAttr(o.title ?? 'nn training')}</title>
</head>
<body data-wasm-base="${escapeAttr(o.wasmBase)}" data-data-base="${escapeAttr(o.dataBase)}">
    <main id="app" aria-live="polite"><p class="muted">Loading the trainer…</p></main>
    ${preludes}
    <script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
