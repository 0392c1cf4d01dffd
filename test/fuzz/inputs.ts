/**
 * What the fuzzer types: seeded, so every run with one seed sends the same texts and edits.
 * Random characters, token soup from the language's own words, mutated example files, absurd
 * numbers, deep nesting, byte-order marks, CRLF, NUL and lone surrogates, and one 1 MB file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lsp-session.js';

export type Random = () => number;

/** xorshift32: the same stream on every machine. */
export function seeded(seed: number): Random {
    let state = (seed >>> 0) || 1;
    return () => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state / 0x1_0000_0000;
    };
}

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const int = (r: Random, below: number): number => Math.floor(r() * below);

const WORDS = [
    'model', 'train', 'input', 'Dense', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Add', 'Concatenate', 'LSTM', 'Embedding',
    'Reshape', 'BatchNormalization', 'relu', 'softmax', 'same', 'valid', 'mnist', 'iris', 'xor', 'csv', 'adam', 'sgd', 'Adam',
    'data', 'loss', 'epochs', 'batch_size', 'optimizer', 'metrics', 'validation', 'seed', 'activation', 'padding', 'units',
    'categorical_crossentropy', 'mse', 'accuracy', 'kernel_size', 'strides', 'label', 'skip', 'x', 'true', 'false', 'test'
];
const PUNCTUATION = ['{', '}', '(', ')', '[', ']', ',', '=', '\n', ' ', '    ', '"', "'", '//', '/*', '*/', '.', '-', '+'];
const NUMBERS = ['0', '1', '-1', '0.5', '1e308', '1e999', '-0', '9007199254740993', '2147483647', '2147483648', '1e-400', 'NaN', '.5', '3.', '00007', '1e+3'];
const ODD = ['\uFEFF', '\r\n', '\r', '\u0000', '\uD800', '\uDFFF', '\u2028', '\t', '\u00A0', '😀', 'é', '\uFFFF'];

function randomText(r: Random): string {
    const length = int(r, 400);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(r() < 0.9 ? 32 + int(r, 95) : int(r, 0x10000));
    return text;
}

function tokenSoup(r: Random): string {
    const parts: string[] = [];
    const count = 20 + int(r, 300);
    for (let i = 0; i < count; i++) {
        const kind = r();
        parts.push(kind < 0.45 ? pick(r, WORDS) : kind < 0.85 ? pick(r, PUNCTUATION) : kind < 0.97 ? pick(r, NUMBERS) : pick(r, ODD));
    }
    return parts.join(r() < 0.5 ? ' ' : '');
}

/** A well-formed model of `layers` layers, so the checker gets past parsing. */
export function wellFormed(r: Random, layers: number): string {
    const lines = [`model Net {`, `    input [${pick(r, ['784', '28, 28, 1', '8', '16, 4'])}]`];
    for (let i = 0; i < layers; i++) {
        const choice = r();
        if (choice < 0.5) lines.push(`    l${i} = Dense(${1 + int(r, 64)}, activation=${pick(r, ['relu', 'tanh', 'sigmoid', 'softmax', 'frob'])})`);
        else if (choice < 0.65) lines.push(`    Dropout(${pick(r, ['0.5', '0.1', '1.5', '-0'])})`);
        else if (choice < 0.75) lines.push('    Flatten()');
        else if (choice < 0.85 && i > 1) lines.push(`    Add(l${int(r, i)}, l${int(r, i)})`);
        else lines.push(`    Conv2D(${1 + int(r, 16)}, ${pick(r, ['3', '[3, 3]', '2147483647'])}, padding=${pick(r, ['same', 'valid', 'sane'])})`);
    }
    lines.push('}', 'train Net {', `    data = ${pick(r, ['mnist', 'iris', 'xor', 'csv("data.csv", label="y")', 'nmist'])}`, `    loss = ${pick(r, ['categorical_crossentropy', 'mse', 'binary_crossentropy'])}`, `    epochs = ${pick(r, NUMBERS)}`, '}');
    return lines.join(r() < 0.2 ? '\r\n' : '\n');
}

let examples: string[] | undefined;
function exampleTexts(): string[] {
    examples ??= readdirSync(path.join(repoRoot, 'examples')).filter(f => f.endsWith('.nn')).map(f => readFileSync(path.join(repoRoot, 'examples', f), 'utf8'));
    return examples;
}

/** An example file with a few random insertions, deletions and duplications. */
function mutatedExample(r: Random): string {
    let text = pick(r, exampleTexts());
    const edits = 1 + int(r, 8);
    for (let i = 0; i < edits; i++) {
        const at = int(r, text.length + 1);
        const kind = r();
        if (kind < 0.4) text = text.slice(0, at) + pick(r, [...WORDS, ...PUNCTUATION, ...NUMBERS, ...ODD]) + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + int(r, 20));
        else text = text.slice(0, at) + text.slice(at, at + int(r, 80)) + text.slice(at);
    }
    return text;
}

function hugeNumbers(r: Random): string {
    const n = () => pick(r, NUMBERS);
    return `model M {\n    input [${n()}, ${n()}]\n    Dense(${n()})\n    Reshape([${n()}, -1])\n    Flatten()\n    Dense(${n()}, activation=softmax)\n}\ntrain M {\n    data = xor(n=${n()}, noise=${n()})\n    epochs = ${n()}\n    batch_size = ${n()}\n    seed = ${n()}\n    validation = ${n()}\n    optimizer = Adam(learning_rate=${n()})\n    loss = mse\n}\n`;
}

function deepNesting(r: Random): string {
    const depth = 20 + int(r, 80);
    const closed = r() < 0.5;
    const kind = int(r, 3);
    if (kind === 0) return `model M {\n    input ${'['.repeat(depth)}1${closed ? ']'.repeat(depth) : ''}\n    Dense(4)\n}\n`;
    if (kind === 1) return `model M {\n    input [8]\n    Dense${'('.repeat(depth)}${closed ? ')'.repeat(depth) : ''}\n}\n`;
    return `train M {\n    optimizer = ${'f(x='.repeat(Math.min(depth, 50))}1${closed ? ')'.repeat(Math.min(depth, 50)) : ''}\n}\n`;
}

function oddCharacters(r: Random): string {
    const base = wellFormed(r, 3 + int(r, 10));
    let text = r() < 0.5 ? `\uFEFF${base}` : base;
    for (let i = 0; i < 1 + int(r, 6); i++) {
        const at = int(r, text.length + 1);
        text = text.slice(0, at) + pick(r, ODD) + text.slice(at);
    }
    return text;
}

export type InputKind = 'random' | 'soup' | 'well-formed' | 'mutated' | 'numbers' | 'nesting' | 'odd';
const KINDS: InputKind[] = ['random', 'soup', 'well-formed', 'mutated', 'numbers', 'nesting', 'odd'];

/** The `index`-th input of a run: kinds in turn, contents from the run's random stream. */
export function input(r: Random, index: number): { kind: InputKind; text: string } {
    const kind = KINDS[index % KINDS.length];
    switch (kind) {
        case 'random': return { kind, text: randomText(r) };
        case 'soup': return { kind, text: tokenSoup(r) };
        case 'well-formed': return { kind, text: wellFormed(r, 1 + int(r, 250)) };
        case 'mutated': return { kind, text: mutatedExample(r) };
        case 'numbers': return { kind, text: hugeNumbers(r) };
        case 'nesting': return { kind, text: deepNesting(r) };
        case 'odd': return { kind, text: oddCharacters(r) };
    }
}

/** About 1 MB of model: the size class the latency budget leaves out. */
export function megabyteFile(r: Random): string {
    const layers: string[] = [];
    let size = 0;
    for (let i = 0; size < 1_000_000; i++) {
        const line = `    layer_${i} = Dense(${1 + int(r, 64)}, activation=relu, kernel_initializer=he_normal)`;
        layers.push(line);
        size += line.length + 1;
    }
    return `model Huge {\n    input [16]\n${layers.join('\n')}\n}\n`;
}

/** A random edit of `text`: insert a token or delete a short range (LSP positions are UTF-16, as JS strings). */
export function randomEdit(r: Random, text: string): { start: number; end: number; insert: string } {
    // An LSP position cannot point between the \r and \n of a line end (editors never send one).
    const boundary = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);
    const start = boundary(int(r, text.length + 1));
    if (r() < 0.6) return { start, end: start, insert: pick(r, [...WORDS, ...PUNCTUATION, ...NUMBERS, ...(r() < 0.1 ? ODD : [])]) };
    return { start, end: Math.max(start, boundary(Math.min(text.length, start + 1 + int(r, 12)))), insert: '' };
}
