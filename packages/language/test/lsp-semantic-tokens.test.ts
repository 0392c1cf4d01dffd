import { describe, expect, it } from 'vitest';
import { highlightHelper } from 'langium/test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { Nn } from './helpers.js';

const highlight = highlightHelper(Nn);

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
