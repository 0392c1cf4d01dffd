/**
 * The fuzz/soak run over a real LSP connection to out/server.cjs. For each input: open it, send a
 * burst of incremental edits with hover, completion, inlay hints, semantic tokens, formatting, code
 * actions, symbols and the custom requests interleaved (not awaited one by one, as an editor does),
 * then check the properties:
 *   - the server never dies and never logs an error or writes to stderr;
 *   - every request answers (cancellations aside); while typing (each edit's requests answered
 *     before the next edit), p99 and worst latency within budget;
 *   - diagnostics after the burst equal those of a fresh open of the same text;
 *   - requests sent together answer what they answer one by one;
 *   - memory is flat: closed documents are forgotten.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import { input, megabyteFile, randomEdit, seeded, type Random } from './inputs.js';
import { LspSession, type Timed } from './lsp-session.js';

export interface FuzzOptions {
    seed: number;
    /** How many generated inputs (each gets a burst of edits). */
    inputs: number;
    /** Edits per burst. */
    editsPerBurst: number;
    /** Also open the 1 MB file (a few seconds). */
    megabyte: boolean;
    log?: (line: string) => void;
}

export interface FuzzReport {
    seed: number;
    inputs: number;
    edits: number;
    requests: number;
    failedRequests: string[];
    /** p99 and worst latency over requests on documents of at most 300 lines; worst over all but the 1 MB file. */
    p99Ms: number;
    worstSmallMs: number;
    worstMs: number;
    worstMethod: string;
    /** Requests sent during bursts queue behind the edits: reported, not budgeted. */
    burstP99Ms: number;
    burstWorstMs: number;
    megabyteOpenMs?: number;
    memoryBeforeMb: number;
    memoryAfterMb: number;
    burstMismatches: string[];
    concurrencyMismatches: string[];
    problems: string[];
    deaths: number;
}

export const QUICK: Omit<FuzzOptions, 'seed'> = { inputs: 50, editsPerBurst: 8, megabyte: true };
export const FULL: Omit<FuzzOptions, 'seed'> = { inputs: 1000, editsPerBurst: 16, megabyte: true };
export const DEFAULT_FUZZ_SEED = 20_261_130;

/** Offset → LSP position (UTF-16 code units, like JS strings; \r\n, \r and \n end lines as in LSP). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, character: Math.min(offset, text.length) - lineStart };
}

const lineCount = (text: string): number => text.split(/\r\n|\r|\n/).length;

/** Diagnostics as compared: what a user sees. */
const shown = (diagnostics: Diagnostic[] | undefined): string =>
    JSON.stringify((diagnostics ?? []).map(d => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity, d.code, d.message]));

/** The requests an editor sends about a document, at a position. */
function requestsAt(session: LspSession, uri: string, text: string, r: Random, version: number): Promise<unknown>[] {
    const lines = lineCount(text);
    const position = positionAt(text, Math.floor(r() * (text.length + 1)));
    const textDocument = { uri };
    const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
    const some = { start: { line: Math.max(0, position.line - 5), character: 0 }, end: { line: position.line + 5, character: 0 } };
    const all: [string, unknown][] = [
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/inlayHint', { textDocument, range: whole }],
        ['textDocument/semanticTokens/full', { textDocument }],
        ['textDocument/semanticTokens/range', { textDocument, range: some }],
        ['textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } }],
        ['textDocument/codeAction', { textDocument, range: some, context: { diagnostics: [] } }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
        ['nn/trainBlocks', { textDocument, version }],
        ['nn/summary', { textDocument, version }]
    ];
    const chosen = all.filter(() => r() < 0.5);
    return chosen.map(([method, params]) => session.request(method, params, lines));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
    const log = options.log ?? (() => {});
    const r = seeded(options.seed);
    const session = await LspSession.start();
    const burstMismatches: string[] = [];
    const concurrencyMismatches: string[] = [];
    const counts = { edits: 0 };
    let megabyteOpenMs: number | undefined;
    let memoryBeforeMb = 0;
    try {
        // Warm up (first requests load code); the 1 MB file first, so its peak is in the baseline.
        await soak(session, 'file:///fuzz/warmup.nn', input(r, 2).text);
        if (options.megabyte && session.alive) {
            const uri = 'file:///fuzz/megabyte.nn';
            const started = performance.now();
            await session.open(uri, megabyteFile(r));
            await session.request('nn/trainBlocks', { textDocument: { uri }, version: 1 }, Number.MAX_SAFE_INTEGER);
            megabyteOpenMs = performance.now() - started;
            await session.close(uri);
        }
        // Memory is compared between the middle and the end of the run: the second half of the
        // inputs, opened and closed, must leave nothing behind.
        const half = Math.floor(options.inputs / 2);
        for (let i = 0; i < options.inputs && session.alive; i++) {
            if (i === half) {
                await soak(session, 'file:///fuzz/middle.nn', 'model M {\n    input [2]\n    Dense(1)\n}\n');
                memoryBeforeMb = await session.settledRssMb();
            }
            await fuzzOne(session, r, i, options, counts, burstMismatches, concurrencyMismatches, log);
            if ((i + 1) % 100 === 0) log(`fuzz: ${i + 1} inputs, ${session.timings.length} requests, ${session.rssMb().toFixed(0)} MB`);
        }
        await soak(session, 'file:///fuzz/cooldown.nn', 'model M {\n    input [2]\n    Dense(1)\n}\n');
        const memoryAfterMb = await session.settledRssMb();
        return summarize(options, session.timings, { edits: counts.edits, megabyteOpenMs, memoryBeforeMb, memoryAfterMb, burstMismatches, concurrencyMismatches, problems: [...session.problems], deaths: session.alive ? 0 : 1 });
    } finally {
        await session.stop();
    }
}

/** One input: a burst of edits with requests in flight, checks, then edits typed one at a time. */
async function fuzzOne(
    session: LspSession, r: Random, i: number, options: FuzzOptions, counts: { edits: number },
    burstMismatches: string[], concurrencyMismatches: string[], log: (line: string) => void
): Promise<void> {
    const { kind, text } = input(r, i);
    const uri = `file:///fuzz/${kind}-${i}.nn`;
    await session.open(uri, text);
    let current = text;
    let version = 1;
    const edit = async () => {
        const change = randomEdit(r, current);
        const range = { start: positionAt(current, change.start), end: positionAt(current, change.end) };
        current = current.slice(0, change.start) + change.insert + current.slice(change.end);
        version++;
        counts.edits++;
        await session.change(uri, [{ range, text: change.insert }]);
    };
    // The burst: edits as fast as they can be sent, every answer awaited only at the end.
    session.phase = 'burst';
    const pending: Promise<unknown>[] = [];
    for (let e = 0; e < options.editsPerBurst; e++) {
        await edit();
        pending.push(...requestsAt(session, uri, current, r, version));
    }
    await Promise.all(pending);
    // The last version validated (the custom request waits for it), so its diagnostics are out.
    await session.request('nn/trainBlocks', { textDocument: { uri }, version }, lineCount(current));
    const afterBurst = shown(session.diagnostics.get(uri));
    const fresh = `file:///fuzz/fresh-${i}.nn`;
    await session.open(fresh, current);
    await session.request('nn/trainBlocks', { textDocument: { uri: fresh }, version: 1 }, lineCount(current));
    const freshShown = shown(session.diagnostics.get(fresh));
    if (freshShown !== afterBurst) {
        burstMismatches.push(`${uri} (seed ${options.seed}, input ${i})`);
        if (process.env.NN_FUZZ_DEBUG) log(`after burst: ${afterBurst}\nfresh:       ${freshShown}\ntext: ${JSON.stringify(current)}`);
    }
    session.phase = 'concurrent';
    const mismatch = await concurrentEqualsSequential(session, fresh, current, r);
    if (mismatch) concurrencyMismatches.push(`${uri}: ${mismatch}`);
    await session.close(fresh);
    // Typing: an edit, the editor's requests about it, their answers, the next edit. These
    // answers are the latency budget's: what someone typing waits for.
    session.phase = 'typing';
    for (let e = 0; e < 3; e++) {
        await edit();
        await Promise.all(requestsAt(session, uri, current, r, version));
    }
    session.phase = 'other';
    await session.close(uri);
}

async function soak(session: LspSession, uri: string, text: string): Promise<void> {
    await session.open(uri, text);
    await session.request('nn/trainBlocks', { textDocument: { uri }, version: 1 }, lineCount(text));
    await session.request('textDocument/semanticTokens/full', { textDocument: { uri } }, lineCount(text));
    await session.close(uri);
}

/** The same requests, sent together and then one by one, must give the same answers. */
async function concurrentEqualsSequential(session: LspSession, uri: string, text: string, r: Random): Promise<string | undefined> {
    const lines = lineCount(text);
    const position = positionAt(text, Math.floor(r() * (text.length + 1)));
    const range = { start: { line: Math.max(0, position.line - 20), character: 0 }, end: { line: position.line + 20, character: 0 } };
    const textDocument = { uri };
    const batch: [string, unknown][] = [
        ['textDocument/semanticTokens/full', { textDocument }],
        ['textDocument/semanticTokens/range', { textDocument, range }],
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/inlayHint', { textDocument, range }],
        ['textDocument/semanticTokens/range', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } }]
    ];
    const together = await Promise.all(batch.map(([method, params]) => session.request(method, params, lines)));
    const alone: unknown[] = [];
    for (const [method, params] of batch) alone.push(await session.request(method, params, lines));
    for (let i = 0; i < batch.length; i++) {
        // A semantic-tokens answer carries a fresh resultId each time: compare what it says.
        if (JSON.stringify(comparable(together[i])) !== JSON.stringify(comparable(alone[i]))) return `${batch[i][0]} differs`;
    }
    return undefined;
}

function comparable(answer: unknown): unknown {
    if (answer && typeof answer === 'object' && 'resultId' in answer) return { ...answer, resultId: undefined };
    return answer;
}

function summarize(options: FuzzOptions, timings: Timed[], rest: Omit<FuzzReport, 'seed' | 'inputs' | 'requests' | 'failedRequests' | 'p99Ms' | 'worstSmallMs' | 'worstMs' | 'worstMethod' | 'burstP99Ms' | 'burstWorstMs'>): FuzzReport {
    const failedRequests = timings.filter(t => t.error && !/cancel/i.test(t.error)).map(t => `${t.method}: ${t.error}`);
    const typing = timings.filter(t => t.phase === 'typing');
    const small = typing.filter(t => t.lines <= 300).map(t => t.ms).sort((a, b) => a - b);
    const outsideBig = typing.filter(t => t.lines !== Number.MAX_SAFE_INTEGER);
    const burst = timings.filter(t => t.phase === 'burst').map(t => t.ms).sort((a, b) => a - b);
    const worst = outsideBig.reduce<Timed | undefined>((w, t) => (!w || t.ms > w.ms ? t : w), undefined);
    return {
        seed: options.seed,
        inputs: options.inputs,
        requests: timings.length,
        failedRequests,
        p99Ms: small.length ? small[Math.min(small.length - 1, Math.floor(small.length * 0.99))] : 0,
        worstSmallMs: small.length ? small[small.length - 1] : 0,
        worstMs: worst?.ms ?? 0,
        worstMethod: worst ? `${worst.method} (${worst.lines} lines)` : '',
        burstP99Ms: burst.length ? burst[Math.min(burst.length - 1, Math.floor(burst.length * 0.99))] : 0,
        burstWorstMs: burst.length ? burst[burst.length - 1] : 0,
        ...rest
    };
}

export function formatReport(report: FuzzReport): string {
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    return [
        `seed ${report.seed}: ${report.inputs} inputs, ${report.edits} incremental edits, ${report.requests} requests answered (${report.failedRequests.length} failed)`,
        `latency while typing, files ≤ 300 lines: p99 ${ms(report.p99Ms)}, worst ${ms(report.worstSmallMs)}; worst outside the 1 MB file ${ms(report.worstMs)} (${report.worstMethod})`,
        `latency inside bursts (requests queued behind unawaited edits): p99 ${ms(report.burstP99Ms)}, worst ${ms(report.burstWorstMs)}`,
        report.megabyteOpenMs !== undefined ? `1 MB file: open to validated in ${ms(report.megabyteOpenMs)}` : '1 MB file: skipped',
        `server memory (RSS) half-way ${report.memoryBeforeMb.toFixed(0)} MB, at the end with everything closed ${report.memoryAfterMb.toFixed(0)} MB`,
        `diagnostics after a burst ≠ fresh open: ${report.burstMismatches.length}; concurrent ≠ sequential: ${report.concurrencyMismatches.length}`,
        `server errors logged: ${report.problems.length}; deaths: ${report.deaths}`
    ].join('\n');
}
