// Diagnostics as the editor receives them: broken fixtures (test/e2e/fixtures, copied into the
// workspace's fixtures/ folder) report the right code at the right line; the examples report none.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { openWorkspaceFile, waitForDiagnostics, workspaceFolder } from './helpers.js';
import { codeOf, describeDiagnostics, openForEditing } from './lsp-helpers.js';
import { log } from './output.js';

interface Expected {
    file: string;
    code: string;
    /** 1-based, as an editor shows it. */
    line: number;
    severity: vscode.DiagnosticSeverity;
    message: RegExp;
}

const BROKEN: Expected[] = [
    {
        file: 'fixtures/shape-mismatch.nn',
        code: 'shape-mismatch',
        line: 4,
        severity: vscode.DiagnosticSeverity.Error,
        message: /Conv2D needs a 3-D input.*\[784\]/,
    },
    {
        file: 'fixtures/data-mismatch.nn',
        code: 'data-mismatch',
        line: 5,
        severity: vscode.DiagnosticSeverity.Error,
        message: /mnist has 10 classes.*5/,
    },
    {
        file: 'fixtures/unknown-layer.nn',
        code: 'unknown-layer',
        line: 5,
        severity: vscode.DiagnosticSeverity.Error,
        message: /Unknown layer 'Dence'.*Did you mean 'Dense'\?/,
    },
    {
        file: 'fixtures/dense-on-image.nn',
        code: 'dense-on-rank',
        line: 4,
        severity: vscode.DiagnosticSeverity.Warning,
        message: /Flatten\(\)/,
    },
];

/** Appended to a clean file: its one diagnostic proves the server has validated that text. */
const PROBE = '\n// e2e probe: a known error, so an empty answer cannot be a late one\nmodel ZzE2eProbe {\n    input [2]\n    Dence(1)\n}\n';
const PROBE_ERROR_LINE_FROM_END = 3;

describe('diagnostics', () => {
    for (const expected of BROKEN) {
        it(`${expected.file}: ${expected.code} on line ${expected.line}`, async () => {
            const editor = await openWorkspaceFile(expected.file);
            const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length > 0);
            assert.equal(diagnostics.length, 1, `expected exactly one diagnostic, got ${describeDiagnostics(diagnostics)}`);
            const [diagnostic] = diagnostics;
            assert.equal(codeOf(diagnostic), expected.code);
            assert.equal(diagnostic.range.start.line + 1, expected.line, `wrong line: ${describeDiagnostics(diagnostics)}`);
            assert.equal(diagnostic.severity, expected.severity, `wrong severity: ${describeDiagnostics(diagnostics)}`);
            assert.match(diagnostic.message, expected.message);
        });
    }

    it('reports nothing for any example (each one re-validated after a known edit)', async function () {
        const folder = workspaceFolder();
        const examples = await vscode.workspace.findFiles(
            new vscode.RelativePattern(folder, '**/*.nn'),
            '{fixtures/**,scratch/**,**/.nn-runs/**}',
        );
        const names = examples.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
        // Two edits and two validations per file: the budget grows with the examples folder
        // (about 4 s a file on a loaded 2-core machine), each wait keeping its own 20 s limit.
        this.timeout(Math.max(this.timeout(), 8_000 * names.length));
        assert.ok(names.includes('mnist-mlp.nn') && names.length >= 10, `expected the examples/ folder, found ${JSON.stringify(names)}`);
        const dirty: string[] = [];
        for (const name of names) {
            const { editor, restore } = await openForEditing(name);
            const document = editor.document;
            let clean = true;
            try {
                // A file opened earlier in the run may have been validated long ago: appending a
                // known error and waiting for exactly it proves this answer is for this text.
                const end = document.lineAt(document.lineCount - 1).range.end;
                assert.ok(await editor.edit((edit) => edit.insert(end, PROBE)), `could not edit ${name}`);
                const probeLine = document.lineCount - PROBE_ERROR_LINE_FROM_END;
                const withProbe = await waitForDiagnostics(document.uri, (ds) =>
                    ds.some((d) => codeOf(d) === 'unknown-layer' && d.range.start.line === probeLine));
                const others = withProbe.filter((d) => d.range.start.line !== probeLine);
                if (others.length) {
                    clean = false;
                    dirty.push(`${name}: ${describeDiagnostics(others)}`);
                }
            } finally {
                await restore();
            }
            // Back to the original text: its diagnostics must go back to none.
            if (clean) await waitForDiagnostics(document.uri, (ds) => ds.length === 0).catch((error: Error) => {
                dirty.push(`${name}: ${error.message}`);
            });
        }
        assert.deepEqual(dirty, [], `examples with diagnostics:\n${dirty.join('\n')}`);
        log(`      (${names.length} examples clean: ${names.join(', ')})`);
    });
});
