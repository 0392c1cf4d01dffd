/**
 * The checker's own cost: a full nn check (parse, link, analysis, diagnostics) against a bare
 * Langium build of the same generated grammar with the same lexer and scoping (Langium's build
 * without validation: parse, link and its index of references), and against parsing and linking
 * alone (no index: what the full check does besides analysing). In this process, alternating so
 * that all see the same machine; the heap is collected before each timed build, so that none pays
 * for another's garbage (a third of a build's time is garbage collection, and which build a
 * collection lands in is otherwise luck).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { EmptyFileSystem, inject, URI, type LangiumSharedCoreServices } from 'langium';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { createNnServices, NnGeneratedModule, NnGeneratedSharedModule, NnLinkingModule, NnReferencesModule } from '@nn-lang/language';

const nn = createNnServices(EmptyFileSystem).shared;
const bare = inject(createDefaultSharedModule(EmptyFileSystem), NnGeneratedSharedModule);
bare.ServiceRegistry.register(inject(createDefaultModule({ shared: bare }), NnGeneratedModule, NnLinkingModule));
const parseAndLink = inject(createDefaultSharedModule(EmptyFileSystem), NnGeneratedSharedModule);
parseAndLink.ServiceRegistry.register(inject(createDefaultModule({ shared: parseAndLink }), NnGeneratedModule, NnLinkingModule, NnReferencesModule));

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
    /** Langium's build without validation: parse, link, index of references; median ms. */
    bare: number;
    /** Parse and link, nothing else; median ms. */
    parseAndLink: number;
    /** The full check and the bare build without their parse (what this benchmark timed before 2026-11-30). */
    fullAfterParse: number;
    bareAfterParse: number;
}

/** Median times over `runs` alternating rounds, after three warm-ups each. */
export async function fullVsBare(text: string, runs: number): Promise<Comparison> {
    for (let i = 0; i < 3; i++) {
        await buildOnce(nn, text, true);
        await buildOnce(bare, text, false);
        await buildOnce(parseAndLink, text, false);
    }
    const full: { total: number; afterParse: number }[] = [];
    const plain: { total: number; afterParse: number }[] = [];
    const linked: number[] = [];
    for (let i = 0; i < runs; i++) {
        full.push(await buildOnce(nn, text, true));
        plain.push(await buildOnce(bare, text, false));
        linked.push((await buildOnce(parseAndLink, text, false)).total);
    }
    return {
        full: median(full.map(t => t.total)),
        bare: median(plain.map(t => t.total)),
        parseAndLink: median(linked),
        fullAfterParse: median(full.map(t => t.afterParse)),
        bareAfterParse: median(plain.map(t => t.afterParse))
    };
}
