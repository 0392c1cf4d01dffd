/**
 * Re-parsing only what an edit touched must give exactly what a full parse gives: the same syntax
 * tree (every token's offset, line and column, every node's range), the same AST, and in the
 * editor the same diagnostics as the same text opened fresh. Checked over chains of generated
 * edits on the examples and on generated files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AstUtils, EmptyFileSystem, isReference, TextDocument, URI, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Document } from '../src/generated/ast.js';
import { reparseIncrementally, textEdit } from '../src/incremental-parse.js';
import { createNnServices } from '../src/nn-module.js';

const { Nn } = createNnServices(EmptyFileSystem);
const parser = Nn.parser.LangiumParser;
const lexer = Nn.parser.Lexer;

const examples = fs.readdirSync('examples').filter(f => f.endsWith('.nn')).map(f => fs.readFileSync(path.join('examples', f), 'utf8'));

function deepModel(layers: number): string {
    const lines = ['model Deep {', '    input [28, 28, 1]'];
    for (let i = 0; i < layers; i++) {
        if (i % 4 === 0) lines.push(`    s${i} = Conv2D(8, 3, padding=same, activation=relu) // block ${i}`);
        else if (i % 4 === 3) lines.push(`    Add(s${i - 3})`);
        else lines.push('    /* norm */ BatchNormalization()');
    }
    lines.push('    Flatten()', '    Dense(10, activation=softmax)', '}', '', 'train Deep {', '    data = mnist', '    loss = categorical_crossentropy', '}', '');
    return lines.join('\n');
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PIECES = ['x', 'a', '1', '0.5', ' ', '\n', '(', ')', '[', ']', '{', '}', ',', '=', '/', '*', '"', "'", '//', '/*', '*/',
    'Dense(3)\n    ', '    s9 = Dense(4, activation=relu)\n', 'Add(s0)', '// note\n', '/* c */', 'model N {\n    input [2]\n}\n', 'train N {\n}\n',
    'Conv2D', 'relu', '\r\n', 'input [3, 3]'];

const LINES = ['    Dense(8, activation=relu)', '    s1 = Conv2D(4, 3, padding=same)', '    Add(s1)', '    // a comment', '    Dropout(0.5)', '',
    'model Extra {\n    input [4]\n    Dense(2)\n}', 'train Extra {\n    data = xor\n}', '    input [2, 2]', '    epochs = 3'];

/**
 * One random edit of `text`: half the time what a person typing does most (a line inserted or
 * deleted, a digit typed or deleted), otherwise an insertion, deletion or replacement of random
 * text at a random place, which mostly breaks the syntax.
 */
function randomEdit(text: string, next: () => number): string {
    if (next() < 0.5) {
        const lines = text.split('\n');
        const line = Math.floor(next() * lines.length);
        const kind = next();
        if (kind < 0.35) lines.splice(line, 0, LINES[Math.floor(next() * LINES.length)]);
        else if (kind < 0.6) lines.splice(line, 1);
        else lines[line] = lines[line].replace(/\d/, d => (next() < 0.5 ? `${d}${d}` : ''));
        return lines.join('\n');
    }
    const at = Math.floor(next() * (text.length + 1));
    const kind = next();
    const piece = PIECES[Math.floor(next() * PIECES.length)];
    if (kind < 0.45) return text.slice(0, at) + piece + text.slice(at);
    const length = 1 + Math.floor(next() * (next() < 0.8 ? 3 : 40));
    if (kind < 0.8) return text.slice(0, at) + text.slice(at + length);
    return text.slice(0, at) + piece + text.slice(at + length);
}

/** The syntax tree as text: every node with its range, every leaf with offset, length and token type. */
function dumpCst(node: CstNode): string {
    const r = node.range;
    const where = `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    const content = (node as unknown as { content?: CstNode[] }).content;
    if (content) return `(${node.offset}+${node.length} ${where} ${content.map(dumpCst).join(' ')})`;
    return `${node.hidden ? 'h' : ''}${node.offset}+${node.length}@${where}:${(node as unknown as { tokenType: { name: string } }).tokenType.name}`;
}

/** The AST as text: types, properties, reference texts; each node's container links checked on the way. */
function dumpAst(node: AstNode, container?: AstNode, property?: string, index?: number): string {
    if (container) {
        expect(node.$container).toBe(container);
        expect(node.$containerProperty).toBe(property);
        expect(node.$containerIndex).toBe(index);
    }
    expect((node.$cstNode as unknown as { _astNode?: AstNode })?._astNode ?? node).toBe(node);
    const parts = [node.$type, node.$cstNode ? `${node.$cstNode.offset}+${node.$cstNode.length}` : '-'];
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        if (Array.isArray(value)) parts.push(`${key}=[${value.map((v, i) => (typeof v === 'object' ? dumpAst(v as AstNode, node, key, i) : String(v))).join(', ')}]`);
        else if (value && typeof value === 'object' && '$refText' in value) parts.push(`${key}->${(value as { $refText: string }).$refText}`);
        else if (value && typeof value === 'object') parts.push(`${key}=${dumpAst(value as AstNode, node, key, undefined)}`);
        else parts.push(`${key}=${String(value)}`);
    }
    return `{${parts.join(' ')}}`;
}

/** The syntax errors as the checker reports them: where and what. */
function dumpErrors(result: { lexerErrors: { offset: number; length: number; message: string }[]; parserErrors: { token: { startOffset: number; image: string }; message: string }[] }): string[] {
    return [
        ...result.lexerErrors.map(e => `lex ${e.offset}+${e.length} ${e.message}`),
        ...result.parserErrors.map(e => `parse ${e.token.startOffset} ${JSON.stringify(e.token.image)} ${e.message}`)
    ];
}

describe('textEdit', () => {
    it('finds the changed span between two texts', () => {
        expect(textEdit('Dense(3)', 'Dense(32)')).toEqual({ start: 7, oldEnd: 7, newEnd: 8 });
        expect(textEdit('abc', 'abc')).toEqual({ start: 3, oldEnd: 3, newEnd: 3 });
        expect(textEdit('aaa', 'aa')).toEqual({ start: 2, oldEnd: 3, newEnd: 2 });
        expect(textEdit('', 'x')).toEqual({ start: 0, oldEnd: 0, newEnd: 1 });
    });
});

describe('incremental re-parsing equals a full parse', () => {
    // Examples written to show a syntax error are edited too, but only clean texts count below.
    const clean = (text: string) => { const r = parser.parse(text); return r.lexerErrors.length + r.parserErrors.length === 0; };
    const corpora = [...examples.filter(clean), deepModel(60), examples.filter(clean).join('\n')];
    it.each(corpora.map((text, i) => [i, text] as const))('edit chains on text %i', (i, start) => {
        const next = random(1000 + i);
        let incremental = 0;
        let total = 0;
        for (let chain = 0; chain < 5; chain++) {
            let text = start;
            let current = parser.parse<Document>(text);
            for (let step = 0; step < 40; step++) {
                const edited = randomEdit(text, next);
                if (edited === text) continue;
                const full = parser.parse<Document>(edited);
                const expected = { cst: dumpCst(full.value.$cstNode!), ast: dumpAst(full.value), errors: dumpErrors(full) };
                const fresh = parser.parse<Document>(text);
                const spliced = reparseIncrementally(parser, lexer, fresh, edited);
                const clean = (r: typeof full) => r.lexerErrors.length + r.parserErrors.length === 0;
                if (clean(fresh) && clean(full)) total++;
                if (spliced) {
                    if (clean(fresh) && clean(full)) incremental++;
                    expect(spliced.value.$cstNode!.root.fullText).toBe(edited);
                    expect({ cst: dumpCst(spliced.value.$cstNode!), ast: dumpAst(spliced.value), errors: dumpErrors(spliced) }, `edit ${JSON.stringify(textEdit(text, edited))} of ${JSON.stringify(text)}`).toEqual(expected);
                }
                // Mostly stay on text that parses, as a person typing does between keystrokes.
                const broken = full.lexerErrors.length + full.parserErrors.length > 0;
                if (!broken || next() < 0.1) {
                    text = edited;
                    current = full;
                }
            }
            expect(current.value.$cstNode!.root.fullText).toBe(text);
        }
        // Between two texts that parse, the fast path is the rule; a full parse only where the edit
        // could lex differently at its borders (a comment or quote opened, names run together).
        console.log(`text ${i}: ${incremental} of ${total} edits between clean texts re-parsed incrementally`);
        expect(total).toBeGreaterThanOrEqual(10);
        expect(incremental / total).toBeGreaterThan(0.7);
    });

    /** Re-parses `edited` from `text` and compares with a full parse; returns whether the fast path was taken. */
    function compare(text: string, edited: string): boolean {
        const spliced = reparseIncrementally(parser, lexer, parser.parse<Document>(text), edited);
        const full = parser.parse<Document>(edited);
        if (spliced) {
            expect({ cst: dumpCst(spliced.value.$cstNode!), ast: dumpAst(spliced.value), errors: dumpErrors(spliced) }, `${JSON.stringify(text)} → ${JSON.stringify(edited)}`)
                .toEqual({ cst: dumpCst(full.value.$cstNode!), ast: dumpAst(full.value), errors: dumpErrors(full) });
        }
        return spliced !== undefined;
    }

    const SAME_LINE = 'model A {\n    input [4]\n    Dense(1) Dense(22)   Dense(3)\n}\n';
    it('moves the columns of statements after the edit on the same line', () => {
        expect(compare(SAME_LINE, SAME_LINE.replace('Dense(1)', 'Dense(111)'))).toBe(true);
        expect(compare(SAME_LINE, SAME_LINE.replace('Dense(22)', 'Dense(2)'))).toBe(true);
        expect(compare(SAME_LINE, SAME_LINE.replace('Dense(1) ', 'Dense(1)\n  '))).toBe(true);
    });

    it('widens the re-parsed part when the edit lexes into the kept text', () => {
        // A line comment opened before two statements on one line hides both: the model is re-parsed.
        expect(compare(SAME_LINE, SAME_LINE.replace('Dense(1)', '// Dense(1)'))).toBe(true);
        // Typing at the end of a comment extends the comment.
        const commented = 'model A {\n    input [4] // note\n    Dense(2)\n}\n';
        expect(compare(commented, commented.replace('note', 'note Dense(5)'))).toBe(true);
        // A comment opened and closed around a statement boundary.
        expect(compare(SAME_LINE, SAME_LINE.replace('Dense(22)', '/* Dense(22) */'))).toBe(true);
        // Windows line ends are kept; a lone carriage return is a full parse.
        const windows = SAME_LINE.replace(/\n/g, '\r\n');
        expect(compare(windows, windows.replace('Dense(3)', 'Dense(33)'))).toBe(true);
        expect(compare(windows, windows.replace('Dense(3)\r\n', 'Dense(3)\r'))).toBe(false);
    });

    it('re-parses incrementally from a broken text to a clean one (typing the closing bracket)', () => {
        const next = random(4242);
        let fast = 0;
        let tried = 0;
        for (const text of [...examples.filter(clean), deepModel(40)]) {
            for (let i = 0; i < 60; i++) {
                const at = Math.floor(next() * text.length);
                const broken = text.slice(0, at) + text.slice(at + 1);
                const old = parser.parse<Document>(broken);
                if (old.lexerErrors.length + old.parserErrors.length === 0) continue;
                tried++;
                if (compare(broken, text)) fast++;
            }
        }
        console.log(`broken → clean: ${fast} of ${tried} re-parsed incrementally`);
        expect(fast / tried).toBeGreaterThan(0.5);
    });

    it('re-parses incrementally while the text stays broken (typing a new statement), errors included', () => {
        const next = random(777);
        let fast = 0;
        let tried = 0;
        for (const text of [...examples.filter(clean), deepModel(40)]) {
            const lines = text.split('\n');
            for (let i = 0; i < 30; i++) {
                // A new statement typed one character at a time on a random line of a model.
                const line = 1 + Math.floor(next() * (lines.length - 2));
                const typed = ['    s7 = Dense(10, activation=relu)', '    Conv2D(8, 3', '    Add(s7, ', '    input [3'][Math.floor(next() * 4)];
                let before = [...lines.slice(0, line), '', ...lines.slice(line)].join('\n');
                for (let k = 1; k <= typed.length; k++) {
                    const after = [...lines.slice(0, line), typed.slice(0, k), ...lines.slice(line)].join('\n');
                    const broken = (t: string) => { const r = parser.parse(t); return r.lexerErrors.length + r.parserErrors.length > 0; };
                    if (broken(before) && broken(after)) {
                        tried++;
                        if (compare(before, after)) fast++;
                    }
                    before = after;
                }
            }
        }
        console.log(`broken → broken: ${fast} of ${tried} re-parsed incrementally`);
        expect(fast / tried).toBeGreaterThan(0.5);
    });

    it('keeps the nodes outside the edit: a keystroke in a 10,000-layer model re-parses one line', () => {
        const text = deepModel(10_000);
        const old = parser.parse<Document>(text);
        const model = old.value.blocks[0] as Document['blocks'][number] & { statements: AstNode[] };
        const keptFirst = model.statements[1];
        const keptLast = model.statements[model.statements.length - 1];
        const at = text.indexOf('BatchNormalization()', text.length / 2) + 'BatchNormalization'.length;
        const edited = text.slice(0, at) + 'x' + text.slice(at);
        const started = performance.now();
        const spliced = reparseIncrementally(parser, lexer, old, edited)!;
        const ms = performance.now() - started;
        expect(spliced).toBeDefined();
        const after = spliced.value.blocks[0] as typeof model;
        expect(after).toBe(model);
        expect(after.statements[1]).toBe(keptFirst);
        expect(after.statements[after.statements.length - 1]).toBe(keptLast);
        expect(dumpCst(spliced.value.$cstNode!)).toBe(dumpCst(parser.parse<Document>(edited).value.$cstNode!));
        // Reported, not asserted (timing belongs to bench:editor): a full parse of this file takes ~100 ms.
        console.log(`incremental re-parse of one statement in 10,000 layers: ${ms.toFixed(1)} ms`);
    });
});

describe('in the editor, an edited document checks as the same text opened fresh', () => {
    const { shared: services, Nn: nn } = createNnServices(EmptyFileSystem);
    let id = 0;

    async function open(text: string): Promise<LangiumDocument> {
        const document = services.workspace.LangiumDocuments.createDocument(URI.parse(`file:///inc/fresh-${id++}.nn`), text);
        await services.workspace.DocumentBuilder.build([document], { validation: true });
        return document;
    }

    const summary = (document: LangiumDocument) => (document.diagnostics ?? []).map(d => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`).sort();

    /** Where every reference leads (go to definition, rename and hover read this): a node still in the tree, at the same place as in a fresh parse. */
    const targets = (document: LangiumDocument) => {
        const root = document.parseResult.value;
        return AstUtils.streamAst(root).flatMap(node => AstUtils.streamReferences(node)).map(({ reference }) => {
            const target = isReference(reference) ? reference.ref : undefined;
            if (!target) return `${reference.$refText} → -`;
            const inTree = AstUtils.findRootNode(target) === root && (target.$container as unknown as Record<string, AstNode[]>)[target.$containerProperty!][target.$containerIndex!] === target;
            return `${reference.$refText} → ${target.$cstNode?.range.start.line}${inTree ? '' : ' (not in the tree)'}`;
        }).toArray();
    };

    it.each([[0, examples.join('\n')], [1, deepModel(40)]] as const)('edit chain %i', async (i, start) => {
        const next = random(77 + i);
        const uri = URI.parse(`file:///inc/edited-${i}.nn`);
        const document = services.workspace.LangiumDocuments.createDocument(uri, start);
        await services.workspace.DocumentBuilder.build([document], { validation: true });
        let text = start;
        for (let step = 0; step < 60; step++) {
            text = randomEdit(text, next);
            // What the language server does on didChange: the open text replaces the file's.
            services.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'nn', step + 2, text));
            await services.workspace.DocumentBuilder.update([uri], []);
            const fresh = await open(text);
            expect(summary(document), `after edit ${step}`).toEqual(summary(fresh));
            expect(targets(document), `after edit ${step}`).toEqual(targets(fresh));
            expect(nn.nn.Analyzer.analyze(document).models.map(m => [m.name, m.ok, m.params?.total])).toEqual(nn.nn.Analyzer.analyze(fresh).models.map(m => [m.name, m.ok, m.params?.total]));
            await services.workspace.DocumentBuilder.update([], [fresh.uri]);
        }
    });
});

