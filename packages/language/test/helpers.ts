import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import { createNnServices } from '../src/nn-module.js';
import type { Document } from '../src/generated/ast.js';

export const services = createNnServices(EmptyFileSystem);
export const Nn = services.Nn;
const parse = parseHelper<Document>(Nn);
let counter = 0;

/** Parses and validates text as a fresh document (a file of `folder`, /tmp unless given). */
export async function check(text: string, folder = '/tmp'): Promise<{ document: LangiumDocument<Document>; diagnostics: Diagnostic[] }> {
    const document = await parse(text, { validation: true, documentUri: URI.file(`${folder}/test-${counter++}.nn`).toString() });
    return { document, diagnostics: document.diagnostics ?? [] };
}

export function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code));
}

export function analysisOf(document: LangiumDocument) {
    return Nn.nn.Analyzer.analyze(document);
}

/** Drops a checked document from the workspace (and its cached analysis): for loops over thousands of texts. */
export async function forget(document: LangiumDocument): Promise<void> {
    await services.shared.workspace.DocumentBuilder.update([], [document.uri]);
}
