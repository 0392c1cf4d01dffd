/** The HTML of the graph and runs views: the training page's CSP without WebAssembly (nothing runs but our script). */
import { contentSecurityPolicy, escapeAttr, preludeScripts } from '../html.js';

export interface GraphPageOptions {
    cspSource: string;
    nonce: string;
    scriptUri: string;
    styleUri: string;
    preludeScripts?: string[];
    title?: string;
}

export function graphPageHtml(o: GraphPageOptions): string {
    const nonce = escapeAttr(o.nonce);
    const csp = contentSecurityPolicy(o.cspSource, o.nonce).replace(" 'wasm-unsafe-eval'", '');
    const preludes = preludeScripts(o.preludeScripts, nonce);
    return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeAttr(o.styleUri)}" nonce="${nonce}">
    <title>${escapeAttr(o.title ?? 'Model graph')}</title>
</head>
<body>
    <main id="app"><p class="muted">Loading…</p></main>
    ${preludes}
    <script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
