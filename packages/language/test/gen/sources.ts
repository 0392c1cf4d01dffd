/** The `.nn` texts the differential tests start from: the examples and the language reference's code blocks. */
import { readdirSync, readFileSync } from 'node:fs';
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

/** The language reference, written for users: docs/language.md of this repository. */
export const LANGUAGE_DOC = resolve(here, '../../../../docs/language.md');

export interface DocBlock {
    /** 1-based line of the block's first line of code. */
    line: number;
    text: string;
    /** For a block that shows a mistake (```nn expect=code,code): the codes it must report, in order. */
    expect?: string[];
}

/** Every ```nn fenced block of the language reference. */
export function docBlocks(): DocBlock[] {
    const lines = readFileSync(LANGUAGE_DOC, 'utf8').split(/\r?\n/);
    const blocks: DocBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const fence = /^```nn(?:\s+expect=(\S+))?\s*$/.exec(lines[i].trim());
        if (!fence) continue;
        const start = i + 1;
        let end = start;
        while (end < lines.length && lines[end].trim() !== '```') end++;
        blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n'), ...(fence[1] ? { expect: fence[1].split(',') } : {}) });
        i = end;
    }
    return blocks;
}

/** The reference's examples that must check clean (the ones that show no mistake). */
export function specBlocks(): DocBlock[] {
    return docBlocks().filter(b => !b.expect);
}
