import { AstUtils, GrammarUtils, interruptAndCheck, type AstNode, type LangiumDocument, type TextDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { CancellationToken, InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { formatBytes, formatCount, formatShape } from '../catalogue/format.js';
import type { LayerAnalysis, ModelAnalysis } from '../analysis/types.js';
import { isLayer, isModel } from '../generated/ast.js';
import type { NnServices } from '../nn-module.js';
import { paramsText } from './docs.js';

/**
 * Which parts the hints show, from the `nn.inlayHints.*` settings. Short by default, so that a
 * hint fits a split editor: the memory is in the model's hover. Unknown parts are ignored, so a
 * later part (FLOPs) is one more optional key.
 */
export interface HintParts {
    shapes: boolean;
    params: boolean;
    memory: boolean;
}

export const DEFAULT_HINT_PARTS: HintParts = { shapes: true, params: true, memory: false };

/** The settings object as the client sends it (any of its keys may be missing or mistyped). */
export function hintParts(settings: unknown): HintParts {
    const given = typeof settings === 'object' && settings !== null ? settings as Record<string, unknown> : {};
    const part = (name: keyof HintParts) => (typeof given[name] === 'boolean' ? given[name] : DEFAULT_HINT_PARTS[name]);
    return { shapes: part('shapes'), params: part('params'), memory: part('memory') };
}

/** `[512] · 401,920 params`; parameter-free layers show only their shape (`[784]`). */
export function layerHintText(layer: LayerAnalysis, parts: HintParts = DEFAULT_HINT_PARTS): string | undefined {
    if (!layer.output || !layer.params) return undefined;
    const { trainable, nonTrainable } = layer.params;
    const shown: string[] = [];
    if (parts.shapes) shown.push(formatShape(layer.output));
    if (parts.params && trainable + nonTrainable > 0) shown.push(paramsText(trainable, nonTrainable));
    return shown.length ? shown.join(' · ') : undefined;
}

/**
 * `669,706 params (669,706 trainable)`, with ` · 2.6 MB` of weights when the memory part is on.
 * Through an error, what is known: `12,345 params up to line 7 · error at line 8`.
 */
export function modelHintText(model: ModelAnalysis, parts: HintParts = { ...DEFAULT_HINT_PARTS, memory: true }, text?: TextDocument): string | undefined {
    if (!parts.params) return undefined;
    if (!model.params || !model.memory) return text && partialModelHint(model, text);
    const { total, trainable } = model.params;
    const params = `${formatCount(total)} param${total === 1 ? '' : 's'} (${formatCount(trainable)} trainable)`;
    return parts.memory ? `${params} · ${formatBytes(model.memory.weights)}` : params;
}

/** The parameters of the layers above the first one whose shape is unknown, and that layer's line. */
function partialModelHint(model: ModelAnalysis, text: TextDocument): string | undefined {
    const broken = model.layers.findIndex(l => !l.params);
    const cst = model.layers[broken]?.node.$cstNode;
    if (broken < 0 || !cst) return undefined;
    const errorLine = text.positionAt(cst.offset).line + 1;
    if (broken === 0) return `error at line ${errorLine}`;
    let total = 0;
    for (let i = 0; i < broken; i++) total += model.layers[i].params!.trainable + model.layers[i].params!.nonTrainable;
    const lastGood = model.layers[broken - 1].node.$cstNode;
    const upTo = lastGood ? text.positionAt(lastGood.end).line + 1 : errorLine - 1;
    return `${formatCount(total)} param${total === 1 ? '' : 's'} up to line ${upTo} · error at line ${errorLine}`;
}

/**
 * Output shape and parameter count at the end of each layer statement, totals after a model's
 * `{`. Everything comes from the cached analysis. Rather than Langium's walk over every AST node
 * (arguments and values included), the hints are read off each model's layer list, which is in
 * document order: a binary search finds the first layer in the requested range, so a visible
 * window of a 10,000-layer file costs only its own layers.
 */
export class NnInlayHintProvider extends AbstractInlayHintProvider {
    /** The parts the last request's settings asked for. */
    private parts = DEFAULT_HINT_PARTS;

    constructor(private readonly services: NnServices) {
        super();
        // A changed setting changes every hint: ask the editor to fetch them again.
        services.shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate(update => {
            if (update.section === 'nn') void services.shared.lsp.Connection?.languages.inlayHint.refresh().catch(() => undefined);
        });
    }

    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken = CancellationToken.None): Promise<InlayHint[]> {
        this.parts = hintParts(await this.services.shared.workspace.ConfigurationProvider.getConfiguration('nn', 'inlayHints'));
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
        const label = layerHintText(layer, this.parts);
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
        const label = modelHintText(model, this.parts, text);
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
