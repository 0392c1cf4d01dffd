import type { AstNode, LangiumParser, Lexer, ParseResult } from 'langium';
import { isModel, type Document } from './generated/ast.js';

/**
 * Re-parsing after an edit, only the part of the file the edit touched: the statements of one
 * model, or whole top-level blocks. The new nodes are spliced into the old tree, whose other nodes
 * are kept (their positions moved), so a keystroke in a 10,000-layer model or in one of 2,000
 * models parses a line or a block, not the file.
 *
 * The result must be exactly what a full parse of the new text gives, syntax errors included;
 * whenever that is not certain this returns undefined and the caller parses the whole file. That
 * is the case when the old tree had a syntax error outside the re-parsed part, when the edit's text
 * could lex differently at the border with the kept text (an unclosed comment or string, a name
 * running into the next one), when the re-parsed part has a syntax error whose recovery could reach
 * past it (see widened), and when Langium's syntax-tree internals are not the ones this was written
 * against. An old error inside the part (at most at the first kept token, where a missing bracket
 * is noticed) is fine: the kept nodes after it were parsed from the same state as a clean parse
 * reaches there. The differential tests compare the result with full parses over generated edits,
 * from clean and from broken texts.
 */
export function reparseIncrementally(parser: LangiumParser, lexer: Lexer, old: ParseResult<Document>, newText: string): ParseResult<Document> | undefined {
    const root = old.value;
    const rootCst = root.$cstNode as unknown as RootCst | undefined;
    if (!rootCst || typeof rootCst._text !== 'string' || !Array.isArray(rootCst.content)) return undefined;
    const leaf = rootCst.content.length > 0 ? firstLeaf(rootCst) : undefined;
    if (leaf && (typeof leaf._offset !== 'number' || typeof leaf._startLine !== 'number' || typeof leaf._endColumn !== 'number')) return undefined;
    const oldText = rootCst._text;
    // A lone carriage return is a line break to the lexer; the blanked prefix below keeps only \n.
    if (LONE_CR.test(newText)) return undefined;
    const edit = textEdit(oldText, newText);
    const parseErrors = old.parserErrors.map(e => (Number.isFinite(e.token.startOffset) ? e.token.startOffset : oldText.length));
    const errors = [...old.lexerErrors.map(e => e.offset), ...(old.lexerReport?.diagnostics ?? []).map(e => e.offset), ...parseErrors];
    const context: Context = { parser, lexer, root, rootCst, oldText, newText, edit, errors, parseErrors };
    return inModel(context) ?? atTopLevel(context);
}

/** What changed: old text [start, oldEnd) became new text [start, newEnd). */
export interface TextEdit { start: number; oldEnd: number; newEnd: number }

export function textEdit(oldText: string, newText: string): TextEdit {
    const limit = Math.min(oldText.length, newText.length);
    let start = 0;
    while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let oldEnd = oldText.length;
    let newEnd = newText.length;
    while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
        oldEnd--;
        newEnd--;
    }
    return { start, oldEnd, newEnd };
}

const LONE_CR = /\r(?!\n)/;

/** Langium's syntax-tree classes, as far as this file reads and moves them. */
interface Leaf {
    container?: Composite;
    hidden: boolean;
    _offset: number;
    _length: number;
    _startLine: number;
    _startColumn: number;
    _endLine: number;
    _endColumn: number;
}
interface Composite {
    container?: Composite;
    content: Node[];
    _rangeCache?: unknown;
}
interface RootCst extends Composite { _text: string }
type Node = Leaf | Composite;

const isComposite = (node: Node): node is Composite => Array.isArray((node as Composite).content);

function firstLeaf(node: Node): Leaf {
    while (isComposite(node)) node = node.content[0];
    return node;
}

function lastLeaf(node: Node): Leaf {
    while (isComposite(node)) node = node.content[node.content.length - 1];
    return node;
}

const startOf = (node: Node) => firstLeaf(node)._offset;
const endOf = (node: Node) => {
    const leaf = lastLeaf(node);
    return leaf._offset + leaf._length;
};

interface Context {
    parser: LangiumParser;
    lexer: Lexer;
    root: Document;
    rootCst: RootCst;
    oldText: string;
    newText: string;
    edit: TextEdit;
    /** Offsets of the old text's syntax errors, lexer's and parser's, and the parser's alone. */
    errors: number[];
    parseErrors: number[];
}

/**
 * Children parent.content[first, end) are replaced; they covered old text [from, to). `limit` is
 * the index of the container's end: a model's closing brace, or content.length at the top level.
 */
interface Region { parent: Composite; first: number; end: number; from: number; to: number; limit: number }

/**
 * The children of `parent` strictly between the kept children `low` and `high` that an edit
 * touches, widened to the whole gap between the kept neighbours. A neighbour that ends exactly where
 * the edit starts is taken in too (typing right after a comment extends it), except the fixed
 * bracket `low`. -1 and content.length stand for the start and the end of the file.
 */
function regionIn(parent: Composite, low: number, high: number, context: Context): Region | undefined {
    const { edit, oldText } = context;
    const content = parent.content;
    const end = (i: number) => (i < 0 ? 0 : endOf(content[i]));
    const start = (i: number) => (i >= content.length ? oldText.length : startOf(content[i]));
    if (end(low) > edit.start || start(high) < edit.oldEnd) return undefined;
    // Children are in text order: binary searches for the last child kept before and the first after.
    let a = low;
    let b = high - 1;
    while (a < b) {
        const mid = (a + b + 1) >> 1;
        if (end(mid) < edit.start) a = mid;
        else b = mid - 1;
    }
    let c = a + 1;
    let d = high;
    while (c < d) {
        const mid = (c + d) >> 1;
        if (start(mid) > edit.oldEnd) d = mid;
        else c = mid + 1;
    }
    return { parent, first: a + 1, end: c, from: end(a), to: start(c), limit: high };
}

/** The edit lies inside one model's braces: re-parse the statements it touches. */
function inModel(context: Context): ParseResult<Document> | undefined {
    const { root, edit } = context;
    const block = root.blocks.find(b => b.$cstNode && b.$cstNode.offset < edit.start && edit.oldEnd < b.$cstNode.end);
    if (!isModel(block) || !block.$cstNode) return undefined;
    let body = block.$cstNode as unknown as Composite;
    while (body.content.length === 1 && isComposite(body.content[0])) body = body.content[0];
    const open = body.content.findIndex(child => !isComposite(child) && !child.hidden && leafText(context, child) === '{');
    const close = body.content.length - 1;
    const closing = body.content[close];
    if (open < 0 || isComposite(closing) || leafText(context, closing) !== '}') return undefined;
    const region = regionIn(body, open, close, context);
    if (!region) return undefined;
    return splice(context, region, block.statements, block, 'statements', 'model _{');
}

/** Otherwise: re-parse the top-level blocks the edit touches. */
function atTopLevel(context: Context): ParseResult<Document> | undefined {
    const region = regionIn(context.rootCst, -1, context.rootCst.content.length, context);
    if (!region) return undefined;
    return splice(context, region, context.root.blocks, context.root, 'blocks', '');
}

function leafText(context: Context, leaf: Leaf): string {
    return context.oldText.substring(leaf._offset, leaf._offset + leaf._length);
}

/**
 * The region one unit (statement or block) longer, for a re-parse that has a syntax error: if the
 * unit after the error parses cleanly from its own first token, the parser's recovery ended before
 * it, and a full parse goes on from there as the kept tree did.
 */
function widened(context: Context, region: Region): { region: Region; resumes: number } | undefined {
    const content = region.parent.content;
    let j = region.end;
    while (j < region.limit && !isComposite(content[j])) j++;
    if (j >= region.limit) return undefined;
    const to = j + 1 < content.length ? startOf(content[j + 1]) : context.oldText.length;
    return { region: { ...region, end: j + 1, to }, resumes: startOf(content[j]) };
}

/**
 * `resumes` (old offset): this region was widened past a syntax error by one unit starting there,
 * which must parse cleanly from its own first token (see widened).
 */
function splice(context: Context, region: Region, units: AstNode[], owner: AstNode, property: string, header: string, resumes?: number): ParseResult<Document> | undefined {
    const { parser, lexer, root, rootCst, oldText, newText, edit, errors } = context;
    if (errors.some(offset => offset < region.from || offset > region.to)) return undefined;
    // The unit kept before the region must be complete. The parser notices a unit's missing
    // bracket at the next token (and supplies it there), so an old parse error at or before the
    // region's first token may belong to that unit, closed where the region's text began.
    const firstInRegion = region.parent.content.slice(region.first, region.end).find(child => isComposite(child) || !child.hidden);
    const firstToken = firstInRegion ? startOf(firstInRegion) : region.to;
    if (context.parseErrors.some(offset => offset <= firstToken)) return undefined;
    const delta = edit.newEnd - edit.oldEnd;
    const from = region.from;
    const to = region.to + delta;
    const next = region.end < region.parent.content.length ? firstLeaf(region.parent.content[region.end]) : undefined;

    // The kept text after the region must lex as before: the region's last token may not run on.
    if (next) {
        const probe = lexer.tokenize(newText.substring(from, to + next._length));
        if (probe.errors.length > 0) return undefined;
        const at = to - from;
        if (![...probe.tokens, ...(probe.hidden ?? [])].some(t => t.startOffset === at && t.image.length === next._length)) return undefined;
    }

    // The region parsed in place: everything before it blanked (line breaks kept, so positions are
    // the real ones), a model header in front of statements, a closing brace after them.
    const prefix = blankPrefix(newText, from, header);
    if (prefix === undefined) return undefined;
    const synthetic = prefix + newText.substring(from, to) + (header ? '}' : '');
    const parsed = parser.parse<Document>(synthetic);
    const newErrors = [
        ...parsed.lexerErrors.map(e => e.offset),
        ...(parsed.lexerReport?.diagnostics ?? []).map(e => e.offset),
        ...parsed.parserErrors.map(e => (Number.isFinite(e.token.startOffset) ? e.token.startOffset : synthetic.length))
    ];
    // A syntax error is kept only where the parser's recovery cannot have reached past the region:
    // at the container's end (its closing brace or the end of the file, the same tokens as in the
    // full text), or before a unit that parsed cleanly from its own first token (see widened).
    const resumesAt = resumes === undefined ? undefined : resumes + delta;
    if (newErrors.length > 0 && region.end < region.limit) {
        if (resumesAt === undefined) {
            const wider = widened(context, region);
            return wider && splice(context, wider.region, units, owner, property, header, wider.resumes);
        }
        if (newErrors.some(offset => offset > resumesAt)) return undefined;
    }
    let children: Node[];
    let fresh: AstNode[];
    if (header) {
        const model = parsed.value.blocks[0];
        if (parsed.value.blocks.length !== 1 || !isModel(model) || !model.$cstNode) return undefined;
        let body = model.$cstNode as unknown as Composite;
        while (body.content.length === 1 && isComposite(body.content[0])) body = body.content[0];
        const closing = body.content[body.content.length - 1];
        if (body.content.length < 4 || isComposite(closing) || closing._offset !== to) return undefined;
        children = body.content.slice(3, -1);
        fresh = model.statements;
    } else {
        children = (parsed.value.$cstNode as unknown as Composite).content;
        fresh = parsed.value.blocks;
    }
    if (newErrors.length > 0 && resumesAt !== undefined && region.end < region.limit) {
        const last = children[children.length - 1];
        if (!last || !isComposite(last) || startOf(last) !== resumesAt || endOf(last) > to) return undefined;
    }

    // The old units the region covers: each unit's syntax node is a child of the region's parent.
    const replaced = new Set(region.parent.content.slice(region.first, region.end));
    let firstUnit = -1;
    let unitCount = 0;
    for (let i = 0; i < units.length; i++) {
        const cst = units[i].$cstNode as unknown as Node | undefined;
        if (!cst || (cst as Composite).container !== region.parent) return undefined;
        if (replaced.has(cst)) {
            if (firstUnit < 0) firstUnit = i;
            else if (i !== firstUnit + unitCount) return undefined;
            unitCount++;
        }
    }
    if (firstUnit < 0) {
        // Nothing replaced: the new units go before the first unit that starts after the region.
        firstUnit = units.findIndex(u => u.$cstNode!.offset >= region.to);
        if (firstUnit < 0) firstUnit = units.length;
    }

    // Kept nodes after the region move: offsets by the edit's length change, lines by its change
    // in line breaks, and columns on the line where the kept text resumes.
    const lineDelta = countLineBreaks(newText, from, to) - countLineBreaks(oldText, from, region.to);
    const columnDelta = (to - lineStart(newText, to)) - (region.to - lineStart(oldText, region.to));
    const resumeLine = next?._startLine ?? -1;
    moveAfter(rootCst, region.to, delta, lineDelta, resumeLine, columnDelta);

    const content = region.parent.content;
    for (const child of children) child.container = region.parent;
    region.parent.content = [...content.slice(0, region.first), ...children, ...content.slice(region.end)];
    for (let node: Composite | undefined = region.parent; node; node = node.container) node._rangeCache = undefined;

    const newUnits = [...units.slice(0, firstUnit), ...fresh, ...units.slice(firstUnit + unitCount)];
    for (let i = firstUnit; i < newUnits.length; i++) {
        const unit = newUnits[i] as { $container: AstNode; $containerProperty?: string; $containerIndex?: number };
        unit.$container = owner;
        unit.$containerProperty = property;
        unit.$containerIndex = i;
    }
    // A new array, never the old one changed in place: caches keyed by it (labels, analyses) notice.
    (owner as unknown as Record<string, AstNode[]>)[property] = newUnits;
    rootCst._text = newText;
    return { value: root, lexerErrors: parsed.lexerErrors, lexerReport: parsed.lexerReport, parserErrors: parsed.parserErrors };
}

/**
 * A string as long as text[0, end) with its line breaks where the real ones are counted to be:
 * spaces, then as many \n as the text has line breaks ending where the last real one ends, then
 * spaces to `end`. `header` (a model's opening) is written into the first run of spaces.
 */
function blankPrefix(text: string, end: number, header: string): string | undefined {
    const breaks = countLineBreaks(text, 0, end);
    const lastBreakEnd = lineStart(text, end);
    const before = lastBreakEnd - breaks;
    if (header.length > before) {
        const onLine = end - lastBreakEnd;
        if (header.length > onLine) return undefined;
        return ' '.repeat(before) + '\n'.repeat(breaks) + header + ' '.repeat(onLine - header.length);
    }
    return header + ' '.repeat(before - header.length) + '\n'.repeat(breaks) + ' '.repeat(end - lastBreakEnd);
}

function countLineBreaks(text: string, from: number, to: number): number {
    let count = 0;
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
    return count;
}

function lineStart(text: string, offset: number): number {
    return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Moves every leaf at or after `from` (old offsets); subtrees that end before it are skipped. */
function moveAfter(node: Composite, from: number, delta: number, lineDelta: number, resumeLine: number, columnDelta: number): void {
    for (const child of node.content) {
        if (isComposite(child)) {
            if (endOf(child) <= from) continue;
            child._rangeCache = undefined;
            moveAfter(child, from, delta, lineDelta, resumeLine, columnDelta);
        } else if (child._offset >= from) {
            if (child._startLine === resumeLine) child._startColumn += columnDelta;
            if (child._endLine === resumeLine) child._endColumn += columnDelta;
            child._offset += delta;
            child._startLine += lineDelta;
            child._endLine += lineDelta;
        }
    }
}
