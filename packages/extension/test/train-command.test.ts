/**
 * `NN: Train Model` up to the point where a training view would open, with the real command code
 * (VS Code is a stand-in: fake-vscode.ts): what it refuses, it refuses before any view opens.
 */
import { PROTOCOL_VERSION } from '@nn-lang/webview';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerTrainingFeatures } from '../src/training/commands.js';
import { documents, panels, registeredCommands, settings, shown, workspace } from './fake-vscode.js';

const root = mkdtempSync(path.join(tmpdir(), 'nn-command-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = path.join(root, 'xor.nn');
writeFileSync(file, '// the .nn file itself: its text comes from the (stand-in) language server\n');

const description = {
    file,
    line: 9,
    model: { name: 'Xor', input: [2], layers: [], output: [1], params: { total: 105, trainable: 105, nonTrainable: 0 } },
    data: { kind: 'xor', n: 400, noise: 0.05 },
    loss: 'binary_crossentropy',
    lossKind: 'binary',
    task: 'classification',
    optimizer: { name: 'adam', learningRate: 0.03, args: {} },
    metrics: ['accuracy'],
    epochs: 2,
    batchSize: 16,
    memory: { bytes: 2000, weights: 420, gradients: 420, optimizerState: 840, activations: 320, batchSize: 16 }
};

const client = {
    sendRequest: async () => ({ uri: `file://${file}`, version: 1, blocks: [{ model: 'Xor', line: 9, endLine: 18, description, errors: [] }], errors: [] })
} as unknown as LanguageClient;

const logged: string[] = [];
const output = { info: (l: string) => logged.push(l), warn: (l: string) => logged.push(l), error: (l: string) => logged.push(l), debug: () => {} } as unknown as vscode.LogOutputChannel;
registerTrainingFeatures({ subscriptions: [], extensionUri: vscode.Uri.file('/extension') } as unknown as vscode.ExtensionContext, client, output);
documents.set(file, { languageId: 'nn' });
const train = () => registeredCommands.get('nn.train')!(vscode.Uri.file(file), 9) as Promise<void>;

beforeEach(() => {
    shown.length = 0;
    panels.length = 0;
    settings.clear();
    workspace.isTrusted = true;
});

describe('NN: Train Model', () => {
    it('opens a view and starts the run when all is well', async () => {
        settings.set('nn.training.outputDirectory', path.join(root, 'runs'));
        const training = train();
        // The view opens once the output folder has been checked (file system work): wait for it, however long a loaded machine takes.
        await vi.waitFor(() => expect(panels).toHaveLength(1), { timeout: 10_000, interval: 5 });
        panels[0].fromPage({ type: 'ready', protocol: PROTOCOL_VERSION, restored: false });
        await training;
        expect(panels[0].posted).toMatchObject([{ type: 'start', description: { model: { name: 'Xor' } } }]);
        panels[0].dispose();
    });

    it('refuses an output folder it could not save into, before any view opens', async () => {
        for (const folder of ['/proc/self', '/sys/kernel', file]) {
            settings.set('nn.training.outputDirectory', folder);
            await train();
            expect(panels, folder).toEqual([]);
            expect(shown.at(-1)).toMatchObject({ kind: 'error', message: expect.stringMatching(/^Cannot train Xor: cannot write runs into '.+': .+\. Choose another folder in the nn\.training\.outputDirectory setting\.$/) });
        }
    });

    it('does not train in Restricted Mode, and says why', async () => {
        workspace.isTrusted = false;
        await train();
        expect(panels).toEqual([]);
        expect(shown).toEqual([{ kind: 'warning', message: expect.stringMatching(/^Training is off in Restricted Mode/), items: [] }]);
    });
});
