import { GrammarAST, type AstNodeDescription, type LangiumDocument, type Lexer, type MaybePromise, type ReferenceInfo } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionProviderOptions,
    type CompletionValueItem, type NextFeature
} from 'langium/lsp';
import { CompletionItemKind, CompletionList, InsertTextFormat, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { CancellationToken } from 'vscode-languageserver';
import { formatShape } from '../catalogue/format.js';
import { LAYERS, findLayer, positionalArgs } from '../catalogue/layers.js';
import { OPTIMIZERS, SETTINGS, findDataset, findOptimizer, findSetting } from '../catalogue/training.js';
import type { ArgSpec, LayerKind } from '../catalogue/types.js';
import { VALUE_SETS, valueNames, type ValueSetName } from '../catalogue/value-sets.js';
import type { NamedValue } from '../catalogue/vocabulary.js';
import type { NnServices } from '../nn-module.js';
import { argumentDoc, layerKindDoc, modelDoc, namedValueDoc, settingDoc, typeText } from './docs.js';
import { cursorPlace, scanStart, type CursorPlace } from './cursor-context.js';

/** Re-opens the suggestion list once `activation=` is inserted, so the values show at once. */
const SUGGEST_AGAIN = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

type Item = CompletionValueItem & { label: string };

/**
 * Completion from the catalogue. Between blocks and after `train`, Langium's feature computation
 * does the work (`completionFor`: keywords, models as cross-references). Inside blocks it cannot:
 * the grammar's follow sets take `Dense(10, |` for a trailing comma and `loss = mse |` for the
 * start of a call `mse(`, and they never say which layer or argument is meant. So inside blocks
 * the place is read from the tokens before the cursor (`cursorPlace`) and completed directly.
 */
export class NnCompletionProvider extends DefaultCompletionProvider {
    /** A space opens the list only after a comma (`Dense(10, |`); see `getCompletion`. */
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['(', ',', '=', '[', ' '] };

    /**
     * The place computed for the request being served, so that `filterKeyword` (called by
     * Langium during `super.getCompletion`) need not scan again; checked by document and offset.
     */
    private current?: { uri: string; offset: number; place: CursorPlace };

    constructor(private readonly services: NnServices) {
        super(services);
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const textDocument = document.textDocument;
        const text = textDocument.getText();
        const offset = textDocument.offsetAt(params.position);
        if (params.context?.triggerCharacter === ' ' && !/,\s+$/.test(text.slice(Math.max(0, offset - 64), offset))) return undefined;
        let start = offset;
        while (start > 0 && /\w/.test(text[start - 1])) start--;
        const { from, seed } = scanStart(document, text, start);
        const before = text.slice(from, start);
        const lexed = this.lexer.tokenize(before);
        if (insideStringOrComment(before, before.length, lexed)) return CompletionList.create([], false);
        const place = cursorPlace(lexed.tokens, seed);
        this.current = { uri: textDocument.uri, offset, place };

        const own = this.itemsFor(place, document);
        if (!own) return super.getCompletion(document, params, cancelToken);
        let end = offset;
        while (end < text.length && /\w/.test(text[end])) end++;
        const context: CompletionContext = { document, textDocument, features: [], offset, position: params.position, tokenOffset: start, tokenEndOffset: end };
        const items = own.map(item => this.fillCompletionItem(context, item)).filter((i): i is CompletionItem => i !== undefined);
        return CompletionList.create(items, true);
    }

    /** Items for places read from the tokens; undefined hands the request to Langium's machinery. */
    private itemsFor(place: CursorPlace, document: LangiumDocument): Item[] | undefined {
        switch (place.place) {
            case 'top':
            case 'train-model':
                return undefined;
            case 'statement': {
                const items = LAYERS.map(kind => layerItem(kind, place.labels));
                if (!place.hasStatements && !place.afterLabel) {
                    items.unshift({ label: 'input', kind: CompletionItemKind.Keyword, detail: 'the shape of one sample', insertText: 'input [${1:784}]', insertTextFormat: InsertTextFormat.Snippet, sortText: order(0, 0) });
                }
                return items;
            }
            case 'layer-argument': return this.layerArgumentItems(place, document);
            case 'layer-value': {
                const spec = findLayer(place.layer)?.args.find(a => a.name === place.argument);
                return spec ? valueItems(spec) : [];
            }
            case 'setting-name':
                return SETTINGS.filter(s => !place.given.has(s.name)).map(setting => ({
                    label: setting.name, kind: CompletionItemKind.Property, insertText: `${setting.name} = `,
                    detail: setting.required ? 'required setting' : 'setting',
                    documentation: markdown(settingDoc(setting)), sortText: order(0, SETTINGS.indexOf(setting)),
                    command: SUGGEST_AGAIN
                }));
            case 'setting-value': return settingValueItems(place.setting, place.inList, place.listItems);
            case 'call-argument': {
                const specs = callSpecs(place.setting, place.callee);
                return specs.filter(s => !place.given.has(s.name)).map(s => argumentItem(s, place.callee, specs));
            }
            case 'call-value': {
                const spec = callSpecs(place.setting, place.callee).find(s => s.name === place.argument);
                return spec ? valueItems(spec) : [];
            }
            case 'none': return [];
        }
    }

    private layerArgumentItems(place: Extract<CursorPlace, { place: 'layer-argument' }>, document: LangiumDocument): Item[] {
        const kind = findLayer(place.layer);
        if (!kind) return [];
        const items: Item[] = [];
        const positional = positionalArgs(kind);
        if (kind.merge) {
            const unused = place.labels.filter(l => !place.positionalNames.includes(l));
            if (!place.keywordsStarted) items.push(...this.labelItems(unused, place.model, document));
        } else if (!place.keywordsStarted && positional[place.positional]) {
            items.push(...valueItems(positional[place.positional]));
        }
        const filled = new Set(kind.merge ? [] : positional.slice(0, place.positional).map(a => a.name));
        for (const spec of kind.args) {
            if (kind.merge && spec.positional) continue;
            if (!place.given.has(spec.name) && !filled.has(spec.name)) items.push(argumentItem(spec, kind.name, kind.args));
        }
        return items;
    }

    /** Labels defined above the cursor in the same model, with their output shapes. */
    private labelItems(labels: string[], modelName: string, document: LangiumDocument): Item[] {
        const model = this.analysisOrUndefined(document)?.models.find(m => m.name === modelName);
        return labels.map((label, i) => {
            const index = model?.labels.get(label);
            const output = index === undefined ? undefined : model?.layers[index]?.output;
            return { label, kind: CompletionItemKind.Variable, detail: output ? `label · ${formatShape(output)}` : 'label', sortText: order(0, i) };
        });
    }

    /**
     * Reached only between blocks and after `train` (see getCompletion): the keywords `model` and
     * `train`, and the models of this file as cross-references.
     */
    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const isTrainModel = GrammarAST.isCrossReference(next.feature) && GrammarAST.isAssignment(next.feature.$container) && next.feature.$container.feature === 'model';
        if (GrammarAST.isKeyword(next.feature) || isTrainModel) return super.completionFor(context, next, acceptor);
    }

    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        return (keyword.value === 'model' || keyword.value === 'train') && this.placeOf(context).place === 'top';
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const model = this.analysisOrUndefined(context.document)?.models.find(m => m.name === description.name);
        return {
            ...super.createReferenceCompletionItem(description, refInfo, context),
            kind: CompletionItemKind.Class,
            detail: model?.input && model.output ? `model · ${formatShape(model.input)} → ${formatShape(model.output)}` : 'model',
            documentation: model && markdown(modelDoc(model))
        };
    }

    /**
     * The analysis, or undefined when it fails on half-typed text: a model's shape is only the
     * detail of its completion item, and the validator already reports an analyzer failure as an
     * `internal-error` diagnostic, so completion still offers the name.
     */
    private analysisOrUndefined(document: LangiumDocument) {
        try {
            return this.services.nn.Analyzer.analyze(document);
        } catch {
            return undefined;
        }
    }

    private placeOf(context: CompletionContext): CursorPlace {
        const current = this.current;
        if (current && current.uri === context.textDocument.uri && current.offset === context.offset) return current.place;
        return cursorPlace(this.lexer.tokenize(context.textDocument.getText().slice(0, context.tokenOffset)).tokens);
    }
}

function markdown(value: string) {
    return { kind: 'markdown' as const, value };
}

/** `Dense(${1:units})`: the required positional arguments as tab stops. */
function layerSnippet(kind: LayerKind, labels: string[]): string {
    if (kind.merge) {
        const choice = labels.length ? `\${1|${labels.join(',')}|}` : '${1:label}';
        return `${kind.name}(${choice})`;
    }
    const required = positionalArgs(kind).filter(a => a.required);
    const stops = required.map((a, i) => {
        if (a.type.kind === 'choice') return `\${${i + 1}|${choicesOf(a).join(',')}|}`;
        if (a.type.kind === 'shape') return `[\${${i + 1}:${a.name}}]`;
        return `\${${i + 1}:${a.name}}`;
    });
    return `${kind.name}(${stops.join(', ')})`;
}

/** Catalogue order (common things first) rather than the editor's alphabetical default. */
function order(group: number, index: number): string {
    return `${group}${String(index).padStart(3, '0')}`;
}

function layerItem(kind: LayerKind, labels: string[]): Item {
    return {
        label: kind.name,
        sortText: order(1, LAYERS.indexOf(kind)),
        kind: CompletionItemKind.Class,
        detail: `${kind.category} layer`,
        documentation: markdown(layerKindDoc(kind)),
        insertText: layerSnippet(kind, labels),
        insertTextFormat: InsertTextFormat.Snippet
    };
}

function argumentItem(spec: ArgSpec, owner: string, ownerArgs: readonly ArgSpec[]): Item {
    const wantsValues = spec.type.kind === 'choice' || spec.type.kind === 'bool';
    return {
        label: spec.name,
        kind: CompletionItemKind.Property,
        insertText: `${spec.name}=`,
        detail: typeText(spec.type).replace(/`/g, '').split(':')[0],
        documentation: markdown(argumentDoc(spec, owner, ownerArgs)),
        sortText: order(1, ownerArgs.indexOf(spec)),
        command: wantsValues ? SUGGEST_AGAIN : undefined
    };
}

function choicesOf(spec: ArgSpec): readonly string[] {
    return spec.type.kind === 'choice' ? valueNames(spec.type.set) : [];
}

function namedItem(value: NamedValue, set: ValueSetName, index: number, insertText?: string, snippet = false): Item {
    return {
        label: value.name,
        kind: CompletionItemKind.EnumMember,
        detail: value.formula ? `${set} · ${value.formula}` : set,
        documentation: markdown(namedValueDoc(value, set)),
        insertText,
        insertTextFormat: snippet ? InsertTextFormat.Snippet : undefined,
        sortText: order(0, index)
    };
}

/** The values an argument of this type takes; nothing for numbers and shapes (no sensible list). */
function valueItems(spec: ArgSpec): Item[] {
    if (spec.type.kind === 'choice') {
        const set = spec.type.set;
        return VALUE_SETS[set].values.map((v, i) => namedItem(v, set, i));
    }
    if (spec.type.kind === 'bool') {
        return ['true', 'false'].map((label, i) => ({ label, kind: CompletionItemKind.Value, detail: spec.default === (label === 'true') ? 'default' : undefined, sortText: order(0, i) }));
    }
    return [];
}

/** Snippets for values that take arguments: a csv file and its label column, an optimizer's learning rate. */
function valueSnippet(set: ValueSetName, value: NamedValue): string | undefined {
    if (set === 'data set' && value.name === 'csv') return 'csv("${1:data/file.csv}", label="${2:label}")';
    const optimizer = set === 'optimizer' ? OPTIMIZERS.find(o => o.name === value.name) : undefined;
    return optimizer && `${optimizer.className}(learning_rate=\${1:${optimizer.args[0].default}})`;
}

function settingValueItems(setting: string, inList: boolean, listItems: Set<string>): Item[] {
    const set = findSetting(setting)?.values;
    if (!set) return [];
    const items = VALUE_SETS[set].values.map((value, i): Item | undefined => {
        if (setting === 'metrics') {
            return listItems.has(value.name) ? undefined : namedItem(value, set, i, inList ? undefined : `[${value.name}]`);
        }
        const snippet = valueSnippet(set, value);
        return namedItem(value, set, i, snippet, snippet !== undefined);
    }).filter((item): item is Item => item !== undefined);
    // A fraction of the training data is the other kind of validation.
    if (set === 'validation split') items.push({ label: '0.1', kind: CompletionItemKind.Value, detail: 'a fraction of the training data', sortText: order(0, items.length) });
    return items;
}

function callSpecs(setting: string, callee: string): readonly ArgSpec[] {
    if (setting === 'optimizer') return findOptimizer(callee)?.args ?? [];
    if (setting === 'data') return findDataset(callee)?.args ?? [];
    return [];
}

/** A cursor inside a string or a comment gets no completion. */
function insideStringOrComment(text: string, start: number, lexed: ReturnType<Lexer['tokenize']>): boolean {
    const comment = lexed.hidden[lexed.hidden.length - 1];
    if (comment && comment.image.startsWith('//') && (comment.endOffset ?? -2) + 1 === start) return true;
    const lastError = lexed.errors[lexed.errors.length - 1];
    if (!lastError) return false;
    const char = text[lastError.offset];
    // An unterminated string (which cannot span lines) or block comment is a lexer error from its opening character on.
    const openString = (char === '"' || char === '\'') && !text.slice(lastError.offset, start).includes('\n');
    return openString || (char === '/' && text[lastError.offset + 1] === '*');
}
