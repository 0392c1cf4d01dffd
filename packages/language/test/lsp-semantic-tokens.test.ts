import { setInterruptionPeriod } from 'langium';
import { highlightHelper, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { CancellationToken, SemanticTokenTypes } from 'vscode-languageserver';
import type { Document } from '../src/generated/ast.js';
import { Nn } from './helpers.js';

const highlight = highlightHelper(Nn);
const parse = parseHelper<Document>(Nn);

describe('semantic tokens', () => {
    it('colours names by what they mean', async () => {
        const { tokens } = await highlight(`model R {
    input [8]
    skip = Dense(8, activation=relu)
    Add(skip)
    Frob(1)
}
train R {
    data = mnist
    optimizer = Adam(learning_rate=0.01)
}`);
        expect(tokens.map(t => `${t.text}:${t.tokenType}`)).toEqual([
            `R:${SemanticTokenTypes.class}`,
            `8:${SemanticTokenTypes.number}`,
            `skip:${SemanticTokenTypes.variable}`,
            `Dense:${SemanticTokenTypes.class}`,
            `8:${SemanticTokenTypes.number}`,
            `activation:${SemanticTokenTypes.parameter}`,
            `relu:${SemanticTokenTypes.enumMember}`,
            `Add:${SemanticTokenTypes.class}`,
            `skip:${SemanticTokenTypes.variable}`,
            `1:${SemanticTokenTypes.number}`,
            `R:${SemanticTokenTypes.class}`,
            `data:${SemanticTokenTypes.property}`,
            `mnist:${SemanticTokenTypes.enumMember}`,
            `optimizer:${SemanticTokenTypes.property}`,
            `Adam:${SemanticTokenTypes.function}`,
            `learning_rate:${SemanticTokenTypes.parameter}`,
            `0.01:${SemanticTokenTypes.number}`
        ]);
    });
});

describe('semantic tokens under concurrent requests', () => {
    // VS Code sends a full and a range request together. Yielding between every node (period 0)
    // makes the two interleave on every node, the worst case of what a slow machine does.
    afterEach(() => setInterruptionPeriod(10));

    it('a full and a range request sent together answer what each answers alone', async () => {
        const layers = Array.from({ length: 400 }, (_, i) => `    l${i} = Dense(${8 + (i % 5)}, activation=${i % 2 ? 'relu' : 'tanh'})`).join('\n');
        const document = await parse(`model Big {\n    input [8]\n${layers}\n}\ntrain Big {\n    data = mnist\n}\n`);
        const provider = Nn.lsp.SemanticTokenProvider!;
        const textDocument = { uri: document.uri.toString() };
        const range = { start: { line: 100, character: 0 }, end: { line: 140, character: 0 } };
        const full = await provider.semanticHighlight(document, { textDocument }, CancellationToken.None);
        const part = await provider.semanticHighlightRange(document, { textDocument, range }, CancellationToken.None);
        expect(part.data.length).toBeGreaterThan(0);
        expect(part.data.length).toBeLessThan(full.data.length);
        setInterruptionPeriod(0);
        for (let pair = 0; pair < 5; pair++) {
            const [fullTogether, partTogether] = await Promise.all([
                provider.semanticHighlight(document, { textDocument }, CancellationToken.None),
                provider.semanticHighlightRange(document, { textDocument, range }, CancellationToken.None)
            ]);
            expect(fullTogether.data).toEqual(full.data);
            expect(partTogether.data).toEqual(part.data);
        }
    });
});
