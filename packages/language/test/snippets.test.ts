/** The snippets the extension contributes: each, with its placeholders at their defaults, checks clean. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'nn.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;

/** `${1:Xor}` → `Xor`, `$0` → nothing: what the editor inserts when every placeholder is accepted. */
const expand = (body: string[]) => body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');

describe('snippets', () => {
    it.each(Object.entries(snippets))('%s checks without errors or warnings', async (_name, snippet) => {
        let text = expand(snippet.body);
        // A fragment is checked inside a model that feeds it; a lone train block beside a model it names.
        if (snippet.prefix === 'residual') text = `model M {\n    input [28, 28, 16]\n${text.split('\n').map(l => `    ${l}`).join('\n')}\n}\n`;
        if (snippet.prefix === 'train') text = `model Model {\n    input [784]\n    Dense(10, activation=softmax)\n}\n${text}`;
        const { diagnostics } = await check(text);
        expect(diagnostics.filter(d => d.severity === 1 || d.severity === 2).map(d => d.message)).toEqual([]);
    });
    it('package.json contributes them for .nn files', () => {
        const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
        expect(pkg.contributes.snippets).toEqual([{ language: 'nn', path: './snippets/nn.json' }]);
    });
});
