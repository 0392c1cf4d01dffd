import { URI, type TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

/**
 * What happens to a document the editor closes. Langium keeps it forever: in the index, rebuilt
 * with the others, its diagnostics still shown, ~56 KB of heap each. Here a closed document
 * leaves the workspace and its diagnostics are cleared. Nothing is lost: no document refers to
 * another (models and labels are file-local, nothing is exported), so no other document needs it,
 * and opening it again reads it again.
 */
export class NnDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        this.fireDocumentUpdate([], [URI.parse(event.document.uri)]);
    }
}
