import { DocumentState } from 'langium';
import { describe, expect, it } from 'vitest';
import { CompletionTriggerKind, type CompletionList } from 'vscode-languageserver';
import { check, Nn, services } from './helpers.js';

/** Completion as the editor asks for it when `trigger` was typed just before the `|`. */
async function completeAfterTyping(text: string, trigger: string): Promise<CompletionList | undefined> {
    const offset = text.indexOf('|');
    const { document } = await check(text.replace('|', ''));
    return Nn.lsp.CompletionProvider!.getCompletion(document, {
        textDocument: { uri: document.textDocument.uri },
        position: document.textDocument.positionAt(offset),
        context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: trigger }
    });
}

const inModel = (line: string) => `model M {\n    input [28, 28, 1]\n    ${line}\n}`;

describe('completion opens by itself inside calls', () => {
    it('after (, after a comma and after a comma and a space', async () => {
        expect(Nn.lsp.CompletionProvider!.completionOptions?.triggerCharacters).toEqual(expect.arrayContaining(['(', ',', ' ']));
        const open = await completeAfterTyping(inModel('Conv2D(|)'), '(');
        expect(open?.items.map(i => i.label)).toContain('filters');
        const comma = await completeAfterTyping(inModel('Conv2D(8,|)'), ',');
        expect(comma?.items.map(i => i.label)).toContain('padding');
        const space = await completeAfterTyping(inModel('Conv2D(8, |)'), ' ');
        expect(space?.items.map(i => i.label)).toContain('padding');
    });

    it('but a space elsewhere opens nothing', async () => {
        expect(await completeAfterTyping(inModel('Conv2D(8, 3) |'), ' ')).toBeUndefined();
        expect(await completeAfterTyping(`${inModel('Flatten()')}\ntrain |`, ' ')).toBeUndefined();
    });
});

describe('workspace symbols', () => {
    it('lists the models of every nn document, filtered by the query', async () => {
        await check('model AlphaNet {\n    input [4]\n    Dense(3)\n}\nmodel BetaNet {\n    input [4]\n    Dense(3)\n}');
        await check('model AlphaTwo {\n    input [4]\n    Dense(3)\n}');
        const provider = services.shared.lsp.WorkspaceSymbolProvider!;
        const names = (await provider.getSymbols({ query: 'alpha' })).map(s => s.name);
        expect(names).toEqual(expect.arrayContaining(['AlphaNet', 'AlphaTwo']));
        expect(names).not.toContain('BetaNet');
        const beta = (await provider.getSymbols({ query: 'BetaNet' })).find(s => s.name === 'BetaNet')!;
        expect(beta.location).toMatchObject({ range: { start: { line: 4, character: 6 } } });
    });
});

describe('diagnostic messages are plain text', () => {
    it('has no Markdown backticks and no doubled full stops', async () => {
        const texts = [
            'model M {\n    Dense(3)\n}',
            'model M {\n    input [4]\n    Add()\n}',
            'model M {\n    input [4]\n    Dense(3, activation=softmax)\n}\ntrain M {\n    loss = mse\n}',
            'model M {\n    input [4]\n    Dense()\n}',
            'model M {\n    input [28, 28, 1]\n    Dense(3, activation=softmax)\n}\ntrain M {\n    data = iris\n    loss = categorical_crossentropy\n    validation = 2\n}'
        ];
        for (const text of texts) {
            const { diagnostics } = await check(text);
            expect(diagnostics.length).toBeGreaterThan(0);
            for (const d of diagnostics) {
                expect(d.message).not.toContain('`');
                expect(d.message).not.toMatch(/(?<!\.)\.\.(?!\.)|\.\s+\./);
            }
        }
    });
});

describe('labels: document highlight and folding', () => {
    const text = 'model M {\n    input [8, 8, 1]\n    skip = Conv2D(1, 3, padding=same)\n    Conv2D(1, 3, padding=same)\n    Add(skip)\n    Flatten()\n}\n';

    it('highlights a label where it is defined and where it is used, from either place', async () => {
        const { document } = await check(text);
        for (const offset of [text.indexOf('skip ='), text.indexOf('skip)')]) {
            const highlights = await Nn.lsp.DocumentHighlightProvider!.getDocumentHighlight(document, { textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(offset + 1) });
            expect(highlights?.map(h => [h.range.start.line, h.range.start.character])).toEqual([[2, 4], [4, 8]]);
        }
    });

    it('folds a residual block from its label to the merge that uses it, besides the model block', async () => {
        const { document } = await check(text);
        const ranges = await Nn.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.textDocument.uri } });
        expect(ranges.map(r => [r.startLine, r.endLine])).toEqual(expect.arrayContaining([[0, 5], [2, 4]]));
    });
});

describe('files are checked independently', () => {
    it('a change to another file re-checks no file, even one with unresolved names', async () => {
        const builder = services.shared.workspace.DocumentBuilder;
        const broken = await check('model A {\n    input [4]\n    Dense(4)\n    Add(nowhere)\n}\n');
        expect(broken.diagnostics.map(d => d.code)).toContain('unknown-label');
        const other = await check('model B {\n    input [4]\n    Dense(4)\n}\n');
        const validated: string[] = [];
        const listener = builder.onDocumentPhase(DocumentState.Validated, document => { validated.push(document.uri.toString()); });
        try {
            // Langium's own builder would relink and re-validate every document with an unresolved reference here.
            await builder.update([], [other.document.uri]);
        } finally {
            listener.dispose();
        }
        expect(validated).toEqual([]);
        expect(broken.document.diagnostics?.map(d => d.code)).toContain('unknown-label');
    });
});
