import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { EXTENSION_ID, openWorkspaceFile, waitFor } from './helpers.js';
import { log } from './output.js';

describe('smoke: nn-lang in a real VS Code', () => {
    it('is installed under its manifest id', () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
        log(`      (${extension.id} ${extension.packageJSON.version} from ${extension.extensionUri.fsPath})`);
        // In vsix mode the launcher installs out/nn-lang.vsix: make sure that copy is the one
        // under test, not a development tree that happens to have the same id.
        // (The code-server launcher sets these in the extension host's environment.)
        const extensionsDir = process.env.NN_E2E_EXTENSIONS_DIR;
        if (process.env.NN_E2E_MODE === 'vsix') {
            assert.ok(extensionsDir, 'NN_E2E_MODE=vsix without NN_E2E_EXTENSIONS_DIR');
            assert.ok(
                extension.extensionUri.fsPath.startsWith(extensionsDir),
                `expected the installed .vsix under ${extensionsDir}, got ${extension.extensionUri.fsPath}`,
            );
        }
    });

    it('activates when a .nn file from the workspace is opened', async () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension);
        const editor = await openWorkspaceFile();
        assert.equal(editor.document.languageId, 'nn');
        // `onLanguage:nn` should activate it without help. isActive also turns true when
        // activate() threw, so activate() is awaited too: it rethrows that activation error.
        await waitFor('the extension to activate on opening a .nn file', () => extension.isActive, 20_000);
        await extension.activate();
    });

    it('reports diagnostics through the VS Code API', async () => {
        const editor = await openWorkspaceFile();
        const diagnostics = vscode.languages.getDiagnostics(editor.document.uri);
        assert.ok(Array.isArray(diagnostics));
    });
});
