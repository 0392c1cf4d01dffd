/**
 * Completion and signature help scan the tokens before the cursor from a checkpoint taken from the
 * parsed tree (scanStart), not from the start of the file. Wherever the cursor is, in clean and in
 * broken text, that must find the same place as scanning the whole prefix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cursorPlace, openCall, scanStart } from '../src/lsp/cursor-context.js';
import { check, Nn } from './helpers.js';

const examples = fs.readdirSync('examples').filter(f => f.endsWith('.nn')).map(f => [f, fs.readFileSync(path.join('examples', f), 'utf8')] as const);
const lexer = Nn.parser.Lexer;
const plain = (x: unknown) => JSON.stringify(x, (_, v) => (v instanceof Set ? [...v].sort() : v));

/** Texts to try: each example, and each with a bracket dropped or added somewhere (a syntax error before or after the cursor). */
function variants(text: string): string[] {
    const close = text.indexOf(')', text.length / 3);
    const open = text.indexOf('(', text.length / 2);
    return [text, close > 0 ? text.slice(0, close) + text.slice(close + 1) : text, open > 0 ? text.slice(0, open) + '((' + text.slice(open + 1) : text, text + '\nmodel Late {\n    input [2]\n    s = Dense(3)\n    Add(s, '];
}

describe('scanning from a checkpoint finds the same cursor place as scanning the whole prefix', () => {
    it.each(examples)('%s', async (_name, example) => {
        let compared = 0;
        let skipped = 0;
        for (const text of variants(example)) {
            const { document } = await check(text);
            for (let offset = 0; offset <= text.length; offset += 3) {
                const start = scanStart(document, text, offset);
                if (start.from > 0) skipped++;
                const whole = lexer.tokenize(text.slice(0, offset)).tokens;
                const part = lexer.tokenize(text.slice(start.from, offset)).tokens;
                expect(plain(cursorPlace(part, start.seed)), `at ${offset}: ${JSON.stringify(text.slice(Math.max(0, offset - 30), offset))}`).toBe(plain(cursorPlace(whole)));
                expect(plain(openCall(part, start.seed))).toBe(plain(openCall(whole)));
                compared++;
            }
        }
        // The checkpoint is used for most cursor positions, not skipped into a full scan.
        expect(skipped / compared).toBeGreaterThan(0.25);
    });
});
