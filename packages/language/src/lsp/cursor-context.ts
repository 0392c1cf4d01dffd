/**
 * Where the cursor is, for completion: which block, which statement, which call and argument.
 * Read from the tokens before the cursor, because the text being completed is usually not
 * parseable yet (`Dense(10, activation=` has no value), and Langium's follow-set computation
 * cannot tell `Dense(10, |)` (another argument) from a trailing comma. One pass over the tokens:
 * linear in the text before the cursor, like Langium's own completion parse.
 */
import type { AstNode, LangiumDocument, Lexer } from 'langium';
import { isLayer, isModel, type Document } from '../generated/ast.js';

type Token = ReturnType<Lexer['tokenize']>['tokens'][number];

export type CursorPlace =
    /** Between blocks. */
    | { place: 'top' }
    /** After `train`: a model name. */
    | { place: 'train-model' }
    /** At the start of a statement in a model (`afterLabel`: after `name =`). */
    | { place: 'statement'; model: string; labels: string[]; hasStatements: boolean; afterLabel: boolean }
    /** Where an argument of a layer starts (a keyword or a positional value). */
    | { place: 'layer-argument'; model: string; layer: string; given: Set<string>; positional: number; positionalNames: string[]; keywordsStarted: boolean; labels: string[] }
    /** After `keyword=` in a layer's arguments. */
    | { place: 'layer-value'; model: string; layer: string; argument: string }
    /** At the start of a line in a train block. */
    | { place: 'setting-name'; given: Set<string> }
    /** After `setting =`, or inside the list of `metrics = [...]`. */
    | { place: 'setting-value'; setting: string; inList: boolean; listItems: Set<string> }
    /** Where an argument of an optimizer or data-set call starts (`Adam(|`). */
    | { place: 'call-argument'; setting: string; callee: string; given: Set<string> }
    /** After `keyword=` in such a call. */
    | { place: 'call-value'; setting: string; callee: string; argument: string }
    | { place: 'none' };

interface CallFrame {
    kind: 'call';
    callee: string;
    given: Set<string>;
    positional: number;
    /** Arguments finished (commas seen). */
    arguments: number;
    keywordsStarted: boolean;
    /** Positional arguments that are a bare name (a merge layer's labels). */
    positionalNames: string[];
    /** The argument being written: its tokens so far, and its keyword if it has one. */
    argTokens: Token[];
    argName?: string;
}

interface ListFrame {
    kind: 'list';
    names: Set<string>;
}

type Frame = CallFrame | ListFrame;

export interface Block {
    kind: 'model' | 'train';
    inBody: boolean;
    name?: string;
    /** Models: labels of finished statements; the current statement's label is committed at its end. */
    labels: string[];
    pendingLabel?: string;
    statements: number;
    /** Train blocks: settings written so far and the one being written. */
    settings: Set<string>;
    setting?: string;
}

const isId = (t: Token | undefined): t is Token => t?.tokenType.name === 'ID';

/**
 * Where the scan for a cursor at `offset` may begin instead of the start of the file: after the
 * last complete statement before it in its model (the model's name and labels so far taken from
 * the parsed tree), or at the start of the block holding it, or after the last block before it.
 * Only where everything before that point parsed without error, so that the tokens there would
 * leave the scan in exactly that state; otherwise the file's start. Typing in a 10,000-layer model
 * or a 1 MB file then scans one line, not everything above it.
 */
export interface ScanStart { from: number; seed?: Block }

export function scanStart(document: LangiumDocument, text: string, offset: number): ScanStart {
    const parsed = document.parseResult;
    const root = parsed.value as Document;
    if (root.$cstNode?.root.fullText !== text) return { from: 0 };
    let firstError = text.length;
    for (const e of parsed.lexerErrors) firstError = Math.min(firstError, e.offset);
    for (const e of parsed.parserErrors) firstError = Math.min(firstError, Number.isFinite(e.token.startOffset) ? e.token.startOffset : text.length);
    const blocks = root.blocks;
    const lo = endingBy(blocks, offset);
    // A statement or block the parser recovered from ends without its closing bracket.
    const closed = (end: number, bracket: string) => text[end - 1] === bracket || (bracket === ')' && text[end - 1] === ']');
    const block = blocks[lo];
    const previous = lo > 0 ? blocks[lo - 1].$cstNode!.end : 0;
    let start: ScanStart = { from: previous > 0 && !closed(previous, '}') ? 0 : previous };
    if (block?.$cstNode && block.$cstNode.offset < offset) {
        start = { from: block.$cstNode.offset };
        if (isModel(block)) {
            const statements = block.statements;
            const a = endingBy(statements, offset);
            if (a > 0 && closed(statements[a - 1].$cstNode!.end, ')')) {
                const done = statements.slice(0, a);
                const labels = done.flatMap(s => (isLayer(s) && s.name ? [s.name] : []));
                start = { from: done[a - 1].$cstNode!.end, seed: { kind: 'model', inBody: true, name: block.name, labels, statements: a, settings: new Set() } };
            }
        }
    }
    return start.from <= firstError ? start : { from: 0 };
}

/** How many of `nodes` (in text order) end at or before `offset`. */
function endingBy(nodes: readonly AstNode[], offset: number): number {
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((nodes[mid].$cstNode?.end ?? Infinity) <= offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/** Scans `tokens` (all before the cursor, or from a scanStart's `from` with its seed) and says what may be written next. */
export function cursorPlace(tokens: readonly Token[], seed?: Block): CursorPlace {
    const { block, stack } = scan(tokens, seed);
    return placeAt(block, stack, tokens[tokens.length - 1]);
}

/** The call the cursor is inside (directly, not in a nested list or call), for signature help. */
export interface OpenCall {
    block: 'model' | 'train';
    /** In a train block: the setting whose value the call is (`optimizer`, `data`). */
    setting?: string;
    callee: string;
    /** Index of the argument being written, counting every argument before it. */
    index: number;
    /** Positional arguments before it. */
    positional: number;
    /** Its keyword, once `name=` is written. */
    keyword?: string;
    /** Keyword arguments written so far. */
    given: Set<string>;
}

export function openCall(tokens: readonly Token[], seed?: Block): OpenCall | undefined {
    const { block, stack } = scan(tokens, seed);
    const top = stack[stack.length - 1];
    if (!block?.inBody || stack.length !== 1 || top.kind !== 'call' || !top.callee) return undefined;
    return {
        block: block.kind, setting: block.kind === 'train' ? block.setting : undefined, callee: top.callee,
        index: top.arguments, positional: top.positional, keyword: top.argName, given: top.given
    };
}

function scan(tokens: readonly Token[], seed?: Block): { block?: Block; stack: Frame[] } {
    let block: Block | undefined = seed && { ...seed, labels: [...seed.labels], settings: new Set(seed.settings) };
    const stack: Frame[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        const text = token.image;
        const previous = tokens[i - 1];
        if (!block) {
            if (text === 'model' || text === 'train') {
                block = { kind: text, inBody: false, labels: [], statements: 0, settings: new Set() };
            }
            continue;
        }
        if (!block.inBody) {
            if (isId(token)) block.name = text;
            else if (text === '{') block.inBody = true;
            else block = undefined;
            continue;
        }
        const top = stack[stack.length - 1];
        if (top?.kind === 'call' && text !== ',' && text !== ')' && text !== '=') top.argTokens.push(token);
        switch (text) {
            case '(':
                stack.push({ kind: 'call', callee: isId(previous) ? previous.image : '', given: new Set(), positional: 0, arguments: 0, positionalNames: [], keywordsStarted: false, argTokens: [] });
                break;
            case '[':
                stack.push({ kind: 'list', names: new Set() });
                break;
            case ')':
            case ']':
                stack.pop();
                if (stack.length === 0 && block.kind === 'model' && text === ')') {
                    if (block.pendingLabel) block.labels.push(block.pendingLabel);
                    block.pendingLabel = undefined;
                }
                break;
            case ',':
                if (top?.kind === 'call') {
                    top.arguments++;
                    if (top.argTokens.length > 0 && !top.argName) {
                        top.positional++;
                        if (top.argTokens.length === 1 && isId(top.argTokens[0])) top.positionalNames.push(top.argTokens[0].image);
                    }
                    top.argTokens = [];
                    top.argName = undefined;
                }
                break;
            case '=':
                if (!isId(previous)) break;
                if (top?.kind === 'call') {
                    top.argName = previous.image;
                    top.argTokens = [];
                    top.given.add(previous.image);
                    top.keywordsStarted = true;
                } else if (!top && block.kind === 'model') {
                    block.pendingLabel = previous.image;
                } else if (!top) {
                    block.setting = previous.image;
                    block.settings.add(previous.image);
                }
                break;
            case '}':
                if (!top) block = undefined;
                break;
            default:
                if (!top && block.kind === 'model' && (text === 'input' || (isId(token) && tokens[i + 1]?.image === '('))) block.statements++;
                if (top?.kind === 'list' && isId(token)) top.names.add(text);
        }
    }
    return { block, stack };
}

function placeAt(block: Block | undefined, stack: Frame[], last: Token | undefined): CursorPlace {
    if (!block) return { place: 'top' };
    if (!block.inBody) return block.kind === 'train' && !block.name ? { place: 'train-model' } : { place: 'none' };
    const model = block.name ?? '';
    const top = stack[stack.length - 1];
    const lastText = last?.image;
    if (!top) {
        if (block.kind === 'train') {
            return lastText === '=' && block.setting ? { place: 'setting-value', setting: block.setting, inList: false, listItems: new Set() } : { place: 'setting-name', given: block.settings };
        }
        if (lastText === '=') return { place: 'statement', model, labels: block.labels, hasStatements: true, afterLabel: true };
        if (isId(last)) return { place: 'none' };
        return { place: 'statement', model, labels: block.labels, hasStatements: block.statements > 0, afterLabel: false };
    }
    if (stack.length !== 1) return { place: 'none' };
    const atArgumentStart = lastText === '(' || lastText === ',';
    if (top.kind === 'list') {
        const inMetrics = block.kind === 'train' && block.setting === 'metrics' && (lastText === '[' || lastText === ',');
        return inMetrics ? { place: 'setting-value', setting: 'metrics', inList: true, listItems: top.names } : { place: 'none' };
    }
    if (block.kind === 'model') {
        if (lastText === '=' && top.argName) return { place: 'layer-value', model, layer: top.callee, argument: top.argName };
        if (atArgumentStart) {
            return { place: 'layer-argument', model, layer: top.callee, given: top.given, positional: top.positional, positionalNames: top.positionalNames, keywordsStarted: top.keywordsStarted, labels: block.labels };
        }
        return { place: 'none' };
    }
    const setting = block.setting ?? '';
    if (lastText === '=' && top.argName) return { place: 'call-value', setting, callee: top.callee, argument: top.argName };
    if (atArgumentStart) return { place: 'call-argument', setting, callee: top.callee, given: top.given };
    return { place: 'none' };
}
