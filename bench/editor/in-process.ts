/**
 * The checker's own cost: a full nn check (parse, link, analysis, diagnostics) against a bare
 * Langium build of the same generated grammar with the same lexer and scoping (parse + link, no
 * validation), in this process, alternating so that both see the same machine. The heap is
 * collected before each timed build, so that neither pays for the other's garbage (a third of a
 * build's time is garbage collection, and which build a collection lands in is otherwise luck).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { EmptyFileSystem, inject, URI, type LangiumSharedCoreServices } from 'langium';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { createNnServices, NnGeneratedModule, NnGeneratedSharedModule, NnLinkingModule } from '@nn-lang/language';

const nn = createNnServices(EmptyFileSystem).shared;
const bare = inject(createDefaultSharedModule(EmptyFileSystem), NnGeneratedSharedModule);
bare.ServiceRegistry.register(inject(createDefaultModule({ shared: bare }), NnGeneratedModule, NnLinkingModule));

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let id = 0;
/** One build of `text` as a new document: total time from the text (parse included) and the time after parsing. */
async function buildOnce(shared: LangiumSharedCoreServices, text: string, validation: boolean): Promise<{ total: number; afterParse: number }> {
    collectGarbage();
    const started = performance.now();
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///bench-${id++}.nn`));
    const parsed = performance.now();
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation });
    const ended = performance.now();
    // Deleted as a closed file is, through the builder: that also drops the document's cached
    // analysis (deleting it from LangiumDocuments alone would keep every analysed AST alive and
    // slow the full check down with garbage collection).
    await shared.workspace.DocumentBuilder.update([], [document.uri]);
    return { total: ended - started, afterParse: ended - parsed };
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface Comparison {
    /** Parse, link, analysis and diagnostics; median ms. */
    full: number;
    /** Parse and link; median ms. */
    bare: number;
    /** The same two without the parse (what this benchmark timed before 2026-11-30). */
    fullAfterParse: number;
    bareAfterParse: number;
}

/** Median full-check and bare-build times over `runs` alternating pairs, after three warm-ups each. */
export async function fullVsBare(text: string, runs: number): Promise<Comparison> {
    for (let i = 0; i < 3; i++) {
        await buildOnce(nn, text, true);
        await buildOnce(bare, text, false);
    }
    const full: { total: number; afterParse: number }[] = [];
    const plain: { total: number; afterParse: number }[] = [];
    for (let i = 0; i < runs; i++) {
        full.push(await buildOnce(nn, text, true));
        plain.push(await buildOnce(bare, text, false));
    }
    return {
        full: median(full.map(t => t.total)),
        bare: median(plain.map(t => t.total)),
        fullAfterParse: median(full.map(t => t.afterParse)),
        bareAfterParse: median(plain.map(t => t.afterParse))
    };
}
