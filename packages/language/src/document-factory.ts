import { DefaultLangiumDocumentFactory, DocumentState, type AstNode, type LangiumDocument, type Mutable, type ParseResult } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Document } from './generated/ast.js';
import { reparseIncrementally } from './incremental-parse.js';

/**
 * An open document's edit re-parses only what it touched (see incremental-parse.ts); anything
 * else (a file read from disk, an edit that cannot be parsed on its own) is parsed whole.
 */
export class NnDocumentFactory extends DefaultLangiumDocumentFactory {
    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
        const textDocument = this.textDocuments?.get(document.uri.toString());
        const old = document.parseResult as unknown as ParseResult<Document>;
        const oldText = old.value.$cstNode?.root.fullText;
        const text = textDocument?.getText();
        if (textDocument && oldText !== undefined && text !== undefined && text !== oldText) {
            const services = this.serviceRegistry.getServices(document.uri);
            const parsed = reparseIncrementally(services.parser.LangiumParser, services.parser.Lexer, old, text);
            if (parsed) {
                Object.defineProperty(document, 'textDocument', { value: textDocument });
                document.parseResult = parsed as unknown as ParseResult<T>;
                document.state = DocumentState.Parsed;
                return document;
            }
        }
        return super.update(document, cancellationToken);
    }
}
