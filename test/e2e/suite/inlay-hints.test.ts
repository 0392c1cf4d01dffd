// Inline shapes and parameter counts, as VS Code asks the server for them (executeInlayHintProvider).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { openWorkspaceFile } from './helpers.js';
import { hintLabel, inlayHints, waitForProvider } from './lsp-helpers.js';

/** `line: label` with 1-based lines, in document order. */
function render(hints: readonly vscode.InlayHint[]): string[] {
    return [...hints]
        .sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character)
        .map((hint) => `${hint.position.line + 1}: ${hintLabel(hint)}`);
}

async function hintsOf(relativePath: string, minimum: number): Promise<string[]> {
    const { document } = await openWorkspaceFile(relativePath);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await waitForProvider<vscode.InlayHint[]>(
        `at least ${minimum} inlay hints in ${relativePath}`,
        'vscode.executeInlayHintProvider',
        [document.uri, whole],
        (list) => list.length >= minimum,
    );
    return render(hints);
}

describe('inlay hints', () => {
    it('Dense 5→10: output shape and 60 params after the layer, the total on the model line', async () => {
        const hints = await hintsOf('fixtures/dense-5-10.nn', 2);
        assert.equal(hints.length, 2, JSON.stringify(hints));
        // Line 2 `model Small {`, line 4 `Dense(10)`.
        assert.match(hints[0], /^2: 60 params \(60 trainable\)/);
        assert.equal(hints[1], '4: [10] · 60 params');
    });

    it('the seed MLP (examples/mnist-mlp.nn): 669,706 params and every layer as the README shows', async () => {
        const hints = await hintsOf('mnist-mlp.nn', 6);
        assert.deepEqual(hints.slice(1), [
            '5: [512] · 401,920 params',
            '6: [512]',
            '7: [512] · 262,656 params',
            '8: [512]',
            '9: [10] · 5,130 params',
        ]);
        assert.match(hints[0], /^3: 669,706 params \(669,706 trainable\)$/);
    });

    it('answers only for the range asked (the visible part of a long file)', async () => {
        const { document } = await openWorkspaceFile('mnist-mlp.nn');
        await hintsOf('mnist-mlp.nn', 6);
        // Lines 5–7 (0-based 4–6): the first Dense, Dropout, second Dense.
        const some = await vscode.commands.executeCommand<vscode.InlayHint[]>(
            'vscode.executeInlayHintProvider', document.uri, new vscode.Range(4, 0, 6, 200));
        assert.deepEqual(render(some), ['5: [512] · 401,920 params', '6: [512]', '7: [512] · 262,656 params']);
        assert.ok((await inlayHints(document)).length >= 6);
    });
});
