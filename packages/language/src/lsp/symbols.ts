import { GrammarUtils, type CstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { formatShape } from '../catalogue/format.js';
import type { ResolvedSettings } from '../analysis/train.js';
import type { DocumentAnalysis } from '../analysis/types.js';
import { isInputDecl, isModel, type Document, type Model, type Train } from '../generated/ast.js';
import type { NnServices } from '../nn-module.js';
import { modelHintText } from './inlay-hints.js';

/**
 * The outline: each model with its input and layers (detail: output shape), each train block
 * with its settings. One pass over the blocks; shapes come from the cached analysis.
 */
export class NnDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(private readonly services: NnServices) {}

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as Document;
        const analysis = this.services.nn.Analyzer.analyze(document);
        const trains = new Map(analysis.trains.map(t => [t.node, t.settings]));
        const symbols: DocumentSymbol[] = [];
        for (const block of root.blocks) {
            const symbol = isModel(block) ? modelSymbol(block, analysis) : trainSymbol(block, trains.get(block));
            if (symbol) symbols.push(symbol);
        }
        return symbols;
    }
}

function modelSymbol(model: Model, analysis: DocumentAnalysis): DocumentSymbol | undefined {
    const cst = model.$cstNode;
    if (!cst) return undefined;
    const info = analysis.modelOf.get(model);
    const children: DocumentSymbol[] = [];
    for (const statement of model.statements) {
        const statementCst = statement.$cstNode;
        if (!statementCst) continue;
        if (isInputDecl(statement)) {
            children.push(symbol('input', SymbolKind.Field, statementCst, statementCst, info?.input && formatShape(info.input)));
            continue;
        }
        const layer = analysis.layerOf.get(statement);
        const typeNode = GrammarUtils.findNodeForProperty(statementCst, 'type') ?? statementCst;
        // Half-typed text parses with parts missing (`skip =` has no type yet).
        const type = statement.type ?? '?';
        const name = statement.name ? `${statement.name} = ${type}` : type;
        children.push(symbol(name, statement.name ? SymbolKind.Variable : SymbolKind.Function, statementCst, typeNode, layer?.output && formatShape(layer.output)));
    }
    const nameNode = GrammarUtils.findNodeForProperty(cst, 'name') ?? cst;
    const detail = info && [info.input && info.output && `${formatShape(info.input)} → ${formatShape(info.output)}`, modelHintText(info)].filter(Boolean).join(' · ');
    return { ...symbol(model.name || '(model)', SymbolKind.Class, cst, nameNode, detail || undefined), children };
}

function trainSymbol(train: Train, settings: ResolvedSettings | undefined): DocumentSymbol | undefined {
    const cst = train.$cstNode;
    if (!cst) return undefined;
    const children = train.settings.flatMap(setting => {
        const settingCst = setting.$cstNode;
        if (!settingCst) return [];
        const nameNode = GrammarUtils.findNodeForProperty(settingCst, 'name') ?? settingCst;
        return [symbol(setting.name || '(setting)', SymbolKind.Property, settingCst, nameNode, setting.value?.$cstNode?.text)];
    });
    const refNode = GrammarUtils.findNodeForProperty(cst, 'model') ?? cst;
    const detail = settings && [settings.dataInfo?.name ?? settings.data?.kind, settings.loss].filter(Boolean).join(' · ');
    return { ...symbol(`train ${train.model?.$refText || '?'}`, SymbolKind.Event, cst, refNode, detail || undefined), children };
}

function symbol(name: string, kind: SymbolKind, whole: CstNode, selection: CstNode, detail: string | undefined): DocumentSymbol {
    return { name, kind, range: whole.range, selectionRange: selection.range, detail };
}
