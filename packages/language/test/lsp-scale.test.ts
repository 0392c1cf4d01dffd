import { describe, expect, it } from 'vitest';
import { check, Nn } from './helpers.js';

/**
 * Every provider on a 10,000-layer file answers correctly. A provider that walks the model once
 * per layer would take minutes here and fail by the test's timeout; how fast each one is, is
 * measured by `npm run bench:editor` (timing asserts in this test failed on a loaded machine).
 */
describe('language server at 10,000 layers', () => {
    it('stays linear in every provider', async () => {
        const layers = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 0 ? `    l${i} = Dense(4, activation=relu)` : '    Dense(4, activation=relu)'));
        const text = `model Deep {\n    input [4]\n${layers.join('\n')}\n    Add(l100)\n    Dens(4)\n}\n\ntrain Deep {\n    data = iris\n    loss = mse\n}`;
        const { document, diagnostics } = await check(text);
        const id = { uri: document.textDocument.uri };
        const at = (needle: string, delta = 0) => document.textDocument.positionAt(text.indexOf(needle) + delta);

        const edits = await Nn.lsp.Formatter!.formatDocument(document, { textDocument: id, options: { tabSize: 4, insertSpaces: true } });
        expect(edits).toEqual([]);

        const tokens = await Nn.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: id });
        expect(tokens.data.length).toBeGreaterThan(10_000 * 5 * 3);

        const symbols = await Nn.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: id });
        expect(symbols![0].children).toHaveLength(10_003);

        const completion = await Nn.lsp.CompletionProvider!.getCompletion(document, { textDocument: id, position: at('l100)') });
        expect(completion!.items.map(i => i.label)).toContain('l9900');

        const hover = await Nn.lsp.HoverProvider!.getHoverContent(document, { textDocument: id, position: at('l100)', 1) });
        expect(hover?.contents).toMatchObject({ value: expect.stringContaining('Output `[4]`') });

        const unknown = diagnostics.find(d => d.code === 'unknown-layer')!;
        const actions = await Nn.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: id, range: unknown.range, context: { diagnostics: [unknown] } });
        expect(actions).toHaveLength(1);
    });
});
