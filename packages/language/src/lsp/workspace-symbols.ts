import { GrammarUtils, type LangiumDocuments } from 'langium';
import type { FuzzyMatcher, LangiumSharedServices, WorkspaceSymbolProvider } from 'langium/lsp';
import { SymbolKind, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { isDocument, isModel } from '../generated/ast.js';

/**
 * Workspace symbols (Ctrl+T): every model of every open or workspace `.nn` file. Langium's default
 * reads the index of exported names, and nn files export nothing (models are file-local), so the
 * models are read from the parsed documents instead.
 */
export class NnWorkspaceSymbolProvider implements WorkspaceSymbolProvider {
    private readonly documents: LangiumDocuments;
    private readonly matcher: FuzzyMatcher;

    constructor(shared: LangiumSharedServices) {
        this.documents = shared.workspace.LangiumDocuments;
        this.matcher = shared.lsp.FuzzyMatcher;
    }

    getSymbols(params: WorkspaceSymbolParams): WorkspaceSymbol[] {
        const symbols: WorkspaceSymbol[] = [];
        for (const document of this.documents.all) {
            const root = document.parseResult.value;
            if (!isDocument(root)) continue;
            const file = document.uri.path.split('/').pop();
            for (const block of root.blocks) {
                if (!isModel(block) || !block.name || !this.matcher.match(params.query, block.name)) continue;
                const name = GrammarUtils.findNodeForProperty(block.$cstNode, 'name');
                if (!name) continue;
                symbols.push({ name: block.name, kind: SymbolKind.Class, containerName: file, location: { uri: document.uri.toString(), range: name.range } });
            }
        }
        return symbols;
    }
}
