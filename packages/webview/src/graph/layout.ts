/**
 * Where each node and edge of a model graph goes, laid out by dagre (top to bottom, merges as
 * real edges). Node sizes come from the text they hold, so the layout is the same in Node
 * (tests) and in the page.
 */
import dagre from '@dagrejs/dagre';
import type { ModelGraph } from '@nn-lang/language';

export const CHAR_WIDTH = 7.2;
export const LINE_HEIGHT = 17;
const PAD_X = 12;
const PAD_Y = 9;
const MAX_ARGS = 44;

export interface NodeText {
    title: string;
    args?: string;
    /** Output shape and parameters. */
    facts: string;
}

export interface PlacedNode extends NodeText {
    id: string;
    /** Centre and size. */
    x: number;
    y: number;
    width: number;
    height: number;
}

export interface PlacedEdge {
    from: string;
    to: string;
    skip: boolean;
    points: { x: number; y: number }[];
}

export interface GraphLayout {
    width: number;
    height: number;
    nodes: PlacedNode[];
    edges: PlacedEdge[];
}

/** 1,234,567 → "1.23M". */
export function compact(n: number): string {
    if (n < 1000) return String(n);
    if (n < 1e6) return `${Number((n / 1e3).toPrecision(3))}k`;
    if (n < 1e9) return `${Number((n / 1e6).toPrecision(3))}M`;
    return `${Number((n / 1e9).toPrecision(3))}G`;
}

/** The lines a node shows. */
export function nodeText(node: ModelGraph['nodes'][number]): NodeText {
    const title = node.label ? `${node.label} = ${node.kind}` : node.kind;
    const args = node.kind === 'Input' || !node.args ? undefined : node.args.length > MAX_ARGS ? `${node.args.slice(0, MAX_ARGS - 1)}…` : node.args;
    const facts = [
        node.output ? `→ ${node.output}` : '→ ?',
        node.params !== undefined && node.kind !== 'Input' ? `${compact(node.params)} params` : undefined,
        node.macs ? `${compact(2 * node.macs)} FLOPs` : undefined
    ]
        .filter(Boolean)
        .join(' · ');
    return { title, args, facts };
}

export function layoutGraph(graph: ModelGraph): GraphLayout {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 26, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    const texts = new Map<string, NodeText>();
    for (const node of graph.nodes) {
        const text = nodeText(node);
        texts.set(node.id, text);
        const lines = [text.title, text.args, text.facts].filter((l): l is string => l !== undefined);
        const width = Math.ceil(Math.max(...lines.map(l => l.length)) * CHAR_WIDTH + 2 * PAD_X);
        g.setNode(node.id, { width: Math.max(120, width), height: lines.length * LINE_HEIGHT + 2 * PAD_Y });
    }
    const known = new Set(graph.nodes.map(n => n.id));
    const edges = graph.edges.filter(e => known.has(e.from) && known.has(e.to));
    // Skip connections weigh less: the main chain stays straight.
    for (const e of edges) g.setEdge(e.from, e.to, { weight: e.skip ? 1 : 4, minlen: 1 });
    dagre.layout(g);
    const nodes = graph.nodes.map(n => {
        const p = g.node(n.id);
        return { id: n.id, ...texts.get(n.id)!, x: p.x, y: p.y, width: p.width, height: p.height };
    });
    const placed = edges.map(e => ({ ...e, points: (g.edge(e.from, e.to)?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })) }));
    const size = g.graph();
    return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges: placed };
}
