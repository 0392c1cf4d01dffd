import { describe, expect, it } from 'vitest';
import { expectFindReferences, expectGoToDefinition, parseDocument, replaceIndices } from 'langium/test';
import { TextDocument } from 'langium';
import { check, codes, Nn } from './helpers.js';

const definition = expectGoToDefinition(Nn);
const references = expectFindReferences(Nn);

describe('go to definition', () => {
    it('goes from a train block to its model', async () => {
        await definition({
            text: 'model <|Mnist|> {\n    input [784]\n    Dense(10)\n}\ntrain Mn<|>ist {\n    data = mnist\n    loss = mse\n}',
            index: 0, rangeIndex: 0
        });
    });

    it('goes from a merge layer\'s argument to the labelled layer', async () => {
        await definition({
            text: 'model R {\n    input [8]\n    <|skip|> = Dense(8)\n    Dense(8)\n    Add(sk<|>ip)\n}',
            index: 0, rangeIndex: 0
        });
    });

    it('finds the label of the same model, not a same-named label elsewhere', async () => {
        await definition({
            text: 'model A {\n    input [8]\n    x = Dense(8)\n}\nmodel B {\n    input [8]\n    <|x|> = Dense(8)\n    Dense(8)\n    Add(<|>x)\n}',
            index: 0, rangeIndex: 0
        });
    });

    it('has no definition for a closed-set value such as relu', async () => {
        const { output, indices } = replaceIndices({ text: 'model A {\n    input [8]\n    Dense(8, activation=re<|>lu)\n}' });
        const document = await parseDocument(Nn, output);
        const links = await Nn.lsp.DefinitionProvider!.getDefinition(document, {
            textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(indices[0])
        });
        expect(links ?? []).toEqual([]);
    });
});

describe('find references', () => {
    it('finds every train block naming a model', async () => {
        await references({
            text: 'model <|M<|>|> {\n    input [4]\n    Dense(3)\n}\ntrain <|M|> {\n    data = iris\n    loss = mse\n}\ntrain <|M|> {\n    data = iris\n    loss = mae\n}',
            includeDeclaration: true
        });
    });

    it('finds the uses of a label, without the declaration when asked', async () => {
        await references({
            text: 'model R {\n    input [8]\n    s<|>kip = Dense(8)\n    Dense(8)\n    Add(<|skip|>)\n    Multiply(<|skip|>)\n}',
            includeDeclaration: false
        });
    });
});

/** Renames the symbol at `<|>` and returns the edited text. */
async function rename(text: string, newName: string): Promise<string> {
    const { output, indices } = replaceIndices({ text });
    const document = await parseDocument(Nn, output);
    const edit = await Nn.lsp.RenameProvider!.rename(document, {
        textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(indices[0]), newName
    });
    const edits = edit?.changes?.[document.textDocument.uri] ?? [];
    return TextDocument.applyEdits(TextDocument.create('x', 'nn', 0, output), edits);
}

describe('rename', () => {
    it('renames a label and all its uses', async () => {
        const renamed = await rename('model R {\n    input [8]\n    skip = Dense(8, activation=relu)\n    Dense(8)\n    Add(sk<|>ip)\n    Multiply(skip)\n}', 'shortcut');
        expect(renamed).toBe('model R {\n    input [8]\n    shortcut = Dense(8, activation=relu)\n    Dense(8)\n    Add(shortcut)\n    Multiply(shortcut)\n}');
        expect(codes((await check(renamed)).diagnostics)).toEqual([]);
    });

    it('renames a model and the train blocks that name it', async () => {
        const text = 'model Mlp<|> {\n    input [4]\n    Dense(3, activation=softmax)\n}\ntrain Mlp {\n    data = iris\n    loss = categorical_crossentropy\n}\ntrain Mlp {\n    data = iris\n    loss = sparse_categorical_crossentropy\n}';
        const renamed = await rename(text, 'IrisNet');
        expect(renamed).toBe(text.replace('<|>', '').replaceAll('Mlp', 'IrisNet'));
        expect(codes((await check(renamed)).diagnostics)).toEqual([]);
    });

    it('renames from a use site too, and leaves a same-named label in another model alone', async () => {
        const renamed = await rename('model A {\n    input [8]\n    x = Dense(8)\n    Add(x)\n}\nmodel B {\n    input [8]\n    x = Dense(8)\n    Add(<|>x)\n}', 'y');
        expect(renamed).toBe('model A {\n    input [8]\n    x = Dense(8)\n    Add(x)\n}\nmodel B {\n    input [8]\n    y = Dense(8)\n    Add(y)\n}');
    });
});
