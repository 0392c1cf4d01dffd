/** Precise assertions on one diagnostic: its code, severity, line, the exact text it underlines, and the facts its message states. */
import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { check } from '../helpers.js';

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;
export type SeverityName = keyof typeof SEVERITY;

/** Strips the common indentation and the first newline, so `line` numbers read straight off the test. */
export function nn(strings: TemplateStringsArray, ...values: unknown[]): string {
    const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
    const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
    const indent = Math.min(...lines.filter(l => l.trim()).map(l => l.match(/^ */)![0].length));
    return lines.map(l => l.slice(indent)).join('\n') + '\n';
}

export function rangeText(text: string, d: Diagnostic): string {
    const offsets = text.split('\n').reduce<number[]>((acc, line, i) => [...acc, (acc[i] ?? 0) + line.length + 1], [0]);
    const at = (p: { line: number; character: number }) => offsets[p.line] + p.character;
    return text.slice(at(d.range.start), at(d.range.end));
}

function describe(text: string, ds: Diagnostic[]): string {
    return ds.map(d => `  ${d.code} (severity ${d.severity}) line ${d.range.start.line + 1} [${rangeText(text, d)}]: ${d.message}`).join('\n') || '  (none)';
}

export interface Expected {
    code: string;
    severity: SeverityName;
    /** 1-based line of the range start. */
    line: number;
    /** Exactly the text the diagnostic underlines. */
    range: string;
    /** Substrings the message must contain (shapes, numbers, the suggestion). */
    says?: (string | RegExp)[];
}

/** Checks `text` and asserts a diagnostic as described; returns all diagnostics for further checks. */
export async function expectDiagnostic(text: string, expected: Expected): Promise<Diagnostic[]> {
    const { diagnostics } = await check(text);
    const found = diagnostics.filter(d => d.code === expected.code && d.range.start.line + 1 === expected.line);
    expect(found.length, `one ${expected.code} on line ${expected.line}; got:\n${describe(text, diagnostics)}`).toBe(1);
    const d = found[0];
    expect(d.severity, `${expected.code} severity`).toBe(SEVERITY[expected.severity]);
    expect(rangeText(text, d), `${expected.code} range`).toBe(expected.range);
    for (const fact of expected.says ?? []) {
        if (typeof fact === 'string') expect(d.message).toContain(fact);
        else expect(d.message).toMatch(fact);
    }
    expect((d.data as { code?: string } | undefined)?.code, 'the code travels in data too (for quick fixes)').toBe(expected.code);
    return diagnostics;
}

/** Asserts that `text` gets no diagnostic with `code` (a near miss). */
export async function expectNo(text: string, code: string): Promise<Diagnostic[]> {
    const { diagnostics } = await check(text);
    expect(diagnostics.filter(d => d.code === code), `no ${code}; got:\n${describe(text, diagnostics)}`).toEqual([]);
    return diagnostics;
}

/** Asserts that `text` gets no diagnostics at all. */
export async function expectClean(text: string): Promise<void> {
    const { diagnostics } = await check(text);
    expect(diagnostics, `no diagnostics; got:\n${describe(text, diagnostics)}`).toEqual([]);
}
