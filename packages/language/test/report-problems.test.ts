/** The one mapping from LSP diagnostics to what the CLI prints and the server's custom requests return. */
import { describe, expect, it } from 'vitest';
import { documentProblems, toProblem } from '../src/report/problems.js';
import { check } from './helpers.js';

describe('problems', () => {
    it('gives 1-based positions, severity names and stable codes, sorted by position', async () => {
        const { document } = await check(['model M {', '    input [2]', '    Dense(4, activation=nope)', '    Dense(0)', '}'].join('\n'));
        const problems = documentProblems(document);
        expect(problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code}`)).toEqual(['3:25 error unknown-activation', '4:11 error bad-argument']);
        expect(problems[0].message).toMatch(/nope/);
    });

    it('reads a missing severity as an error and a code from the data', () => {
        const range = { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } };
        expect(toProblem({ range, message: 'm', data: { code: 'syntax' } })).toEqual({ severity: 'error', code: 'syntax', message: 'm', line: 1, column: 5 });
        expect(toProblem({ range, message: 'm', severity: 4 })).toMatchObject({ severity: 'hint', code: 'unknown' });
    });
});
