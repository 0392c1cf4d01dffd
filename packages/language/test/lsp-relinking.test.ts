/**
 * Bare values (`relu`, `same`, `mnist`) are not cross-references, and names that resolve to
 * nothing are not Langium linking errors (issue 9, item 1): otherwise Langium re-links and
 * re-validates every such document after any change anywhere, and one keystroke re-publishes
 * the diagnostics of the whole workspace.
 */
import { AstUtils, DocumentState, EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { isNameValue, type Document } from '../src/generated/ast.js';
import { createNnServices } from '../src/nn-module.js';

const FILE = (i: number) => `model M${i} {
    input [28, 28, 1]
    c = Conv2D(8, 3, padding=same, activation=relu)
    d = Conv2D(8, 3, padding=same, activation=relu)
    Add(c, d, nowhere)
    Flatten()
    Dense(10, activation=softmax, kernel_initializer=he_normal)
}
train M${i} {
    data = mnist
    loss = categorical_crossentropy
    optimizer = adam
    metrics = [accuracy]
}
train Missing${i} {
    data = mnist
}
`;

describe('a keystroke in a 200-file workspace', () => {
    it('re-validates (and so re-publishes diagnostics for) the edited file only', async () => {
        const { shared } = createNnServices(EmptyFileSystem);
        const documents = shared.workspace.LangiumDocuments;
        const all: LangiumDocument[] = [];
        for (let i = 0; i < 200; i++) {
            all.push(documents.createDocument(URI.parse(`file:///ws/f${i}.nn`), FILE(i)));
        }
        await shared.workspace.DocumentBuilder.build(all, { validation: true });
        // Values are never linked; undefined names resolve to nothing, without a linking error.
        const first = all[0];
        expect(first.references.filter(r => r.error)).toEqual([]);
        const values = AstUtils.streamAst(first.parseResult.value as Document).filter(isNameValue).map(n => n.ref.$refText).toArray();
        expect(values).toEqual(expect.arrayContaining(['same', 'relu', 'c', 'd', 'nowhere', 'mnist', 'adam', 'accuracy']));
        expect(first.diagnostics?.map(d => d.code).sort()).toEqual(['missing-setting', 'unknown-label', 'unknown-model']);

        const validated: string[] = [];
        shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, document => { validated.push(document.uri.toString()); });
        const edited = all[7];
        const text = edited.textDocument.getText().replace('Dense(10,', 'Dense(10 ,');
        // What the language server does on didChange: the open text replaces the file's.
        shared.workspace.TextDocuments!.set(TextDocument.create(edited.uri.toString(), 'nn', 2, text));
        await shared.workspace.DocumentBuilder.update([edited.uri], []);
        expect(validated).toEqual(['file:///ws/f7.nn']);
    });

    it('labels still resolve to their layer (rename, go to definition and hover read this)', async () => {
        const { shared } = createNnServices(EmptyFileSystem);
        const document = shared.workspace.LangiumDocuments.createDocument(URI.parse('file:///ws/one.nn'), FILE(0));
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const names = AstUtils.streamAst(document.parseResult.value as Document).filter(isNameValue).toArray();
        const target = (text: string) => names.find(n => n.ref.$refText === text)!.ref.ref;
        expect(target('c')?.$type).toBe('Layer');
        expect(target('d')?.$type).toBe('Layer');
        expect(target('relu')).toBeUndefined();
        expect(target('nowhere')).toBeUndefined();
        expect(names.every(n => n.ref.error === undefined)).toBe(true);
    });
});
