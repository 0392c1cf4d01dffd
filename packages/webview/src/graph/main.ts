/**
 * Entry point of the graph view (bundled to out/graph.js): draws each model of the document the
 * host follows, laid out by dagre; a click on a node asks the host to put the cursor on its line,
 * the host's cursor highlights the node under it; each model's picture can be saved.
 */
import type { ModelGraph } from '@nn-lang/language';
import { el, setText } from '../views/dom.js';
import { themeColor } from '../views/theme.js';
import './graph.css';
import { compact, layoutGraph } from './layout.js';
import { readGraphHostMessage, type GraphMessage, type GraphViewMessage } from './protocol.js';
import { graphSvg, type GraphColors } from './svg.js';
import { acquireVsCode } from '../vscode-api.js';

const vscode = acquireVsCode();
const post = (message: GraphViewMessage) => vscode.postMessage(message);
const app = document.getElementById('app')!;
const title = el('h1');
const subtitle = el('p', { class: 'muted' });
const models = el('div');
app.replaceChildren(el('header', {}, title, subtitle), models);

let current: GraphMessage | undefined;
let cursorLine: number | undefined;

function colors(): GraphColors {
    return {
        fg: themeColor('--vscode-foreground', '#cccccc'),
        muted: themeColor('--vscode-descriptionForeground', '#9d9d9d'),
        background: themeColor('--vscode-editor-background', '#1e1e1e'),
        node: themeColor('--vscode-sideBar-background', '#252526'),
        border: themeColor('--vscode-editorWidget-border', '#6b6b6b'),
        accent: themeColor('--vscode-charts-blue', '#3794ff'),
        error: themeColor('--vscode-editorError-foreground', '#f14c4c'),
        warning: themeColor('--vscode-editorWarning-foreground', '#cca700'),
        edge: themeColor('--vscode-descriptionForeground', '#9d9d9d'),
        font: themeColor('--vscode-font-family', 'system-ui, sans-serif'),
        mono: themeColor('--vscode-editor-font-family', 'monospace')
    };
}

function compactCount(n: number): string {
    return n.toLocaleString('en-US');
}

function serialise(svg: SVGSVGElement): string {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    for (const n of copy.querySelectorAll('.selected')) n.classList.remove('selected');
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The SVG drawn onto a canvas at twice its size: a PNG, as base64. */
async function pngOf(svg: SVGSVGElement): Promise<string> {
    const url = URL.createObjectURL(new Blob([serialise(svg)], { type: 'image/svg+xml' }));
    try {
        const image = new Image();
        await new Promise<void>((resolve, reject) => {
            image.onload = () => resolve();
            image.onerror = () => reject(new Error('the SVG could not be drawn'));
            image.src = url;
        });
        const canvas = document.createElement('canvas');
        const scale = 2;
        canvas.width = Number(svg.getAttribute('width')) * scale;
        canvas.height = Number(svg.getAttribute('height')) * scale;
        const ctx = canvas.getContext('2d')!;
        ctx.scale(scale, scale);
        ctx.drawImage(image, 0, 0);
        return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
    } finally {
        URL.revokeObjectURL(url);
    }
}

function modelSection(graph: ModelGraph, uri: string): HTMLElement {
    const svg = graphSvg(graph, layoutGraph(graph), colors());
    svg.addEventListener('click', event => {
        const node = (event.target as Element).closest('.node');
        const line = Number(node?.getAttribute('data-line'));
        if (node && line >= 1) post({ type: 'reveal', uri, line });
    });
    svg.addEventListener('keydown', event => {
        const node = (event.target as Element).closest('.node');
        const line = Number(node?.getAttribute('data-line'));
        if (node && line >= 1 && (event.key === 'Enter' || event.key === ' ')) post({ type: 'reveal', uri, line });
    });
    const errors = graph.nodes.flatMap(n => n.problems).filter(p => p.severity === 'error');
    const svgButton = el('button', { type: 'button', class: 'export-svg', title: 'Save this graph as an SVG file' }, 'SVG');
    const pngButton = el('button', { type: 'button', class: 'export-png', title: 'Save this graph as a PNG file' }, 'PNG');
    svgButton.addEventListener('click', () => post({ type: 'export', format: 'svg', model: graph.model, data: serialise(svg) }));
    pngButton.addEventListener('click', () => void pngOf(svg).then(data => post({ type: 'export', format: 'png', model: graph.model, data })));
    const facts = [
        `${graph.nodes.length - 1} layers`,
        graph.params !== undefined ? `${compactCount(graph.params)} params` : 'parameters unknown until the errors are fixed',
        graph.macs !== undefined ? `${compact(2 * graph.macs)} FLOPs per sample (forward)` : undefined
    ].filter(Boolean);
    return el(
        'section',
        { class: 'model', 'data-model': graph.model },
        el('h2', {}, graph.model, el('span', { class: 'muted' }, facts.join(' · ')), svgButton, pngButton),
        errors.length ? el('ul', { class: 'problems' }, ...errors.slice(0, 5).map(p => el('li', { class: 'error' }, `line ${p.line}: ${p.message}`))) : null,
        el('div', { class: 'canvas' }, svg)
    );
}

function highlight(): void {
    for (const node of document.querySelectorAll('.node')) {
        const from = Number(node.getAttribute('data-line'));
        const to = Number(node.getAttribute('data-end-line'));
        node.classList.toggle('selected', cursorLine !== undefined && cursorLine >= from && cursorLine <= to);
    }
}

function render(): void {
    if (!current) return;
    setText(title, `Model graph · ${current.fileName}`);
    setText(subtitle, current.models.length ? 'Click a layer to go to its line; the layer under the cursor is highlighted.' : 'This file has no model yet.');
    models.replaceChildren(...current.models.map(m => modelSection(m, current!.uri)));
    highlight();
    vscode.setState(current);
}

window.addEventListener('message', event => {
    const read = readGraphHostMessage(event.data);
    if (!read.ok) {
        if (read.type === 'graph' || read.type === 'cursor') console.warn(`nn graph view: dropped a malformed '${read.type}' message: ${read.problem}`);
        return;
    }
    const message = read.message;
    if (message.type === 'graph') {
        if (current?.uri !== message.uri) cursorLine = undefined;
        current = message;
        render();
    } else if (message.uri === current?.uri) {
        cursorLine = message.line;
        highlight();
    }
});

const saved = readGraphHostMessage(vscode.getState());
if (saved.ok && saved.message.type === 'graph') {
    current = saved.message;
    render();
}
post({ type: 'ready' });
