import type { LangiumDocument, Lexer } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { ParameterInformation, SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import { findLayer } from '../catalogue/layers.js';
import { CSV_DATA, findDataset, findOptimizer } from '../catalogue/training.js';
import type { ArgSpec } from '../catalogue/types.js';
import type { NnServices } from '../nn-module.js';
import { openCall, scanStart, type OpenCall } from './cursor-context.js';
import { typeText, valueLiteral } from './docs.js';

/**
 * Signature help inside a layer call (and an optimizer or data-set call in a train block): the
 * arguments in Keras order, the one being written highlighted, and for it its type, default and
 * one line of documentation. Like completion, the call is read from the tokens before the cursor,
 * because the call being typed rarely parses.
 */
export class NnSignatureHelpProvider implements SignatureHelpProvider {
    private readonly lexer: Lexer;

    constructor(services: NnServices) {
        this.lexer = services.parser.Lexer;
    }

    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['(', ','], retriggerCharacters: ['='] };
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const { from, seed } = scanStart(document, text, offset);
        const call = openCall(this.lexer.tokenize(text.slice(from, offset)).tokens, seed);
        return call && signatureHelpFor(call);
    }
}

interface Callable {
    name: string;
    args: readonly ArgSpec[];
    /** Positional arguments are labels of earlier layers (merge layers). */
    merge?: boolean;
}

function callableFor(call: OpenCall): Callable | undefined {
    if (call.block === 'model') return findLayer(call.callee);
    if (call.setting === 'optimizer') {
        const optimizer = findOptimizer(call.callee);
        return optimizer && { name: optimizer.className, args: optimizer.args };
    }
    if (call.setting === 'data') {
        const data = call.callee === CSV_DATA.name ? CSV_DATA : findDataset(call.callee);
        return data && { name: data.name, args: data.args };
    }
    return undefined;
}

export function signatureHelpFor(call: OpenCall): SignatureHelp | undefined {
    const callable = callableFor(call);
    if (!callable) return undefined;
    const parameters: ParameterInformation[] = [];
    const parts: string[] = [];
    let label = `${callable.name}(`;
    const add = (part: string, documentation?: string) => {
        if (parts.length > 0) label += ', ';
        parameters.push({ label: [label.length, label.length + part.length], documentation: documentation && { kind: 'markdown', value: documentation } });
        label += part;
        parts.push(part);
    };
    if (callable.merge) add('labels…', 'Labels of earlier layers (`skip = Conv2D(...)` above), merged with the previous output.');
    const shown = callable.args.filter(a => !callable.merge || !a.positional);
    for (const spec of shown) add(parameterLabel(spec, callable), parameterDoc(spec));
    label += ')';
    const signature: SignatureInformation = { label, parameters, activeParameter: activeParameter(call, callable, shown) };
    return { signatures: [signature], activeSignature: 0, activeParameter: signature.activeParameter };
}

/** `units`, `activation=linear`: positional ones by name, the others as Keras writes their defaults. */
function parameterLabel(spec: ArgSpec, callable: Callable): string {
    if (spec.positional && !callable.merge) return spec.name;
    return `${spec.name}=${spec.default === undefined || spec.default === null ? '…' : valueLiteral(spec.default)}`;
}

function parameterDoc(spec: ArgSpec): string {
    const facts = [typeText(spec.type)];
    if (spec.required) facts.push('required');
    else if (spec.default === null) facts.push('default: derived from the others');
    else if (spec.default !== undefined) facts.push(`default \`${valueLiteral(spec.default)}\``);
    return `${facts.join(' · ')}\n\n${firstSentence(spec.doc)}`;
}

function firstSentence(doc: string): string {
    const end = doc.search(/\.(\s|$)/);
    return end < 0 ? doc : doc.slice(0, end + 1);
}

/**
 * The highlighted parameter: the keyword's, once `name=` is written; otherwise the next
 * positional one; none (-1 would be invalid, so past the end) when neither applies.
 */
function activeParameter(call: OpenCall, callable: Callable, shown: readonly ArgSpec[]): number {
    const offset = callable.merge ? 1 : 0;
    if (call.keyword) {
        const index = shown.findIndex(a => a.name === call.keyword);
        return index < 0 ? shown.length + offset : index + offset;
    }
    if (callable.merge) return 0;
    const positional = shown.filter(a => a.positional);
    if (call.positional < positional.length && call.given.size === 0) return shown.indexOf(positional[call.positional]);
    return shown.length;
}
