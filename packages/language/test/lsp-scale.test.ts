import { describe, expect, it } from 'vitest';
import { check, Nn } from './helpers.js';

/**
 * Every provider on a 10,000-layer file. A provider that walks the model once per layer takes
 * ~100× longer at this size (minutes), so these generous bounds catch the quadratic trap without
 * being timing-sensitive. Measured on the dev machine (bare Langium build of this file ≈ 400 ms):
 * formatting ≈ 1.1 s (mostly Langium's CST formatting engine), semantic tokens ≈ 0.2 s,
 * symbols ≈ 0.08 s, completion ≈ 0.05 s, hover and code actions ≈ 1 ms.
 */
describe('language server at 10,000 layers', () => {
    it('stays linear in every provider', async () => {
        const layers = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 0 ? `    l${i} = Dense(4, activation=relu)` : '    Dense(4, activation=relu)'));
        const text = `model Deep {\n    input [4]\n${layers.join('\n')}\n    Add(l100)\n    Dens(4)\n}\n\ntrain Deep {\n    data = iris\n    loss = mse\n}`;
        const { document, diagnostics } = await check(text);
        const id = { uri: document.textDocument.uri };
        const at = (needle: string, delta = 0) => document.textDocument.positionAt(text.indexOf(needle) + delta);
        const timed = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
            const started = performance.now();
            const result = await work();
            return [result, performance.now() - started];
        };

        const [edits, formatMs] = await timed(() => Nn.lsp.Formatter!.formatDocument(document, { textDocument: id, options: { tabSize: 4, insertSpaces: true } }));
        expect(edits).toEqual([]);
        expect(formatMs).toBeLessThan(8000);

        const [tokens, tokensMs] = await timed(() => Nn.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: id }));
        expect(tokens.data.length).toBeGreaterThan(10_000 * 5 * 3);
        expect(tokensMs).toBeLessThan(3000);

        const [symbols, symbolsMs] = await timed(() => Nn.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: id }));
        expect(symbols![0].children).toHaveLength(10_003);
        expect(symbolsMs).toBeLessThan(2000);

        const [completion, completionMs] = await timed(() => Nn.lsp.CompletionProvider!.getCompletion(document, { textDocument: id, position: at('l100)') }));
        expect(completion!.items.map(i => i.label)).toContain('l9900');
        expect(completionMs).toBeLessThan(2000);

        const [hover, hoverMs] = await timed(() => Nn.lsp.HoverProvider!.getHoverContent(document, { textDocument: id, position: at('l100)', 1) }));
        expect(hover?.contents).toMatchObject({ value: expect.stringContaining('Output `[4]`') });
        expect(hoverMs).toBeLessThan(500);

        const unknown = diagnostics.find(d => d.code === 'unknown-layer')!;
        const [actions, actionsMs] = await timed(() => Nn.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: id, range: unknown.range, context: { diagnostics: [unknown] } }));
        expect(actions).toHaveLength(1);
        expect(actionsMs).toBeLessThan(500);
    });
});
