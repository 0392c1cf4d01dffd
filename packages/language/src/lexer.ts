import { DefaultLexer, type LexerResult, type TokenizeOptions } from 'langium';

/**
 * Deeper than this, brackets are not parsed. The recursive-descent parser overflows the stack a
 * few hundred levels down, and an overflow leaves the shared parser broken for every later
 * document; no real model nests more than a handful of levels.
 */
export const MAX_NESTING = 64;

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/**
 * Tokens nested deeper than MAX_NESTING are dropped before parsing (so the parser sees an empty
 * bracket there) and reported once as a lexing error, which the checker shows as `syntax`.
 */
export class NnLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        let depth = 0;
        let firstDropped: (typeof result.tokens)[number] | undefined;
        const kept: typeof result.tokens = [];
        for (const token of result.tokens) {
            const image = token.image;
            if (OPENING.has(image)) {
                depth++;
                if (depth > MAX_NESTING) {
                    firstDropped ??= token;
                    continue;
                }
            } else if (CLOSING.has(image)) {
                if (depth > MAX_NESTING) {
                    depth--;
                    continue;
                }
                depth = Math.max(0, depth - 1);
            } else if (depth > MAX_NESTING) {
                continue;
            }
            kept.push(token);
        }
        if (!firstDropped) return result;
        result.tokens = kept;
        result.errors.push({
            offset: firstDropped.startOffset,
            length: firstDropped.image.length,
            line: firstDropped.startLine,
            column: firstDropped.startColumn,
            message: `brackets nested deeper than ${MAX_NESTING} levels; the text inside is ignored.`
        });
        return result;
    }
}
