// Training from the editor: `nn.showSummary` shows the Keras-style table; `nn.train` runs a train block in the training webview (TensorFlow.js on
// WebGL) and writes .nn-runs/<model>-<timestamp>/; `nn.stopTraining` ends a run early and the
// epochs it finished are kept. Everything is checked on what the run leaves on disk.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { before, describe, it } from 'mocha';
import { EXTENSION_ID, openWorkspaceFile, waitFor, workspaceFolder } from './helpers.js';
import { openForEditing } from './lsp-helpers.js';
import { log } from './output.js';

const TRAIN = 'nn.train';
const STOP = 'nn.stopTraining';
const SUMMARY = 'nn.showSummary';
/** A real run on SwiftShader WebGL on 2 busy cores: generous, but each wait ends as soon as the files are there. */
const RUN_TIMEOUT_MS = 240_000;

interface Metrics {
    model: string;
    stopped: boolean;
    epochsCompleted: number;
    settings: { epochs: number };
    backend: { requested: string; used: string | null; webglRenderer: string | null; reason: string | null };
    history: { epoch: number; loss: number; [metric: string]: number }[];
    test: { loss: number; accuracy?: number } | null;
    params: { total: number; trainable: number };
}

function runsDir(): string {
    return path.join(workspaceFolder().uri.fsPath, '.nn-runs');
}

/** Run folders of `model` (`Xor-20250131-140509`, `-2` for a second one in the same second). */
function runFolders(model: string): string[] {
    const dir = runsDir();
    if (!fs.existsSync(dir)) return [];
    const pattern = new RegExp(`^${model}-\\d{8}-\\d{6}(-\\d+)?$`);
    return fs.readdirSync(dir).filter((name) => pattern.test(name)).sort();
}

/** The folder a new run of `model` writes (the extension renames it into place complete). */
async function newRunFolder(model: string, existing: string[], what: string): Promise<string> {
    const name = await waitFor(what, () => runFolders(model).find((n) => !existing.includes(n)), RUN_TIMEOUT_MS, 250);
    return path.join(runsDir(), name);
}

function readMetrics(folder: string): Metrics {
    return JSON.parse(fs.readFileSync(path.join(folder, 'metrics.json'), 'utf8')) as Metrics;
}

/** 1-based line of `train <model>`: the command takes it to pick the block. */
function trainLine(document: vscode.TextDocument, model: string): number {
    for (let i = 0; i < document.lineCount; i++) {
        if (new RegExp(`^\\s*train\\s+${model}\\b`).test(document.lineAt(i).text)) return i + 1;
    }
    throw new Error(`no 'train ${model}' block in ${document.uri.fsPath}`);
}

/** Checks the LayersModel files tfjs wrote: a manifest naming weights.bin, and 4 bytes per parameter. */
function assertModelFiles(folder: string, params: number): void {
    for (const file of ['model.json', 'weights.bin', 'metrics.json']) {
        assert.ok(fs.existsSync(path.join(folder, file)), `${file} missing from ${folder}: ${JSON.stringify(fs.readdirSync(folder))}`);
    }
    const model = JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8'));
    assert.equal(model.format, 'layers-model');
    assert.deepEqual(model.weightsManifest[0].paths, ['weights.bin']);
    const elements = (model.weightsManifest[0].weights as { shape: number[] }[])
        .reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
    assert.equal(elements, params, 'the weights manifest should hold every parameter');
    assert.equal(fs.statSync(path.join(folder, 'weights.bin')).size, 4 * params, 'weights.bin: float32 per parameter');
}

/**
 * The nn-lang output channel's log file. The controller logs each finished epoch there (debug
 * level), which is how this test knows a run is under way; VS Code keeps it in the profile's logs
 * folder, which the launcher names (NN_E2E_USER_DATA_DIR).
 */
function outputLogFile(): string | undefined {
    const userData = process.env.NN_E2E_USER_DATA_DIR;
    if (!userData) return undefined;
    const logs = path.join(userData, 'logs');
    if (!fs.existsSync(logs)) return undefined;
    const candidates = (fs.readdirSync(logs, { recursive: true }) as string[])
        .filter((file) => file.endsWith(path.join(EXTENSION_ID, 'nn-lang.log')))
        .map((file) => path.join(logs, file));
    return candidates.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

describe('training', function () {
    this.timeout(RUN_TIMEOUT_MS + 60_000);

    before(async function () {
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `${EXTENSION_ID} is not installed`);
        await openWorkspaceFile('xor.nn');
        await extension.activate();
        const commands = await vscode.commands.getCommands(true);
        const missing = [TRAIN, STOP, SUMMARY].filter((command) => !commands.includes(command));
        // Said plainly instead of a hang or a "command not found" deep in a test.
        assert.deepEqual(missing, [], `the extension registers no ${missing.join(', ')} command: the training commands (packages/extension/src/training) are not in this build`);
        const contributed = ((extension.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
        const uncontributed = [TRAIN, STOP, SUMMARY].filter((command) => !contributed.includes(command));
        assert.deepEqual(uncontributed, [], `package.json contributes no ${uncontributed.join(', ')}: the commands would not show in the command palette`);
    });

    it('nn.showSummary opens the Keras-style table of the seed MLP beside the editor', async () => {
        const { document } = await openWorkspaceFile('mnist-mlp.nn');
        await vscode.commands.executeCommand(SUMMARY, document.uri);
        const summary = await waitFor('an nn-summary editor', () =>
            vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'nn-summary')?.document);
        const text = summary.getText();
        assert.match(text, /Total params: 669,706/, text);
        assert.match(text, /Trainable params: 669,706/, text);
        assert.match(text, /dense \(Dense\)\s+\(None, 512\)\s+401,?920/, text);
    });

    it('nn.train on the xor example: auto probes the CPU backends (no GPU here), writes model.json, weights.bin and metrics.json', async () => {
        const { document } = await openWorkspaceFile('xor.nn');
        const existing = runFolders('Xor');
        const started = Date.now();
        await vscode.commands.executeCommand(TRAIN, document.uri, trainLine(document, 'Xor'));
        const folder = await newRunFolder('Xor', existing, 'the Xor run to finish and write its folder under .nn-runs/');
        const metrics = readMetrics(folder);
        log(`      (Xor: ${metrics.epochsCompleted} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s on ${metrics.backend.used} (${metrics.backend.webglRenderer}); test accuracy ${metrics.test?.accuracy})`);
        assert.equal(metrics.model, 'Xor');
        assert.equal(metrics.stopped, false);
        assert.equal(metrics.epochsCompleted, 60);
        assert.equal(metrics.history.length, 60);
        // The default is auto; this machine's WebGL is SwiftShader (software), so auto measures wasm and cpu.
        assert.equal(metrics.backend.requested, 'auto');
        assert.ok(['wasm', 'cpu'].includes(metrics.backend.used ?? ''), `auto chose ${JSON.stringify(metrics.backend)}`);
        assert.match(metrics.backend.reason ?? '', /^auto chose (wasm|cpu); WebGL is software-rendered .*; probed wasm [\d,]+ samples\/s, cpu /);
        assert.equal(metrics.params.total, 105);
        assertModelFiles(folder, 105);
        // It learned: XOR with little noise is nearly separable by 2×8 tanh units.
        assert.ok(metrics.history[59].loss < metrics.history[0].loss / 2, `loss ${metrics.history[0].loss} -> ${metrics.history[59].loss}`);
        assert.ok((metrics.test?.accuracy ?? 0) >= 0.9, `test accuracy ${metrics.test?.accuracy}`);
    });

    it('nn.stopTraining stops a long spiral run; the finished epochs are saved with stopped=true', async () => {
        const epochs = 5000;
        const { editor, restore } = await openForEditing('spiral.nn');
        // WebGL explicitly: the webgl backend in a real webview stays covered now that auto is the default.
        const settings = vscode.workspace.getConfiguration('nn.training');
        await settings.update('backend', 'webgl', vscode.ConfigurationTarget.Global);
        const document = editor.document;
        const logFile = outputLogFile();
        assert.ok(logFile, `cannot find the nn-lang output log under NN_E2E_USER_DATA_DIR=${process.env.NN_E2E_USER_DATA_DIR} (the launcher sets it)`);
        // Epochs are logged at debug level; this is the extension-test hook VS Code offers for it.
        await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'debug');
        try {
            // Far more epochs than can finish during the test: the stop is what ends it.
            const line = document.getText().split('\n').findIndex((l) => /^\s*epochs\s*=/.test(l));
            assert.ok(line >= 0, 'no epochs setting in spiral.nn');
            assert.ok(await editor.edit((e) => e.replace(document.lineAt(line).range, `    epochs     = ${epochs}`)));
            const existing = runFolders('Spiral');
            const logStart = fs.statSync(logFile).size;
            await vscode.commands.executeCommand(TRAIN, document.uri, trainLine(document, 'Spiral'));
            const epochLine = new RegExp(`Spiral epoch (\\d+)/${epochs}`, 'g');
            const finished = await waitFor(`two finished epochs of the Spiral run in ${logFile}`, () => {
                const text = fs.readFileSync(logFile, 'utf8').slice(logStart);
                const last = [...text.matchAll(epochLine)].pop();
                return last && Number(last[1]) >= 2 ? Number(last[1]) : undefined;
            }, RUN_TIMEOUT_MS, 250);
            await vscode.commands.executeCommand(STOP);
            const folder = await newRunFolder('Spiral', existing, 'the stopped Spiral run to write its folder under .nn-runs/');
            const metrics = readMetrics(folder);
            log(`      (Spiral: stopped after ${metrics.epochsCompleted} of ${epochs} epochs; ${finished} seen finished before the stop)`);
            assert.equal(metrics.stopped, true);
            assert.equal(metrics.settings.epochs, epochs);
            assert.ok(metrics.epochsCompleted >= finished && metrics.epochsCompleted < epochs, `epochsCompleted ${metrics.epochsCompleted}`);
            assert.equal(metrics.history.length, metrics.epochsCompleted);
            assert.equal(metrics.backend.used, 'webgl');
            assertModelFiles(folder, metrics.params.total);
        } finally {
            await settings.update('backend', undefined, vscode.ConfigurationTarget.Global);
            await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
            await restore();
        }
    });
});
