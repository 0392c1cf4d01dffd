import { CstUtils, GrammarUtils, type LangiumDocument, type LeafCstNode } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { formatCount, formatShape } from '../catalogue/format.js';
import { findLayer } from '../catalogue/layers.js';
import { findSetting } from '../catalogue/training.js';
import type { DocumentAnalysis } from '../analysis/types.js';
import { isArgument, isCallValue, isInputDecl, isLayer, isModel, isNameValue, isSetting, isStringValue, isTrain, type Layer, type Value } from '../generated/ast.js';
import type { NnServices } from '../nn-module.js';
import { argumentDoc, layerDoc, modelDoc, namedValueDoc, settingDoc } from './docs.js';
import { argumentOwner, argumentSpec, valueMeaning } from './meaning.js';

/**
 * Hover on every name a `.nn` file contains: layer types (shapes and the parameter formula),
 * labels, argument and setting names, closed-set values (formulas), models (totals). Everything
 * shown comes from the cached analysis and the catalogue; nothing is re-inferred here.
 */
export class NnHoverProvider implements HoverProvider {
    private readonly nameRegexp: RegExp;

    constructor(private readonly services: NnServices) {
        this.nameRegexp = services.parser.GrammarConfig.nameRegexp;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, offset, this.nameRegexp);
        if (!leaf || leaf.hidden) return undefined;
        const text = this.contentFor(document, leaf);
        return text ? { contents: { kind: 'markdown', value: text }, range: leaf.range } : undefined;
    }

    private contentFor(document: LangiumDocument, leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        const property = GrammarUtils.findAssignment(leaf)?.feature;
        const analysis = () => this.services.nn.Analyzer.analyze(document);

        if (isLayer(node) && (property === 'type' || property === 'name')) {
            return this.layerContent(analysis(), node);
        }
        if (isModel(node) && property === 'name') {
            const model = analysis().modelOf.get(node);
            return model && modelDoc(model);
        }
        if (isTrain(node) && property === 'model') {
            const model = analysis().models.find(m => m.name === node.model.$refText);
            return model && modelDoc(model);
        }
        if (isInputDecl(node)) {
            const input = analysis().modelOf.get(node.$container)?.input;
            if (!input) return undefined;
            const values = input.reduce((a, b) => a * b, 1);
            return `**input** \`${formatShape(input)}\`\n\nThe shape of one sample (${formatCount(values)} value${values === 1 ? '' : 's'}), without the batch axis.`;
        }
        if (isArgument(node) && property === 'name' && node.name) {
            const owner = argumentOwner(node.$container);
            const spec = owner && argumentSpec(node, owner);
            return spec && argumentDoc(spec, owner.owner, owner.specs, owner.strings);
        }
        if (isSetting(node) && property === 'name') {
            const info = findSetting(node.name);
            return info && settingDoc(info);
        }
        if (isNameValue(node) || isStringValue(node) || (isCallValue(node) && property === 'callee')) {
            return this.valueContent(analysis(), node);
        }
        return undefined;
    }

    private layerContent(analysis: DocumentAnalysis, node: Layer): string | undefined {
        const layer = analysis.layerOf.get(node);
        const kind = layer?.kind ?? findLayer(node.type);
        if (!layer || !kind) return undefined;
        return layerDoc(layer, kind);
    }

    private valueContent(analysis: DocumentAnalysis, value: Value): string | undefined {
        const meaning = valueMeaning(value);
        if (!meaning) return undefined;
        if (meaning.kind === 'named') return namedValueDoc(meaning.value, meaning.set);
        // A label: the labelled layer's output is what flows into the merge.
        const target = isNameValue(value) ? value.ref.ref : undefined;
        if (!target) return undefined;
        const layer = analysis.layerOf.get(target);
        const line = (target.$cstNode?.range.start.line ?? 0) + 1;
        const shape = layer?.output ? `\`${formatShape(layer.output)}\`` : 'unknown (fix the errors above first)';
        return `**${target.name}** — label of \`${target.type}(…)\` on line ${line}\n\nOutput ${shape}`;
    }
}
