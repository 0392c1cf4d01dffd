/**
 * docs/language.md is the reference users read: its examples are checked here (clean ones have
 * no error; the ones showing a mistake report exactly their codes), and its lists of layers,
 * names, data sets, losses and metrics are the catalogue's. (The clean examples are also built
 * by tfjs in differential-examples.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, DATASETS, INITIALIZERS, LAYERS, LOSSES, METRICS, OPTIMIZERS, PADDINGS } from '../src/index.js';
import { docBlocks, EXAMPLES_DIR, LANGUAGE_DOC } from './gen/sources.js';
import { check } from './helpers.js';

const doc = readFileSync(LANGUAGE_DOC, 'utf8');

/** The text of a `## Heading` section (up to the next heading of that level or above). */
function section(heading: string): string {
    const start = doc.indexOf(`${heading}\n`);
    if (start < 0) throw new Error(`docs/language.md has no '${heading}'`);
    const level = heading.split(' ')[0];
    const rest = doc.slice(start + heading.length);
    const next = rest.search(new RegExp(`\\n#{1,${level.length}} `));
    return next < 0 ? rest : rest.slice(0, next);
}

/** Backticked words of a text: `relu` → relu; `xor(n=200, noise=0.1)` → xor. */
function codeWords(text: string): string[] {
    return [...text.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1]);
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** The body rows of the first table in a text, split into cells. */
function tableRows(text: string): string[][] {
    const lines = text.split('\n');
    const rule = lines.findIndex(l => /^\|\s*-/.test(l));
    const rows: string[][] = [];
    for (let i = rule + 1; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].split('|').slice(1, -1));
    return rows;
}

describe('docs/language.md', () => {
    const blocks = docBlocks();

    it.each(blocks.filter(b => !b.expect))('the example at line $line checks without a problem', async ({ text }) => {
        // As a file of examples/, so that its data paths (csv("data/houses.csv")) name real files.
        const { diagnostics } = await check(text, EXAMPLES_DIR);
        expect(diagnostics.map(d => `${d.range.start.line + 1}: ${d.code} ${d.message}`)).toEqual([]);
    });

    it.each(blocks.filter(b => b.expect))('the mistake at line $line reports $expect', async ({ text, expect: codes }) => {
        const { diagnostics } = await check(text, EXAMPLES_DIR);
        expect(diagnostics.map(d => String(d.code))).toEqual(codes);
    });

    it('lists every layer of the catalogue, and only those', () => {
        const listed = tableRows(section('### Layers')).flatMap(row => codeWords(row[0]));
        expect(sorted(listed)).toEqual(sorted(LAYERS.map(l => l.name)));
    });

    it('lists the activations, paddings and initializers the checker accepts', () => {
        const names = section('### Names').split('\n- ');
        const list = (label: string) => sorted(codeWords(names.find(n => n.startsWith(label))!.replace(/\([^)]*\)/g, '')));
        expect(list('Activations')).toEqual(sorted(ACTIVATIONS.map(a => a.name)));
        expect(list('Paddings')).toEqual(sorted(PADDINGS.map(p => p.name)));
        expect(list('Initializers')).toEqual(sorted(INITIALIZERS.map(i => i.name)));
    });

    it('lists the data sets, losses, optimizers and metrics the checker knows', () => {
        expect(sorted(tableRows(section('### Data sets')).map(row => codeWords(row[0])[0]))).toEqual(sorted([...DATASETS.map(d => d.name), 'csv']));
        const settings = tableRows(section('## Training'));
        const row = (setting: string) => settings.find(r => codeWords(r[0]).includes(setting))![1];
        expect(sorted(codeWords(row('loss')))).toEqual(sorted(LOSSES.map(l => l.name)));
        expect(sorted(codeWords(row('optimizer')).map(n => n.toLowerCase()))).toEqual(sorted(OPTIMIZERS.map(o => o.name.toLowerCase())));
        expect(sorted(codeWords(row('metrics')))).toEqual(sorted(METRICS.map(m => m.name)));
    });
});
