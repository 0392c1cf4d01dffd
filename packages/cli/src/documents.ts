import { createNnServices, documentProblems, type DocumentAnalysis, type NnServices, type Problem, type SeverityName } from '@nn-lang/language';
import { URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { dataRootOf, nodeDataFileChecker } from '@nn-lang/training/data/checks';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

export type { SeverityName };

/** A diagnostic as the CLI reports it: 1-based line and column (UTF-16 units, as editors count). */
export type CliDiagnostic = Problem;

export interface CheckedFile {
    /** The path exactly as given on the command line. */
    file: string;
    document: LangiumDocument;
    analysis: DocumentAnalysis;
    /** Sorted by position. */
    diagnostics: CliDiagnostic[];
}

export interface UnreadableFile {
    file: string;
    /** One line for stderr, e.g. `cannot read 'a.nn': no such file`. */
    message: string;
}

let services: { shared: LangiumSharedServices; Nn: NnServices } | undefined;

/**
 * The folder data files must stay inside: `--root`, else each .nn file's own folder (a CLI has no
 * workspace; the file's folder is the narrowest choice that still lets `csv("data/x.csv")` work).
 */
let dataRoot: string | undefined;

/** One set of services per process: building several files together is much faster than one by one. */
export function nnServices(): { shared: LangiumSharedServices; Nn: NnServices } {
    services ??= createNnServices({ ...NodeFileSystem }, { dataFiles: nodeDataFileChecker(dataRootFor) });
    return services;
}

/** The folder a data file named in `nnFile` must stay inside (what `nn train` passes to the loader). */
export function dataRootFor(nnFile: string): string {
    return dataRoot ?? dataRootOf(nnFile);
}

/** `-` on the command line: the text comes from stdin, reported under this name. */
export const STDIN_NAME = '<stdin>';
/** A .nn file is text a person wrote; anything bigger is refused rather than read into memory. */
export const MAX_NN_BYTES = 64 * 1024 * 1024;

/** The text of a .nn file given on the command line: regular files only (a FIFO or device never blocks us), capped. */
async function readNnFile(file: string): Promise<string> {
    if (file === '-') return readStdin();
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
        const info = await handle.stat();
        if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
        if (!info.isFile()) throw new Error("not a regular file (a pipe or device); to check a stream, pipe it into 'nn check -'");
        if (info.size > MAX_NN_BYTES) throw new Error(`the file is ${Math.round(info.size / 2 ** 20)} MB; at most ${MAX_NN_BYTES / 2 ** 20} MB`);
        return (await handle.readFile()).toString('utf8');
    } finally {
        await handle.close();
    }
}

async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_NN_BYTES) throw new Error(`more than ${MAX_NN_BYTES / 2 ** 20} MB on stdin`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and checks the files in one build. Files that cannot be read (or are not .nn files) are
 * returned apart, each with a one-line message; the others are checked regardless.
 */
export async function checkFiles(files: readonly string[], options: { root?: string } = {}): Promise<{ checked: CheckedFile[]; unreadable: UnreadableFile[] }> {
    dataRoot = options.root === undefined ? undefined : path.resolve(options.root);
    const { shared, Nn } = nnServices();
    const documents = shared.workspace.LangiumDocuments;
    const unreadable: UnreadableFile[] = [];
    const byUri = new Map<string, LangiumDocument>();
    const loaded: { file: string; document: LangiumDocument }[] = [];
    for (const given of files) {
        const file = given === '-' ? STDIN_NAME : given;
        // Stdin stands for a file in the working folder: its csv paths are relative to it.
        const uri = URI.file(path.resolve(given === '-' ? `${STDIN_NAME}.nn` : given));
        const known = byUri.get(uri.toString());
        if (known) {
            loaded.push({ file, document: known });
        } else {
            let text: string;
            try {
                text = await readNnFile(given);
            } catch (error) {
                unreadable.push({ file, message: `cannot read '${file}': ${readFailure(error)}` });
                continue;
            }
            // Langium picks the language by file extension.
            if (given !== '-' && path.extname(file) !== '.nn') {
                unreadable.push({ file, message: `cannot check '${file}': not a .nn file` });
                continue;
            }
            // A previous run in this process (tests) may have left the same file behind.
            if (documents.hasDocument(uri)) documents.deleteDocument(uri);
            const document = documents.createDocument(uri, text);
            byUri.set(uri.toString(), document);
            loaded.push({ file, document });
        }
    }
    await shared.workspace.DocumentBuilder.build([...byUri.values()], { validation: true });
    const checked = loaded.map(({ file, document }) => ({
        file,
        document,
        analysis: Nn.nn.Analyzer.analyze(document),
        diagnostics: documentProblems(document)
    }));
    return { checked, unreadable };
}

function readFailure(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case 'ENOENT': return 'no such file';
        case 'EISDIR': return 'it is a directory';
        case 'EACCES':
        case 'EPERM': return 'permission denied';
        default: return error instanceof Error ? error.message : String(error);
    }
}

/** `file:line:col: severity code message`, the shape compilers use and editors' problem matchers read. */
export function formatDiagnostic(file: string, d: CliDiagnostic): string {
    return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

export function countBySeverity(diagnostics: Iterable<CliDiagnostic>): Record<SeverityName, number> {
    const counts: Record<SeverityName, number> = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const d of diagnostics) counts[d.severity]++;
    return counts;
}

/** "2 errors, 1 warning" (zero counts left out); undefined when there is nothing. */
export function describeCounts(counts: Record<SeverityName, number>): string | undefined {
    const parts = (Object.keys(counts) as SeverityName[])
        .filter(s => counts[s] > 0)
        .map(s => `${counts[s]} ${s}${counts[s] === 1 ? '' : 's'}`);
    return parts.length ? parts.join(', ') : undefined;
}
