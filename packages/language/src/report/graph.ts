/**
 * A model as a graph for the graph view: the input and each layer as a node (kind, arguments as
 * written, output shape, parameters, the problems on its lines), the layer chain and merges as
 * edges. Built from the analysis the checker made, never from the text again.
 */
import type { CstNode } from 'langium';
import { formatShape } from '../catalogue/format.js';
import type { ModelAnalysis } from '../analysis/types.js';
import type { Problem } from './problems.js';

export interface GraphNode {
    /** `input`, or `layer-<index>`. */
    id: string;
    kind: string;
    /** The label a merge refers to (`skip = Conv2D(…)`). */
    label?: string;
    /** The arguments as written, without the parentheses. */
    args: string;
    /** 1-based lines the node's statement spans. */
    line: number;
    endLine: number;
    /** `[28, 28, 32]`; absent when the shape is unknown (an error above or here). */
    output?: string;
    params?: number;
    /** Forward multiply-accumulates per sample (FLOPs = 2 × MACs). */
    macs?: number;
    /** Problems on the node's lines, worst first. */
    problems: Problem[];
}

export interface GraphEdge {
    from: string;
    to: string;
    /** A merge's input other than the previous layer: drawn as a skip connection. */
    skip: boolean;
}

export interface ModelGraph {
    model: string;
    line: number;
    endLine: number;
    nodes: GraphNode[];
    edges: GraphEdge[];
    params?: number;
    /** The model's forward multiply-accumulates per sample. */
    macs?: number;
}

const SEVERITY_ORDER: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

function lines(cst: CstNode | undefined): { line: number; endLine: number } {
    const line = (cst?.range.start.line ?? 0) + 1;
    return { line, endLine: (cst?.range.end.line ?? line - 1) + 1 };
}

const nodeId = (index: number) => (index === -1 ? 'input' : `layer-${index}`);

/** The argument text between the layer's parentheses, as written (whitespace folded). */
function argumentText(cst: CstNode | undefined): string {
    const text = cst?.text ?? '';
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    if (open < 0) return '';
    return text.slice(open + 1, close > open ? close : undefined).replace(/\s+/g, ' ').trim();
}

export function modelGraph(model: ModelAnalysis, problems: readonly Problem[]): ModelGraph {
    const on = (span: { line: number; endLine: number }) =>
        problems.filter(p => p.line >= span.line && p.line <= span.endLine).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    const inputDecl = model.node.statements.find(s => s.$type === 'InputDecl');
    const inputSpan = lines(inputDecl?.$cstNode ?? model.node.$cstNode);
    const nodes: GraphNode[] = [
        {
            id: 'input',
            kind: 'Input',
            args: model.input ? formatShape(model.input) : '',
            ...inputSpan,
            output: model.input ? formatShape(model.input) : undefined,
            params: 0,
            macs: 0,
            problems: inputDecl ? on(inputSpan) : []
        }
    ];
    const edges: GraphEdge[] = [];
    for (const layer of model.layers) {
        const span = lines(layer.node.$cstNode);
        nodes.push({
            id: nodeId(layer.index),
            kind: layer.kind?.name ?? layer.node.type ?? '?',
            label: layer.node.name,
            args: argumentText(layer.node.$cstNode),
            ...span,
            output: layer.output ? formatShape(layer.output) : undefined,
            params: layer.params ? layer.params.trainable + layer.params.nonTrainable : undefined,
            macs: layer.cost?.macs,
            problems: on(span)
        });
        const previous = layer.index - 1;
        layer.inputs.forEach((input, k) => edges.push({ from: nodeId(input), to: nodeId(layer.index), skip: k > 0 && input !== previous }));
    }
    return { model: model.name, ...lines(model.node.$cstNode), nodes, edges, params: model.params?.total, macs: model.cost?.macs };
}
