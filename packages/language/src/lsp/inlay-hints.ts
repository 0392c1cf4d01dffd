import { AstUtils, GrammarUtils, interruptAndCheck, type AstNode, type LangiumDocument, type TextDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { CancellationToken, InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { formatBytes, formatCount, formatShape } from '../catalogue/format.js';
import type { LayerAnalysis, ModelAnalysis } from '../analysis/types.js';
import { isLayer, isModel } from '../generated/ast.js';
import type { NnServices } from '../nn-module.js';
import { paramsText } from './docs.js';

/** `[512] · 401,920 params`; parameter-free layers show only their shape (`[784]`). */
export function layerHintText(layer: LayerAnalysis): string | undefined {
    if (!layer.output || !layer.params) return undefined;
    const { trainable, nonTrainable } = layer.params;
    const shape = formatShape(layer.output);
    return trainable + nonTrainable === 0 ? shape : `${shape} · ${paramsText(trainable, nonTrainable)}`;
}

/** `669,706 params (669,706 trainable) · 2.6 MB`: the weights' part of the model's memory estimate. */
export function modelHintText(model: ModelAnalysis): string | undefined {
    if (!model.params || !model.memory) return undefined;
    const { total, trainable } = model.params;
    return `${formatCount(total)} param${total === 1 ? '' : 's'} (${formatCount(trainable)} trainable) · ${formatBytes(model.memory.weights)}`;
}

/**
 * Output shape and parameter count at the end of each layer statement, totals after a model's
 * `{`. Everything comes from the cached analysis. Rather than Langium's walk over every AST node
 * (arguments and values included), the hints are read off each model's layer list, which is in
 * document order: a binary search finds the first layer in the requested range, so a visible
 * window of a 10,000-layer file costs only its own layers.
 */
export class NnInlayHintProvider extends AbstractInlayHintProvider {
    constructor(private readonly services: NnServices) {
        super();
    }

    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken = CancellationToken.None): Promise<InlayHint[]> {
        const analysis = this.services.nn.Analyzer.analyze(document);
        const text = document.textDocument;
        const from = text.offsetAt(params.range.start);
        const to = text.offsetAt(params.range.end);
        const hints: InlayHint[] = [];
        for (const model of analysis.models) {
            const cst = model.node.$cstNode;
            if (!cst || cst.end < from || cst.offset > to) continue;
            const modelHint = this.modelHint(model, text);
            if (modelHint && within(text.offsetAt(modelHint.position), from, to)) hints.push(modelHint);
            const layers = model.layers;
            for (let i = firstEndingAtOrAfter(layers, from); i < layers.length; i++) {
                const end = layers[i].node.$cstNode?.end;
                if (end === undefined) continue;
                if (end > to) break;
                if (i % 1024 === 0) await interruptAndCheck(cancelToken);
                const hint = this.layerHint(layers[i], text);
                if (hint) hints.push(hint);
            }
        }
        return hints;
    }

    /** The same hints node by node, for callers that walk the AST themselves. */
    computeInlayHint(node: AstNode, accept: InlayHintAcceptor): void {
        if (!isLayer(node) && !isModel(node)) return;
        const document = AstUtils.getDocument(node);
        const analysis = this.services.nn.Analyzer.analyze(document);
        const model = isModel(node) ? analysis.modelOf.get(node) : undefined;
        const layer = isLayer(node) ? analysis.layerOf.get(node) : undefined;
        const hint = model ? this.modelHint(model, document.textDocument) : layer ? this.layerHint(layer, document.textDocument) : undefined;
        if (hint) accept(hint);
    }

    private layerHint(layer: LayerAnalysis, text: TextDocument): InlayHint | undefined {
        const label = layerHintText(layer);
        const cst = layer.node.$cstNode;
        if (!label || !cst) return undefined;
        const params = layer.params!;
        return {
            position: text.positionAt(cst.end),
            label,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: params.trainable + params.nonTrainable > 0 ? params.formula : undefined
        };
    }

    private modelHint(model: ModelAnalysis, text: TextDocument): InlayHint | undefined {
        const label = modelHintText(model);
        const cst = model.node.$cstNode;
        const anchor = GrammarUtils.findNodeForKeyword(cst, '{') ?? GrammarUtils.findNodeForProperty(cst, 'name');
        if (!label || !anchor) return undefined;
        return { position: text.positionAt(anchor.end), label, paddingLeft: true };
    }
}

function within(offset: number, from: number, to: number): boolean {
    return offset >= from && offset <= to;
}

/** Index of the first layer whose statement ends at or after `offset` (layers are in document order). */
function firstEndingAtOrAfter(layers: readonly LayerAnalysis[], offset: number): number {
    let lo = 0;
    let hi = layers.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((layers[mid].node.$cstNode?.end ?? offset) < offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
