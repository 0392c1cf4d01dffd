import { AstUtils, CstUtils, GrammarUtils, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { FixData, IssueCode } from '../analysis/types.js';
import { isLayer, type Layer } from '../generated/ast.js';

type FixDiagnosticData = { code: IssueCode } & FixData;

function fixData(diagnostic: Diagnostic): FixDiagnosticData | undefined {
    const data = diagnostic.data as Partial<FixDiagnosticData> | undefined;
    return data && typeof data.code === 'string' && typeof data.fix === 'string' ? (data as FixDiagnosticData) : undefined;
}

/**
 * Quick fixes, one per diagnostic that carries fix data (see `FixData`): the analysis decides
 * what the fix is, this turns it into a text edit. Each is the single obvious fix, so preferred.
 */
export class NnCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] | undefined {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = fixData(diagnostic);
            const action = data && this.actionFor(document, diagnostic, data);
            if (action) actions.push(action);
        }
        return actions.length ? actions : undefined;
    }

    private actionFor(document: LangiumDocument, diagnostic: Diagnostic, data: FixDiagnosticData): CodeAction | undefined {
        switch (data.fix) {
            case 'replace-name': {
                const edit = replaceLeadingName(document, diagnostic.range, data.replacement);
                return edit && quickFix(document, diagnostic, `Change to '${data.replacement}'`, [edit]);
            }
            case 'insert-before': {
                const layer = this.layerAt(document, diagnostic.range);
                const edit = layer && insertBefore(document, layer, data.text);
                return edit && quickFix(document, diagnostic, `Insert ${data.text} before ${layer.type}`, [edit]);
            }
            case 'remove-layer': {
                const layer = this.layerAt(document, diagnostic.range);
                const edit = layer && removeStatement(document, layer);
                return edit && quickFix(document, diagnostic, `Remove this ${layer.type}()`, [edit]);
            }
            case 'set-units':
                // The diagnostic sits on the units value itself.
                return quickFix(document, diagnostic, `Set units to ${data.value}`, [{ range: diagnostic.range, newText: String(data.value) }]);
            case 'add-activation': {
                const layer = this.layerAt(document, diagnostic.range);
                const edit = layer && addActivation(document, layer, data.activation);
                return edit && quickFix(document, diagnostic, `Add activation=${data.activation}`, [edit]);
            }
        }
    }

    private layerAt(document: LangiumDocument, range: Range): Layer | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
        return leaf && AstUtils.getContainerOfType(leaf.astNode, isLayer);
    }
}

function quickFix(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit[]): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.textDocument.uri]: edits } }
    };
}

/**
 * Replaces the name a diagnostic starts with: `Dens` → `Dense`, but in `Adamm(learning_rate=0.1)`
 * only the callee, and a quoted name keeps its quotes.
 */
function replaceLeadingName(document: LangiumDocument, range: Range, replacement: string): TextEdit | undefined {
    const text = document.textDocument.getText(range);
    const match = /^(["']?)([_a-zA-Z]\w*)\1/.exec(text);
    if (!match) return undefined;
    const start = document.textDocument.offsetAt(range.start);
    return {
        range: { start: range.start, end: document.textDocument.positionAt(start + match[0].length) },
        newText: `${match[1]}${replacement}${match[1]}`
    };
}

/** The indentation of the line `offset` is on. */
function indentationAt(document: LangiumDocument, offset: number): string {
    const text = document.textDocument.getText();
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** A new statement on its own line above the layer, at the layer's indentation (labels stay on the layer). */
function insertBefore(document: LangiumDocument, layer: Layer, statement: string): TextEdit | undefined {
    const cst = layer.$cstNode;
    if (!cst) return undefined;
    const position = document.textDocument.positionAt(cst.offset);
    return { range: { start: position, end: position }, newText: `${statement}\n${indentationAt(document, cst.offset)}` };
}

/** Deletes the statement; when it has its line to itself, the whole line goes. */
function removeStatement(document: LangiumDocument, layer: Layer): TextEdit | undefined {
    const cst = layer.$cstNode;
    if (!cst) return undefined;
    const text = document.textDocument.getText();
    const lineStart = text.lastIndexOf('\n', cst.offset - 1) + 1;
    let lineEnd = text.indexOf('\n', cst.end);
    if (lineEnd < 0) lineEnd = text.length;
    const aloneOnLine = text.slice(lineStart, cst.offset).trim() === '' && text.slice(cst.end, lineEnd).trim() === '';
    const [start, end] = aloneOnLine ? [lineStart, Math.min(lineEnd + 1, text.length)] : [cst.offset, cst.end];
    return { range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) }, newText: '' };
}

/** Sets an explicit `activation=linear` to the new activation, or appends `activation=…` after the last argument. */
function addActivation(document: LangiumDocument, layer: Layer, activation: string): TextEdit | undefined {
    const explicit = layer.args.find(a => a.name === 'activation')?.value.$cstNode;
    if (explicit) return { range: explicit.range, newText: activation };
    const last = layer.args[layer.args.length - 1]?.$cstNode;
    if (last) return { range: { start: last.range.end, end: last.range.end }, newText: `, activation=${activation}` };
    const open = GrammarUtils.findNodeForKeyword(layer.$cstNode, '(');
    return open && { range: { start: open.range.end, end: open.range.end }, newText: `activation=${activation}` };
}
