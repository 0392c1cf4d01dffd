// Quick fixes: ask for the code actions of a diagnostic the way the light bulb does, apply the
// preferred one's WorkspaceEdit, and check that the diagnostic goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { waitForDiagnostics } from './helpers.js';
import { applyEdit, codeOf, describeDiagnostics, openForEditing, waitForProvider } from './lsp-helpers.js';

interface Case {
    file: string;
    code: string;
    title: string;
    /** 1-based lines and their text after the fix. */
    after: Record<number, string>;
}

const CASES: Case[] = [
    { file: 'fixtures/data-mismatch.nn', code: 'data-mismatch', title: 'Set units to 10', after: { 5: 'Dense(10, activation=softmax)' } },
    { file: 'fixtures/dense-on-image.nn', code: 'dense-on-rank', title: 'Insert Flatten() before Dense', after: { 4: 'Flatten()', 5: 'Dense(10, activation=softmax)' } },
    { file: 'fixtures/unknown-layer.nn', code: 'unknown-layer', title: "Change to 'Dense'", after: { 5: 'Dense(3, activation=softmax)' } },
    { file: 'fixtures/zero-init.nn', code: 'zero-init', title: 'Remove kernel_initializer (use the default)', after: { 4: 'Dense(8, activation=relu)' } },
];

describe('quick fixes', () => {
    for (const c of CASES) {
        it(`${c.code}: "${c.title}" removes the diagnostic`, async () => {
            const { editor, restore } = await openForEditing(c.file);
            const document = editor.document;
            try {
                const [diagnostic] = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => codeOf(d) === c.code));
                const actions = await waitForProvider<(vscode.CodeAction | vscode.Command)[]>(
                    `code actions for ${c.code}`,
                    'vscode.executeCodeActionProvider',
                    [document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value],
                    (list) => list.length > 0,
                );
                const fixes = actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
                const fix = fixes.find((a) => a.title === c.title);
                assert.ok(fix, `no quick fix titled "${c.title}"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
                assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
                assert.equal(fix.isPreferred, true, 'the single obvious fix should be preferred (Ctrl+. / auto-fix)');
                await applyEdit(fix.edit, c.title);
                for (const [line, text] of Object.entries(c.after)) {
                    assert.equal(document.lineAt(Number(line) - 1).text.trim(), text, `line ${line} after the fix`);
                }
                await waitForDiagnostics(document.uri, (ds) => ds.length === 0).catch((error: Error) => {
                    throw new Error(`after "${c.title}": ${error.message} ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`);
                });
            } finally {
                await restore();
            }
        });
    }
});
