/**
 * `NN: Show Model Summary` opens a read-only virtual document (scheme `nn-summary`) holding the
 * Keras-style tables the language server formats. It follows edits of its .nn file.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { NnRequests } from './lsp-client.js';
import { refusal } from './messages.js';

export const SUMMARY_SCHEME = 'nn-summary';

/** `nn-summary:/xor.nn (Xor).summary?<source uri>#<model>`: the path is what the tab shows. */
export function summaryUri(source: vscode.Uri, model?: string): vscode.Uri {
    const base = path.basename(source.path);
    return vscode.Uri.from({
        scheme: SUMMARY_SCHEME,
        path: `/${base}${model ? ` (${model})` : ''}.summary`,
        query: source.toString(),
        fragment: model ?? ''
    });
}

export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly changes = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changes.event;
    private readonly subscriptions: vscode.Disposable[] = [];
    private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

    constructor(private readonly requests: NnRequests) {
        this.subscriptions.push(
            vscode.workspace.onDidChangeTextDocument(e => {
                if (e.document.languageId !== 'nn') return;
                const source = e.document.uri.toString();
                for (const doc of vscode.workspace.textDocuments) {
                    if (doc.uri.scheme !== SUMMARY_SCHEME || doc.uri.query !== source) continue;
                    // Typing fires many changes: refresh once it pauses.
                    const key = doc.uri.toString();
                    clearTimeout(this.timers.get(key));
                    this.timers.set(key, setTimeout(() => this.changes.fire(doc.uri), 300));
                }
            })
        );
    }

    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
        const source = vscode.Uri.parse(uri.query);
        const document = await vscode.workspace.openTextDocument(source);
        const model = uri.fragment || undefined;
        const result = await this.requests.summary(document, model);
        const name = path.basename(source.path);
        if (result.errors.length) return `${refusal('summarise the models', name, result.errors)}\n`;
        if (!result.text) return model ? `${name} has no model '${model}' (models: ${result.models.join(', ') || 'none'}).\n` : `${name} has no models.\n`;
        return result.text;
    }

    dispose(): void {
        for (const t of this.timers.values()) clearTimeout(t);
        this.changes.dispose();
        for (const s of this.subscriptions) s.dispose();
    }
}
