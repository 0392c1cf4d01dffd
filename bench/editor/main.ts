/**
 * `npm run bench:editor`: the editor's speed targets (issue 10), each printed with its target and
 * whether it is met. The LSP figures come from the bundled server (out/server.cjs, built first by
 * the npm script) spoken to over stdio like VS Code does; the checker-cost figures compare a full
 * check with a bare Langium build in this process. Options: --quick (fewer repetitions).
 */
import path from 'node:path';
import { fullVsBare, median } from './in-process.js';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startServer } from './lsp-client.js';
import { deepModel, manyModels, typicalFile } from './texts.js';

// run-ts bundles this file elsewhere; npm runs scripts from the repository root.
const root = process.cwd();
const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 7;

interface Row { figure: string; value: string; target: string; met?: boolean }
const rows: Row[] = [];
function record(row: Row): void {
    rows.push(row);
    const verdict = row.met === undefined ? '' : row.met ? 'met' : 'NOT MET';
    console.log(`${row.figure.padEnd(58)} ${row.value.padStart(12)}   target ${row.target.padEnd(16)} ${verdict}`);
}
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;

// 1. The checker's cost over parse + link, at three sizes.
const perLayer: number[] = [];
for (const layers of [100, 1_000, 10_000]) {
    // Small files are quick and noisy: more repetitions there.
    const { full, bare, parseAndLink, fullAfterParse, bareAfterParse } = await fullVsBare(deepModel(layers), layers <= 100 ? runs * 4 : layers <= 1_000 ? runs * 2 : runs);
    perLayer.push(full / layers);
    record({ figure: `full check / bare Langium build, ${layers.toLocaleString('en-US')} layers (${ms(full)} / ${ms(bare)})`, value: `${(full / bare).toFixed(2)}×`, target: '≤ 1.15×', met: full / bare <= 1.15 });
    record({ figure: `  the same without the parse (${ms(fullAfterParse)} / ${ms(bareAfterParse)})`, value: `${(fullAfterParse / bareAfterParse).toFixed(2)}×`, target: '(reported)' });
    record({ figure: `  full check / parse + link alone, no index (${ms(full)} / ${ms(parseAndLink)})`, value: `${(full / parseAndLink).toFixed(2)}×`, target: '(reported)' });
}
const growth = perLayer[2] / perLayer[1];
record({ figure: 'full check per layer, 10,000 vs 1,000 layers (linear = 1)', value: `${growth.toFixed(2)}×`, target: '≤ 1.5×', met: growth <= 1.5 });

// 2. Through the language server.
const server = await startServer(path.join(root, 'out', 'server.cjs'));
let version = 0;
const errors = (ds: { severity?: number }[]) => ds.filter(d => d.severity === 1).length;

async function open(name: string, text: string): Promise<{ uri: string; ms: number; errors: number }> {
    const uri = `file:///bench/${name}.nn`;
    const started = performance.now();
    const published = server.diagnostics(uri, () => true);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nn', version: ++version, text } });
    const diagnostics = await published;
    return { uri, ms: performance.now() - started, errors: errors(diagnostics) };
}

/**
 * Types `letter` at (line, character) and deletes it again, `count` times in all, timing each edit
 * until diagnostics that reflect it arrive (`shows(diagnostics, typed)` says whether they do).
 * Returns the times of the typing edits and of the deleting ones.
 */
async function typeAndDelete(uri: string, line: number, character: number, letter: string, count: number, shows: (ds: Diagnostic[], typed: boolean) => boolean): Promise<{ typed: number[]; deleted: number[] }> {
    const typed: number[] = [];
    const deleted: number[] = [];
    for (let i = 0; i < count; i++) {
        const typing = i % 2 === 0;
        const change = typing
            ? { range: { start: { line, character }, end: { line, character } }, text: letter }
            : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
        const started = performance.now();
        const fresh = server.diagnostics(uri, ds => shows(ds, typing));
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
        await fresh;
        (typing ? typed : deleted).push(performance.now() - started);
    }
    return { typed, deleted };
}

/**
 * Keystroke → fresh diagnostics: type one letter into a layer name in the middle of the file
 * (an unknown-layer error appears), then delete it (the error goes).
 */
async function keystrokes({ uri, errors: baseline }: { uri: string; errors: number }, text: string, count: number): Promise<number> {
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i >= lines.length / 2 && /^\s+(BatchNormalization|Dense|Conv2D)\(/.test(l));
    const { typed, deleted } = await typeAndDelete(uri, line, lines[line].indexOf('('), 'x', count, (ds, typing) => errors(ds) === (typing ? baseline + 1 : baseline));
    return median([...typed, ...deleted]);
}

/**
 * A keystroke that breaks the syntax: `(` typed after a layer's closing bracket in the middle of
 * the file (a syntax error appears), then deleted (it goes). Reported: what typing a new statement
 * costs, where most keystrokes leave the text unparseable for a moment.
 */
async function breakingKeystrokes(uri: string, text: string, count: number): Promise<{ breaking: number; mending: number }> {
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i >= lines.length / 2 && /^\s+BatchNormalization\(\)$/.test(l));
    const { typed, deleted } = await typeAndDelete(uri, line, lines[line].length, '(', count, (ds, typing) => ds.some(d => d.code === 'syntax') === typing);
    return { breaking: median(typed), mending: median(deleted) };
}

async function timedRequest(method: string, params: object, count: number): Promise<{ ms: number; result: unknown }> {
    let result: unknown;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
        const started = performance.now();
        result = await server.connection.sendRequest(method, params);
        times.push(performance.now() - started);
    }
    return { ms: median(times), result };
}

async function close(uri: string): Promise<void> {
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

try {
    const typical = typicalFile();
    const small = await open('typical', typical);
    const smallKey = await keystrokes(small, typical, runs * 2);
    record({ figure: `keystroke → diagnostics, ${typical.split('\n').length}-line file`, value: ms(smallKey), target: '≤ 30 ms', met: smallKey <= 30 });
    await close(small.uri);

    const deepText = deepModel(10_000);
    const deep = await open('deep', deepText);
    record({ figure: '10,000-layer file: open → first diagnostics', value: ms(deep.ms), target: '(reported)' });
    const deepKey = await keystrokes(deep, deepText, runs * 2);
    record({ figure: 'keystroke → diagnostics, 10,000 layers', value: ms(deepKey), target: '≤ 150 ms', met: deepKey <= 150 });

    const { breaking, mending } = await breakingKeystrokes(deep.uri, deepText, quick ? 6 : 10);
    record({ figure: 'keystroke that breaks the syntax, 10,000 layers', value: ms(breaking), target: '(reported)' });
    record({ figure: 'keystroke that mends it again, 10,000 layers', value: ms(mending), target: '(reported)' });

    const lines = deepText.split('\n');
    const middle = Math.floor(lines.length / 2);
    const visible = { start: { line: middle, character: 0 }, end: { line: middle + 60, character: 0 } };
    const hints = await timedRequest('textDocument/inlayHint', { textDocument: { uri: deep.uri }, range: visible }, runs * 2);
    record({ figure: `inlay hints, 60 visible lines of 10,000 layers (${(hints.result as unknown[]).length} hints)`, value: ms(hints.ms), target: '≤ 10 ms', met: hints.ms <= 10 });
    const layerLine = lines.findIndex((l, i) => i >= middle && /^\s+s\d+ = Conv2D\(/.test(l));
    const typeAt = lines[layerLine].indexOf('Conv2D') + 2;
    const hover = await timedRequest('textDocument/hover', { textDocument: { uri: deep.uri }, position: { line: layerLine, character: typeAt } }, runs * 2);
    record({ figure: 'hover on a layer, 10,000 layers', value: ms(hover.ms), target: '≤ 20 ms', met: hover.ms <= 20 && hover.result !== null });
    const paddingAt = lines[layerLine].indexOf('padding=') + 'padding='.length;
    const completion = await timedRequest('textDocument/completion', { textDocument: { uri: deep.uri }, position: { line: layerLine, character: paddingAt } }, runs * 2);
    record({ figure: 'completion of an argument value, 10,000 layers', value: ms(completion.ms), target: '≤ 20 ms', met: completion.ms <= 20 });
    await close(deep.uri);

    const bigText = manyModels(2_000);
    const rssBefore = server.rss();
    const big = await open('big', bigText);
    record({ figure: `${(bigText.length / 1e6).toFixed(2)} MB file (2,000 models): open → first diagnostics`, value: ms(big.ms), target: '(reported)' });
    const bigKey = await keystrokes(big, bigText, quick ? 4 : 6);
    record({ figure: 'keystroke → diagnostics, 1 MB file', value: ms(bigKey), target: '≤ 1000 ms', met: bigKey <= 1000 });
    record({ figure: 'server memory (RSS) before → after opening the 1 MB file', value: `${(rssBefore / 2 ** 20).toFixed(0)} → ${(server.rss() / 2 ** 20).toFixed(0)} MB`, target: '(reported)' });
    await close(big.uri);
} finally {
    await server.stop();
}

const failed = rows.filter(r => r.met === false).length;
console.log(`\n${rows.filter(r => r.met).length} of ${rows.filter(r => r.met !== undefined).length} targets met${failed ? ` (${failed} not met)` : ''}.`);
