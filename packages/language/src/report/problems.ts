/**
 * A checked document's diagnostics as the tools outside the editor report them: 1-based line and
 * column (UTF-16 units, as editors count), a severity name and the checker's stable code. The
 * CLI prints these and the language server's custom requests return them: one mapping for both.
 */
import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export interface Problem {
    severity: SeverityName;
    code: string;
    message: string;
    line: number;
    column: number;
}

const SEVERITIES: Record<number, SeverityName> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function toProblem(d: Diagnostic): Problem {
    return {
        // LSP leaves a missing severity to the client; a checker must not under-report it.
        severity: SEVERITIES[d.severity ?? 1] ?? 'error',
        code: String(d.code ?? (d.data as { code?: unknown } | undefined)?.code ?? 'unknown'),
        message: typeof d.message === 'string' ? d.message : String((d.message as { value?: unknown }).value),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1
    };
}

/** The document's diagnostics, sorted by position. */
export function documentProblems(document: LangiumDocument): Problem[] {
    return (document.diagnostics ?? []).map(toProblem).sort((a, b) => a.line - b.line || a.column - b.column);
}
