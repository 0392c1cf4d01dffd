/**
 * A laid-out model graph as an SVG element. Colours are written into the SVG (read from the
 * theme when drawn), so an exported picture looks the same outside VS Code.
 */
import type { ModelGraph } from '@nn-lang/language';
import { LINE_HEIGHT, type GraphLayout } from './layout.js';

const SVG = 'http://www.w3.org/2000/svg';

export interface GraphColors {
    fg: string;
    muted: string;
    background: string;
    node: string;
    border: string;
    accent: string;
    error: string;
    warning: string;
    edge: string;
    font: string;
    mono: string;
}

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    node.append(...children);
    return node;
}

function pathOf(points: { x: number; y: number }[]): string {
    return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

export function graphSvg(graph: ModelGraph, layout: GraphLayout, colors: GraphColors): SVGSVGElement {
    const svg = svgEl('svg', { xmlns: SVG, width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': `graph of model ${graph.model}` });
    svg.append(
        svgEl('defs', {}, svgEl('marker', { id: `arrow-${graph.model}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: colors.edge }))),
        svgEl('rect', { x: 0, y: 0, width: layout.width, height: layout.height, fill: colors.background })
    );
    for (const e of layout.edges) {
        svg.append(
            svgEl('path', {
                class: e.skip ? 'edge skip' : 'edge',
                d: pathOf(e.points),
                fill: 'none',
                stroke: e.skip ? colors.accent : colors.edge,
                'stroke-width': e.skip ? 1.8 : 1.4,
                ...(e.skip ? { 'stroke-dasharray': '5 3' } : {}),
                'marker-end': `url(#arrow-${graph.model})`
            })
        );
    }
    const nodes = new Map(graph.nodes.map(n => [n.id, n]));
    for (const placed of layout.nodes) {
        const node = nodes.get(placed.id)!;
        const worst = node.problems[0]?.severity;
        const stroke = worst === 'error' ? colors.error : worst === 'warning' ? colors.warning : colors.border;
        const left = placed.x - placed.width / 2;
        const top = placed.y - placed.height / 2;
        const g = svgEl('g', { class: `node${worst ? ` ${worst}` : ''}`, 'data-id': node.id, 'data-line': node.line, 'data-end-line': node.endLine, tabindex: 0, role: 'button' });
        const tooltip = [`${node.kind} (line ${node.line})`, ...node.problems.map(p => `${p.severity} [${p.code}] line ${p.line}: ${p.message}`)].join('\n');
        g.append(
            svgEl('title', {}, tooltip),
            svgEl('rect', { class: 'box', x: left, y: top, width: placed.width, height: placed.height, rx: 6, fill: colors.node, stroke, 'stroke-width': worst === 'error' ? 2.2 : 1.2 })
        );
        const lines: [string, string, string][] = [[placed.title, colors.fg, 'bold']];
        if (placed.args) lines.push([placed.args, colors.muted, 'normal']);
        lines.push([placed.facts, node.output ? colors.fg : colors.muted, 'normal']);
        const firstBaseline = top + (placed.height - lines.length * LINE_HEIGHT) / 2 + LINE_HEIGHT * 0.78;
        lines.forEach(([text, fill, weight], i) =>
            g.append(
                svgEl(
                    'text',
                    { x: placed.x, y: firstBaseline + i * LINE_HEIGHT, 'text-anchor': 'middle', fill, 'font-weight': weight, 'font-family': i === 0 ? colors.font : colors.mono, 'font-size': 12 },
                    text
                )
            )
        );
        if (worst === 'error' || worst === 'warning') {
            g.append(svgEl('circle', { cx: left + placed.width - 2, cy: top + 2, r: 7, fill: worst === 'error' ? colors.error : colors.warning }), svgEl('text', { x: left + placed.width - 2, y: top + 6, 'text-anchor': 'middle', fill: '#ffffff', 'font-size': 11, 'font-weight': 'bold', 'font-family': colors.font }, '!'));
        }
        svg.append(g);
    }
    return svg;
}
