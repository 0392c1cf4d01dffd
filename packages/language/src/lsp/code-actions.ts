import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { findArgument } from '../analysis/model.js';
import type { FixData, IssueCode } from '../analysis/types.js';
import { formatShape } from '../catalogue/format.js';
import { findLayer } from '../catalogue/layers.js';
import { isInputDecl, isLayer, isModel, isTrain, type Layer, type Model } from '../generated/ast.js';

type FixDiagnosticData = { code: IssueCode; otherFixes?: FixData[] } & FixData;

function fixData(diagnostic: Diagnostic): FixDiagnosticData | undefined {
    const data = diagnostic.data as Partial<FixDiagnosticData> | undefined;
    return data && typeof data.code === 'string' && typeof data.fix === 'string' ? (data as FixDiagnosticData) : undefined;
}

/**
 * Quick fixes for diagnostics that carry fix data (see `FixData`): the analysis decides what the
 * fixes are, this turns each into a text edit. A single fix is the obvious one, so preferred;
 * where a teacher would offer two (change the loss, or the output activation), neither is.
 */
export class NnCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] | undefined {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = fixData(diagnostic);
            if (!data) continue;
            const fixes: FixData[] = [data, ...(Array.isArray(data.otherFixes) ? data.otherFixes : [])];
            const found = fixes.map(fix => this.actionFor(document, diagnostic, fix)).filter((a): a is CodeAction => a !== undefined);
            if (found.length === 1) found[0].isPreferred = true;
            actions.push(...found);
        }
        return actions.length ? actions : undefined;
    }

    private actionFor(document: LangiumDocument, diagnostic: Diagnostic, data: FixData): CodeAction | undefined {
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
                const edit = layer && setActivation(document, layer, data.activation);
                return edit && quickFix(document, diagnostic, `Add activation=${data.activation}`, [edit]);
            }
            case 'replace-value':
                // The diagnostic sits on the value itself.
                return quickFix(document, diagnostic, `Use ${data.text}`, [{ range: diagnostic.range, newText: data.text }]);
            case 'remove-argument': {
                const layer = this.layerAt(document, diagnostic.range);
                const edit = layer && removeArgument(document, layer, data.argument);
                return edit && quickFix(document, diagnostic, `Remove ${data.argument} (use the default)`, [edit]);
            }
            case 'set-input': {
                const list = this.modelAt(document, diagnostic.range)?.statements.find(isInputDecl)?.shape?.$cstNode;
                const shape = formatShape(data.shape);
                return list && quickFix(document, diagnostic, `Change the input to ${shape}`, [{ range: list.range, newText: shape }]);
            }
            case 'insert-setting': {
                const train = this.nodeAt(document, diagnostic.range, isTrain);
                const edit = train && insertSetting(document, train, data.text);
                return edit && quickFix(document, diagnostic, `Add ${data.text}`, [edit]);
            }
            case 'fit-output': {
                const edits: TextEdit[] = [];
                const titles: string[] = [];
                if (data.activation) {
                    const layers = this.modelAt(document, diagnostic.range)?.statements.filter(isLayer);
                    const last = layers?.[layers.length - 1];
                    const edit = last && setActivation(document, last, data.activation);
                    if (!edit) return undefined;
                    edits.push(edit);
                    titles.push(`end with activation=${data.activation}`);
                }
                if (data.loss) {
                    // The diagnostic sits on the loss value.
                    edits.push({ range: diagnostic.range, newText: data.loss });
                    titles.push(`use ${data.loss}`);
                }
                const title = titles.join(' and ');
                return edits.length ? quickFix(document, diagnostic, title[0].toUpperCase() + title.slice(1), edits) : undefined;
            }
        }
    }

    private layerAt(document: LangiumDocument, range: Range): Layer | undefined {
        return this.nodeAt(document, range, isLayer);
    }

    /** The model the range is in, or the model its train block trains. */
    private modelAt(document: LangiumDocument, range: Range): Model | undefined {
        const model = this.nodeAt(document, range, isModel);
        if (model) return model;
        const trained = this.nodeAt(document, range, isTrain)?.model?.ref;
        return isModel(trained) ? trained : undefined;
    }

    private nodeAt<T extends AstNode>(document: LangiumDocument, range: Range, is: (node: unknown) => node is T): T | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
        return leaf && AstUtils.getContainerOfType(leaf.astNode, is);
    }
}

function quickFix(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit[]): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
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

/**
 * Sets the activation a layer applies: its written activation argument (by keyword or, as in
 * `Activation(sigmoid)`, by position) gets the new value; otherwise `activation=…` is appended.
 */
function setActivation(document: LangiumDocument, layer: Layer, activation: string): TextEdit | undefined {
    const kind = findLayer(layer.type);
    const source = kind?.lint.activation;
    const name = source && 'argument' in source ? source.argument : 'activation';
    const explicit = (kind ? findArgument(layer, kind, name) : layer.args.find(a => a.name === name))?.value?.$cstNode;
    if (explicit) return { range: explicit.range, newText: activation };
    const last = layer.args[layer.args.length - 1]?.$cstNode;
    if (last) return { range: { start: last.range.end, end: last.range.end }, newText: `, ${name}=${activation}` };
    const open = GrammarUtils.findNodeForKeyword(layer.$cstNode, '(');
    return open && { range: { start: open.range.end, end: open.range.end }, newText: `${name}=${activation}` };
}

/** Deletes a keyword argument with the comma that joins it to its neighbour. */
function removeArgument(document: LangiumDocument, layer: Layer, name: string): TextEdit | undefined {
    const index = layer.args.findIndex(a => a.name === name);
    const cst = layer.args[index]?.$cstNode;
    if (!cst) return undefined;
    const before = layer.args[index - 1]?.$cstNode;
    const after = layer.args[index + 1]?.$cstNode;
    // `Dense(4, kernel_initializer=zeros)` loses ", kernel_initializer=zeros"; a first argument loses "kernel_initializer=zeros, ".
    const start = before ? before.end : cst.offset;
    const end = before ? cst.end : after ? after.offset : cst.end;
    return { range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) }, newText: '' };
}

/** A new setting as the train block's first line, at its settings' indentation (four spaces if it has none). */
function insertSetting(document: LangiumDocument, train: AstNode & { settings: AstNode[] }, text: string): TextEdit | undefined {
    const open = GrammarUtils.findNodeForKeyword(train.$cstNode, '{');
    if (!open) return undefined;
    const first = train.settings[0]?.$cstNode;
    const indentation = first ? indentationAt(document, first.offset) : `${indentationAt(document, open.offset)}    `;
    const position = document.textDocument.positionAt(open.end);
    return { range: { start: position, end: position }, newText: `\n${indentation}${text}` };
}
