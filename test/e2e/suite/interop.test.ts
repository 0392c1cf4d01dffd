// Export and import in the real workbench: the commands are there, and the `Export: PyTorch | Keras`
// lenses appear above a train block (served by the language server's train-block request).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { openWorkspaceFile } from './helpers.js';
import { waitForProvider } from './lsp-helpers.js';

describe('export and import', () => {
    it('registers NN: Export Model as PyTorch / as Keras, Export Trained Model… and Import Model…', async () => {
        await openWorkspaceFile('mnist-mlp.nn');
        const commands = await vscode.commands.getCommands(true);
        for (const id of ['nn.exportPytorch', 'nn.exportKeras', 'nn.exportTrained', 'nn.importModel']) assert.ok(commands.includes(id), `${id} is registered`);
    });

    it('shows Export: PyTorch and Keras lenses above the train block, naming its model', async () => {
        const { document } = await openWorkspaceFile('mnist-mlp.nn');
        const lenses = await waitForProvider<vscode.CodeLens[]>('the export lenses', 'vscode.executeCodeLensProvider', [document.uri, 100], (l) => l.some((lens) => lens.command?.command === 'nn.exportPytorch'));
        const exports = lenses.filter((l) => l.command?.command === 'nn.exportPytorch' || l.command?.command === 'nn.exportKeras');
        assert.deepEqual(exports.map((l) => l.command!.title).sort(), ['Export: PyTorch', 'Keras']);
        assert.deepEqual(exports.map((l) => l.command!.arguments?.[1]), ['MnistMlp', 'MnistMlp']);
        assert.equal(exports[0].range.start.line, 11);
    });
});
