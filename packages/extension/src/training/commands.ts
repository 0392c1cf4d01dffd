/**
 * The training features of the extension: `NN: Train Model`, `NN: Stop Training`,
 * `NN: Show Model Summary`, the `▶ Train | Summary` lenses, and the serializer that brings a
 * training view back after a reload. Registered from extension.ts with one call.
 */
import { checkOutputFolder, outputRoot, RunFolderError, RUNS_FOLDER } from '@nn-lang/training/runs';
import { isBackendPreference, TRAINING_VIEW_TYPE, type BackendPreference } from '@nn-lang/webview';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TrainBlockLensProvider, trainLenses, type BlockLenses } from './codelens.js';
import { languageServerRequests } from './lsp-client.js';
import type { TrainBlockInfo } from './lsp-protocol.js';
import { dataPayload, PayloadError } from './data-payload.js';
import { blockAt, refusal } from './messages.js';
import { TrainingPanel } from './panel.js';
import { TrainingRunController } from './run-controller.js';
import { SUMMARY_SCHEME, SummaryDocuments, summaryUri } from './summary-document.js';

export const COMMANDS = {
    train: 'nn.train',
    stop: 'nn.stopTraining',
    summary: 'nn.showSummary'
} as const;

/** Context key: true while a run is going (enables `NN: Stop Training`). */
const ACTIVE_CONTEXT = 'nn.trainingActive';

function backendSetting(scope: vscode.Uri): BackendPreference {
    const value = vscode.workspace.getConfiguration('nn.training', scope).get<string>('backend', 'auto');
    return isBackendPreference(value) ? value : 'auto';
}

async function nnDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'nn') {
        void vscode.window.showErrorMessage('Open a .nn file first: training and summaries work on the .nn file in the active editor.');
        return undefined;
    }
    return document;
}

async function showRefusal(message: string): Promise<void> {
    const problems = 'Show Problems';
    if ((await vscode.window.showErrorMessage(message, problems)) === problems) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

async function pickBlock(blocks: TrainBlockInfo[], fileName: string): Promise<TrainBlockInfo | undefined> {
    const items = blocks.map(block => ({
        label: `$(play) ${block.model}`,
        description: `${fileName}:${block.line}`,
        detail: block.description
            ? `${block.description.data.kind} · ${block.description.loss} · ${block.description.epochs} epochs × batch ${block.description.batchSize}`
            : `cannot train: ${block.errors[0]?.message ?? 'the model has errors'}`,
        block
    }));
    const picked = await vscode.window.showQuickPick(items, { title: `Train which model? (${fileName})`, placeHolder: 'The train blocks of this file' });
    return picked?.block;
}

/** `moreLenses`: what other features show above each train block, after `▶ Train | Summary`. */
export function registerTrainingFeatures(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel, moreLenses: readonly BlockLenses[] = []): void {
    const requests = languageServerRequests(client, line => output.warn(line));
    const diagnostics = vscode.languages.createDiagnosticCollection('nn-training');
    const runs = new Set<TrainingRunController>();
    /** One view per model (file and name): a new run of it reuses the last one's view. */
    const views = new Map<string, TrainingPanel>();
    const viewKey = (file: string, model: string) => `${file}\u0000${model}`;
    const updateContext = () => void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, [...runs].some(r => r.active));
    const summaries = new SummaryDocuments(requests);
    context.subscriptions.push(diagnostics, summaries);

    async function train(uri?: vscode.Uri, line?: number): Promise<void> {
        if (!vscode.workspace.isTrusted) {
            // Training reads data files named in the .nn file and runs a model in a view.
            void vscode.window.showWarningMessage('Training is off in Restricted Mode: a .nn file names data files to read. Trust this folder (Manage Workspace Trust) to train; checking and hints work without it.');
            return;
        }
        const document = await nnDocument(uri);
        if (!document) return;
        const fileName = path.basename(document.fileName);
        let result;
        try {
            result = await requests.trainBlocks(document);
        } catch (e) {
            output.error(`Train: ${(e as Error).message}`);
            void vscode.window.showErrorMessage(`Cannot train: ${(e as Error).message}`);
            return;
        }
        if (result.blocks.length === 0) {
            void vscode.window.showErrorMessage(`${fileName} has no train block. Add one: train ModelName { data = xor, loss = binary_crossentropy, … }`);
            return;
        }
        if (result.errors.length) return showRefusal(refusal('train', fileName, result.errors));
        const editor = vscode.window.activeTextEditor;
        const cursorLine = editor?.document === document ? editor.selection.active.line + 1 : undefined;
        let block =
            line !== undefined
                ? result.blocks.find(b => b.line === line)
                : cursorLine !== undefined
                  ? blockAt(result.blocks, cursorLine)
                  : undefined;
        if (!block) block = result.blocks.length === 1 ? result.blocks[0] : await pickBlock(result.blocks, fileName);
        if (!block) return;
        if (!block.description) return showRefusal(refusal(`train ${block.model}`, fileName, block.errors.length ? block.errors : result.errors));

        // Problems a previous run found in this data (a CSV line) are re-checked by this run.
        diagnostics.clear();
        // The host's part of the data (a CSV file's text) is read first: a missing file is
        // reported at the train block, without opening a view that could never start.
        let payload;
        try {
            const folder = vscode.workspace.getWorkspaceFolder(document.uri);
            payload = await dataPayload(block.description, folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
        } catch (e) {
            const message = (e as Error).message;
            if (e instanceof PayloadError) {
                const line = Math.max(0, (e.line ?? 1) - 1);
                const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error);
                diagnostic.source = 'nn training';
                diagnostics.set(vscode.Uri.file(e.file), [diagnostic]);
            }
            output.error(`Training ${block.model}: ${message}`);
            void vscode.window.showErrorMessage(`Cannot train ${block.model}: ${message}`);
            return;
        }
        const outputDirectory = vscode.workspace.getConfiguration('nn.training', document.uri).get<string>('outputDirectory', RUNS_FOLDER);
        if (document.uri.scheme === 'file') {
            // Refused before training, not after it: a folder the run could not be saved into.
            try {
                await checkOutputFolder(outputRoot(block.description.file, outputDirectory));
            } catch (e) {
                if (!(e instanceof RunFolderError)) throw e;
                output.error(`Training ${block.model}: ${e.message}`);
                void vscode.window.showErrorMessage(`Cannot train ${block.model}: ${e.message}. Choose another folder in the nn.training.outputDirectory setting.`);
                return;
            }
        }
        const key = viewKey(block.description.file, block.model);
        const running = [...runs].find(r => r.active && viewKey(r.description.file, r.description.model.name) === key);
        if (running) {
            running.reveal();
            const stopIt = 'Stop it';
            if ((await vscode.window.showInformationMessage(`${block.model} is already training in its view.`, stopIt)) === stopIt) running.stop();
            return;
        }
        const previous = views.get(key);
        const run = new TrainingRunController(block.description, payload, {
            panel: previous && !previous.isDisposed ? previous : undefined,
            extensionUri: context.extensionUri,
            documentUri: document.uri,
            output,
            diagnostics,
            backend: backendSetting(document.uri),
            outputDirectory
        });
        runs.add(run);
        views.set(key, run.panel);
        run.panel.onDidDispose(() => {
            if (views.get(key) === run.panel) views.delete(key);
        });
        updateContext();
        void run.finished.then(() => {
            runs.delete(run);
            updateContext();
        });
        await run.start();
    }

    async function stop(): Promise<void> {
        const active = [...runs].filter(r => r.active);
        if (active.length === 0) {
            void vscode.window.showInformationMessage('No training is running.');
            return;
        }
        const focused = active.find(r => r.panel.panel.active);
        if (focused || active.length === 1) {
            (focused ?? active[0]).stop();
            return;
        }
        const picked = await vscode.window.showQuickPick(
            active.map(r => ({ label: r.label, run: r })),
            { title: 'Stop which training?', canPickMany: true }
        );
        for (const p of picked ?? []) p.run.stop();
    }

    async function summary(uri?: vscode.Uri, model?: string): Promise<void> {
        const document = await nnDocument(uri);
        if (!document) return;
        let result;
        try {
            result = await requests.summary(document, model);
        } catch (e) {
            output.error(`Summary: ${(e as Error).message}`);
            void vscode.window.showErrorMessage(`Cannot show the summary: ${(e as Error).message}`);
            return;
        }
        const fileName = path.basename(document.fileName);
        if (result.errors.length) return showRefusal(refusal('summarise the models', fileName, result.errors));
        if (result.models.length === 0) {
            void vscode.window.showInformationMessage(`${fileName} has no model to summarise.`);
            return;
        }
        const doc = await vscode.workspace.openTextDocument(summaryUri(document.uri, model));
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }

    context.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.train, (uri?: vscode.Uri, line?: number) => train(uri instanceof vscode.Uri ? uri : undefined, typeof line === 'number' ? line : undefined)),
        vscode.commands.registerCommand(COMMANDS.stop, stop),
        vscode.commands.registerCommand(COMMANDS.summary, (uri?: vscode.Uri, model?: string) => summary(uri instanceof vscode.Uri ? uri : undefined, typeof model === 'string' ? model : undefined)),
        vscode.languages.registerCodeLensProvider({ language: 'nn' }, new TrainBlockLensProvider(requests, [trainLenses, ...moreLenses])),
        vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
        vscode.window.registerWebviewPanelSerializer(TRAINING_VIEW_TYPE, {
            // The page restores its charts and results from its saved state; the run itself is gone.
            deserializeWebviewPanel: async panel => {
                TrainingPanel.revive(panel, context.extensionUri);
            }
        }),
        { dispose: () => runs.forEach(r => r.dispose()) }
    );
    updateContext();
}
