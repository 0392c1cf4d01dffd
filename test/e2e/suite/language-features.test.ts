// Hover, completion, go to definition, rename and the outline, each through the command VS Code
// itself runs (vscode.execute*Provider) against the installed extension's language server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { openWorkspaceFile, waitForDiagnostics } from './helpers.js';
import { applyEdit, describeDiagnostics, hoverText, openForEditing, positionOf, waitForProvider, workspaceUri } from './lsp-helpers.js';

/** Writes `text` to scratch/<name> in the workspace (a real file, as a user's new file would be) and opens it. */
async function scratchFile(name: string, text: string): Promise<vscode.TextDocument> {
    const uri = workspaceUri(`scratch/${name}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const editor = await openWorkspaceFile(`scratch/${name}`);
    assert.equal(editor.document.getText(), text);
    return editor.document;
}

async function completionLabels(document: vscode.TextDocument, position: vscode.Position, mustInclude: string): Promise<string[]> {
    const list = await waitForProvider<vscode.CompletionList>(
        `completion offering '${mustInclude}' at ${position.line + 1}:${position.character + 1} of ${document.uri.fsPath}`,
        'vscode.executeCompletionItemProvider',
        [document.uri, position],
        (result) => result.items.some((item) => labelOf(item) === mustInclude),
    );
    return list.items.map(labelOf);
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

/** Definition results come as Location or LocationLink depending on the client: both as uri + range. */
function targets(result: (vscode.Location | vscode.LocationLink)[]): { uri: vscode.Uri; range: vscode.Range; selection: vscode.Range }[] {
    return result.map((r) => ('targetUri' in r
        ? { uri: r.targetUri, range: r.targetRange, selection: r.targetSelectionRange ?? r.targetRange }
        : { uri: r.uri, range: r.range, selection: r.range }));
}

describe('hover', () => {
    it('on Dense 5→10: the shapes and the formula 5×10 weights + 10 biases = 60', async () => {
        const { document } = await openWorkspaceFile('fixtures/dense-5-10.nn');
        const position = positionOf(document, 4, 'Dense', 2);
        const hovers = await waitForProvider<vscode.Hover[]>('a hover on Dense', 'vscode.executeHoverProvider', [document.uri, position], (h) => h.length > 0);
        const text = hoverText(hovers);
        assert.ok(text.includes('5×10 weights + 10 biases = 60'), `hover text: ${text}`);
        assert.match(text, /\[5\]`? → `?\[10\]/);
    });

    it('on an activation: its formula', async () => {
        const { document } = await openWorkspaceFile('mnist-mlp.nn');
        const position = positionOf(document, 9, 'softmax', 2);
        const hovers = await waitForProvider<vscode.Hover[]>('a hover on softmax', 'vscode.executeHoverProvider', [document.uri, position], (h) => h.length > 0);
        assert.match(hoverText(hovers), /softmax/i);
        assert.ok(hoverText(hovers).includes('e^(xᵢ) / Σⱼ e^(xⱼ)'), hoverText(hovers));
    });
});

describe('signature help', () => {
    it('inside Conv2D(32, 3, |): the arguments in Keras order, the keyword being written highlighted', async () => {
        const document = await scratchFile('signature-help.nn', 'model M {\n    input [28, 28, 1]\n    Conv2D(32, 3, padding=)\n}\n');
        const position = new vscode.Position(2, '    Conv2D(32, 3, padding='.length);
        const help = await waitForProvider<vscode.SignatureHelp>(
            'signature help in Conv2D', 'vscode.executeSignatureHelpProvider', [document.uri, position, '='],
            (result) => result !== undefined && result.signatures.length > 0,
        );
        const signature = help.signatures[help.activeSignature];
        assert.match(signature.label, /^Conv2D\(filters, kernel_size, strides=\[1, 1\], padding=valid, /);
        const active = signature.parameters[help.activeParameter];
        assert.ok(active, `no active parameter in ${JSON.stringify(help)}`);
        const [from, to] = active.label as [number, number];
        assert.equal(signature.label.slice(from, to), 'padding=valid');
        const doc = active.documentation instanceof vscode.MarkdownString ? active.documentation.value : String(active.documentation);
        assert.ok(doc.includes('default `valid`'), doc);
    });
});

describe('completion', () => {
    it('offers the layer kinds at the start of a statement', async () => {
        const document = await scratchFile('complete-layer.nn', 'model M {\n    input [4]\n    \n}\n');
        const labels = await completionLabels(document, new vscode.Position(2, 4), 'Dense');
        for (const layer of ['Dense', 'Conv2D', 'LSTM', 'Dropout', 'Flatten', 'BatchNormalization', 'Add']) {
            assert.ok(labels.includes(layer), `${layer} missing from ${JSON.stringify(labels)}`);
        }
        assert.ok(!labels.includes('relu'), `an activation offered where a layer goes: ${JSON.stringify(labels)}`);
    });

    it('offers the activation values after activation=', async () => {
        const document = await scratchFile('complete-activation.nn', 'model M {\n    input [4]\n    Dense(10, activation=)\n}\n');
        const position = positionOf(document, 3, 'activation=', 'activation='.length);
        const labels = await completionLabels(document, position, 'relu');
        for (const activation of ['relu', 'sigmoid', 'tanh', 'softmax', 'linear', 'gelu']) {
            assert.ok(labels.includes(activation), `${activation} missing from ${JSON.stringify(labels)}`);
        }
        assert.ok(!labels.includes('Dense'), `a layer offered as an activation: ${JSON.stringify(labels)}`);
    });
});

describe('go to definition', () => {
    it('from a train block to its model', async () => {
        const { document } = await openWorkspaceFile('xor.nn');
        const position = positionOf(document, 9, 'Xor', 1);
        const result = await waitForProvider<(vscode.Location | vscode.LocationLink)[]>(
            'a definition for the train block model', 'vscode.executeDefinitionProvider', [document.uri, position], (r) => r.length > 0);
        const [target] = targets(result);
        assert.equal(result.length, 1);
        assert.equal(target.uri.toString(), document.uri.toString());
        assert.equal(target.selection.start.line + 1, 2, 'expected `model Xor {` on line 2');
        assert.equal(document.getText(target.selection), 'Xor');
    });

    it('from Add(skip) to the label', async () => {
        const { document } = await openWorkspaceFile('tiny-residual.nn');
        const position = positionOf(document, 7, 'skip', 1);
        const result = await waitForProvider<(vscode.Location | vscode.LocationLink)[]>(
            'a definition for the label skip', 'vscode.executeDefinitionProvider', [document.uri, position], (r) => r.length > 0);
        const [target] = targets(result);
        assert.equal(target.uri.toString(), document.uri.toString());
        assert.equal(target.selection.start.line + 1, 5, 'expected `skip = Conv2D(...)` on line 5');
        assert.equal(document.getText(target.selection), 'skip');
    });
});

describe('rename', () => {
    it('renaming a label updates its definition and its uses, not comments', async () => {
        const { editor, restore } = await openForEditing('tiny-residual.nn');
        const document = editor.document;
        try {
            const position = positionOf(document, 7, 'skip', 1);
            const edit = await waitForProvider<vscode.WorkspaceEdit>(
                'a rename edit for skip', 'vscode.executeDocumentRenameProvider', [document.uri, position, 'shortcut'], (e) => e.size > 0);
            const edits = edit.get(document.uri).map((e) => `${e.range.start.line + 1}: ${document.getText(e.range)} -> ${e.newText}`).sort();
            assert.deepEqual(edits, ['5: skip -> shortcut', '7: skip -> shortcut']);
            await applyEdit(edit, 'rename');
            assert.equal(document.lineAt(4).text.trim(), 'shortcut = Conv2D(16, 3, padding=same, activation=relu)');
            assert.equal(document.lineAt(6).text.trim(), 'Add(shortcut)');
            assert.match(document.lineAt(0).text, /`skip`/, 'the comment must be left alone');
            await waitForDiagnostics(document.uri, (ds) => ds.length === 0).catch((error: Error) => {
                throw new Error(`after the rename: ${error.message} ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`);
            });
        } finally {
            await restore();
        }
    });
});

describe('outline', () => {
    it('lists every model (with its layers) and train block', async () => {
        const { document } = await openWorkspaceFile('sequence.nn');
        const symbols = await waitForProvider<vscode.DocumentSymbol[]>(
            'document symbols of sequence.nn', 'vscode.executeDocumentSymbolProvider', [document.uri], (s) => s.length > 0);
        assert.deepEqual(symbols.map((s) => s.name), ['SequenceClassifier', 'TextEncoder', 'Gated']);
        assert.ok(symbols.every((s) => s.kind === vscode.SymbolKind.Class));
        assert.deepEqual(symbols[0].children.map((c) => c.name), ['input', 'Conv1D', 'MaxPooling1D', 'LSTM', 'GRU', 'Dense']);
        assert.ok(symbols[2].children.some((c) => c.name === 'gate = Dense'), JSON.stringify(symbols[2].children.map((c) => c.name)));
    });

    it('names train blocks after their model', async () => {
        const { document } = await openWorkspaceFile('mnist-mlp.nn');
        const symbols = await waitForProvider<vscode.DocumentSymbol[]>(
            'document symbols of mnist-mlp.nn', 'vscode.executeDocumentSymbolProvider', [document.uri], (s) => s.length > 0);
        assert.deepEqual(symbols.map((s) => s.name), ['MnistMlp', 'train MnistMlp']);
        assert.match(symbols[0].detail, /669,706/);
    });
});
