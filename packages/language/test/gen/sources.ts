/** The `.nn` texts the differential tests start from: the examples and the spec's code blocks. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = resolve(here, '../../../../examples');

export function exampleFiles(): { name: string; text: string }[] {
    return readdirSync(EXAMPLES_DIR)
        .filter(f => f.endsWith('.nn'))
        .sort()
        .map(name => ({ name, text: readFileSync(join(EXAMPLES_DIR, name), 'utf8') }));
}

/** Where the language reference may live: NN_SPEC overrides; the shared spec is the default. */
export const SPEC_CANDIDATES = [process.env.NN_SPEC, '/work/shared/spec/LANGUAGE.md'].filter((p): p is string => !!p);

export function specPath(): string {
    const found = SPEC_CANDIDATES.find(p => existsSync(p));
    if (!found) throw new Error(`The language reference was not found (looked at ${SPEC_CANDIDATES.join(', ')}); set NN_SPEC to its path.`);
    return found;
}

/** Every ```nn fenced block of the spec, with the line it starts on. */
export function specBlocks(): { line: number; text: string }[] {
    const lines = readFileSync(specPath(), 'utf8').split(/\r?\n/);
    const blocks: { line: number; text: string }[] = [];
    for (let i = 0; i < lines.length; i++) {
        if (lines[i].trim() !== '```nn') continue;
        const start = i + 1;
        let end = start;
        while (end < lines.length && lines[end].trim() !== '```') end++;
        blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
        i = end;
    }
    return blocks;
}
