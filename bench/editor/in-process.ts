/**
 * The checker's own cost: a full nn check (parse, link, analysis, diagnostics) against a bare
 * Langium build of the same generated grammar with the same lexer and scoping (parse + link, no
 * validation), in this process, alternating so that both see the same machine.
 */
import { EmptyFileSystem, inject, URI, type LangiumSharedCoreServices } from 'langium';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { createNnServices, NnGeneratedModule, NnGeneratedSharedModule, NnLinkingModule } from '@nn-lang/language';

const nn = createNnServices(EmptyFileSystem).shared;
const bare = inject(createDefaultSharedModule(EmptyFileSystem), NnGeneratedSharedModule);
bare.ServiceRegistry.register(inject(createDefaultModule({ shared: bare }), NnGeneratedModule, NnLinkingModule));

let id = 0;
async function buildOnce(shared: LangiumSharedCoreServices, text: string, validation: boolean): Promise<number> {
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///bench-${id++}.nn`));
    shared.workspace.LangiumDocuments.addDocument(document);
    const started = performance.now();
    await shared.workspace.DocumentBuilder.build([document], { validation });
    const ms = performance.now() - started;
    // Deleted as a closed file is, through the builder: that also drops the document's cached
    // analysis (deleting it from LangiumDocuments alone would keep every analysed AST alive and
    // slow the full check down with garbage collection).
    await shared.workspace.DocumentBuilder.update([], [document.uri]);
    return ms;
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median full-check and bare-build times over `runs` alternating pairs, after three warm-ups each. */
export async function fullVsBare(text: string, runs: number): Promise<{ full: number; bare: number }> {
    for (let i = 0; i < 3; i++) {
        await buildOnce(nn, text, true);
        await buildOnce(bare, text, false);
    }
    const full: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) {
        full.push(await buildOnce(nn, text, true));
        plain.push(await buildOnce(bare, text, false));
    }
    return { full: median(full), bare: median(plain) };
}
