/**
 * `NN: Export Model as PyTorch`, `NN: Export Model as Keras`, `NN: Export Trained Model…` and
 * `NN: Import Model…`, the `Export` lenses above train blocks, and the export offer after training.
 * The language server writes and reads the model files (interop/server.ts); this side asks where.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { BlockLenses } from '../training/codelens.js';
import { request, type NnRequests } from '../training/lsp-client.js';
import { EXPORT_RUN, EXPORT_SCRIPT, IMPORT_MODEL, type ExportRunParams } from './protocol.js';

export const INTEROP_COMMANDS = {
    exportPytorch: 'nn.exportPytorch',
    exportKeras: 'nn.exportKeras',
    exportTrained: 'nn.exportTrained',
    import: 'nn.importModel'
} as const;

const TRAINED_TARGETS: { label: string; detail: string; target: ExportRunParams['target'] }[] = [
    { label: 'ONNX', detail: 'model.onnx (opset 17): onnxruntime, TensorRT, OpenVINO, …', target: 'onnx' },
    { label: 'PyTorch', detail: 'a PyTorch script and model.safetensors with the trained weights', target: 'pytorch' },
    { label: 'safetensors', detail: 'model.safetensors only (weights named as the exported nn.Module\'s)', target: 'safetensors' },
    { label: 'Keras', detail: 'a Keras 3 script with the run\'s settings', target: 'keras' }
];

/** Run folders of the models in a .nn file's output folder, newest first. */
async function runFolders(document: vscode.TextDocument): Promise<vscode.Uri[]> {
    const setting = vscode.workspace.getConfiguration('nn.training', document.uri).get<string>('outputDirectory', '.nn-runs').trim() || '.nn-runs';
    const root = path.isAbsolute(setting) ? vscode.Uri.file(setting) : vscode.Uri.joinPath(document.uri, '..', setting);
    let entries: [string, vscode.FileType][];
    try {
        entries = await vscode.workspace.fs.readDirectory(root);
    } catch {
        return [];
    }
    return entries
        .filter(([name, type]) => type === vscode.FileType.Directory && /-\d{8}-\d{6}(-\d+)?$/.test(name))
        .map(([name]) => name)
        .sort()
        .reverse()
        .map(name => vscode.Uri.joinPath(root, name));
}

export function registerInteropFeatures(context: vscode.ExtensionContext, client: LanguageClient, requests: NnRequests, output: vscode.LogOutputChannel): void {
    const log = (line: string) => output.warn(line);
    const params = (document: vscode.TextDocument) => ({ textDocument: { uri: document.uri.toString() }, version: document.version });

    async function nnDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
        const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
        if (!document || document.languageId !== 'nn') {
            void vscode.window.showErrorMessage('Open a .nn file first: the export works on the model of the .nn file in the active editor.');
            return undefined;
        }
        return document;
    }

    async function exportScript(target: 'pytorch' | 'keras', uri?: vscode.Uri, model?: string): Promise<void> {
        const document = await nnDocument(uri);
        if (!document) return;
        const fileName = path.basename(document.fileName);
        let result = await request(client, EXPORT_SCRIPT, { ...params(document), target, model }, log);
        if (result.errors.length) {
            void vscode.window.showErrorMessage(`Cannot export: ${fileName} has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'} — line ${result.errors[0].line}: ${result.errors[0].message}. Fix them first (see Problems).`);
            return;
        }
        if (!result.text && result.choices.length > 1) {
            const picked = await vscode.window.showQuickPick(result.choices, { title: `Export which model of ${fileName}?` });
            if (!picked) return;
            result = await request(client, EXPORT_SCRIPT, { ...params(document), target, model: picked }, log);
        }
        if (!result.text || !result.fileName) {
            void vscode.window.showErrorMessage(`Cannot export ${fileName}: ${result.message ?? 'nothing to export'}.`);
            return;
        }
        const suggested = document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..', result.fileName) : undefined;
        const where = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { Python: ['py'] }, title: `Export ${result.model} as ${target === 'keras' ? 'Keras' : 'PyTorch'}` });
        if (!where) return;
        await vscode.workspace.fs.writeFile(where, new TextEncoder().encode(result.text));
        for (const w of result.warnings) output.warn(`Export ${result.model}: ${w}`);
        output.info(`Exported ${result.model} as ${target} to ${where.fsPath}`);
        await vscode.window.showTextDocument(where, { preview: false });
        const run = 'Run --check in a Terminal';
        const choice = await vscode.window.showInformationMessage(
            `Exported ${result.model} to ${path.basename(where.fsPath)}. It runs with python3 ${target === 'keras' ? 'and Keras 3' : 'and PyTorch'} (python3 ${path.basename(where.fsPath)} --check; the script's header says how to train it${target === 'pytorch' ? ', also with torchrun' : ''}).`,
            run
        );
        if (choice === run) {
            const terminal = vscode.window.createTerminal({ name: `nn: ${result.model}`, cwd: path.dirname(where.fsPath) });
            terminal.show();
            terminal.sendText(`python3 ${JSON.stringify(path.basename(where.fsPath))} --check`);
        }
    }

    async function exportTrained(uri?: vscode.Uri): Promise<void> {
        let folder: vscode.Uri | undefined;
        if (uri && !uri.path.endsWith('.nn')) {
            folder = uri.path.endsWith('model.json') ? vscode.Uri.joinPath(uri, '..') : uri;
        } else {
            const document = await nnDocument(uri);
            if (!document) return;
            const runs = await runFolders(document);
            if (runs.length === 0) {
                void vscode.window.showErrorMessage(`${path.basename(document.fileName)} has no trained run yet: train a model first (NN: Train Model), then export it.`);
                return;
            }
            const picked = await vscode.window.showQuickPick(runs.map(r => ({ label: path.basename(r.fsPath), run: r })), { title: 'Export which trained run?', placeHolder: 'Newest first' });
            if (!picked) return;
            folder = picked.run;
        }
        const target = await vscode.window.showQuickPick(TRAINED_TARGETS, { title: `Export ${path.basename(folder.fsPath)} as` });
        if (!target) return;
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${path.basename(folder.fsPath)} as ${target.label}…` }, () =>
            request(client, EXPORT_RUN, { folder: folder!.fsPath, target: target.target }, log)
        );
        if (result.error) {
            output.error(`Export of ${folder.fsPath}: ${result.error}`);
            void vscode.window.showErrorMessage(`Cannot export ${path.basename(folder.fsPath)}: ${result.error}`);
            return;
        }
        for (const w of result.warnings) output.warn(`Export ${path.basename(folder.fsPath)}: ${w}`);
        output.info(`Exported ${folder.fsPath} as ${target.label}: ${result.files.join(', ')}${result.next.length ? `\nNext:\n${result.next.join('\n')}` : ''}`);
        const reveal = 'Reveal';
        const choice = await vscode.window.showInformationMessage(`Wrote ${result.files.map(f => path.basename(f)).join(' and ')} in ${vscode.workspace.asRelativePath(path.dirname(result.files[0]))}.`, reveal);
        if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.files[0]));
    }

    async function importModel(uri?: vscode.Uri): Promise<void> {
        const source = uri ?? (await vscode.window.showOpenDialog({
            title: 'Import a model as a .nn file',
            canSelectFolders: false,
            filters: { 'Models (tfjs model.json, Keras .keras / .h5)': ['json', 'keras', 'h5', 'hdf5'] }
        }))?.[0];
        if (!source) return;
        const preview = await request(client, IMPORT_MODEL, { file: source.fsPath }, log);
        const errors = preview.problems.filter(p => p.severity === 'error');
        if (errors.length || !preview.text) {
            for (const p of preview.problems) output.error(`Import ${source.fsPath}: ${p.where}: ${p.message}`);
            const show = 'Show all';
            const first = errors[0] ?? { where: source.fsPath, message: 'nothing to import' };
            const choice = await vscode.window.showErrorMessage(`Cannot import ${path.basename(source.fsPath)}: ${first.where}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, show);
            if (choice === show) output.show(true);
            return;
        }
        const folder = path.basename(source.fsPath) === 'model.json' ? path.dirname(path.dirname(source.fsPath)) : path.dirname(source.fsPath);
        const where = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(folder, `${preview.modelName}.nn`)), filters: { nn: ['nn'] }, title: `Save ${preview.modelName} as a .nn file` });
        if (!where) return;
        // Asked again with the destination: csv paths of a run's train block are made relative to it.
        const result = await request(client, IMPORT_MODEL, { file: source.fsPath, out: where.fsPath }, log);
        await vscode.workspace.fs.writeFile(where, new TextEncoder().encode(result.text ?? preview.text));
        const warnings = result.problems.filter(p => p.severity === 'warning');
        for (const p of warnings) output.warn(`Import ${source.fsPath}: ${p.where}: ${p.message}`);
        await vscode.window.showTextDocument(where, { preview: false });
        void vscode.window.showInformationMessage(
            `Imported ${preview.modelName} (${preview.format}, ${(result.params ?? preview.params ?? 0).toLocaleString('en-US')} parameters${preview.weightCount !== undefined ? ', as many as the file\'s weights' : ''})` +
                (warnings.length ? `. ${warnings.length} setting${warnings.length === 1 ? '' : 's'} could not be carried over: see the comments in the file.` : '.')
        );
    }

    context.subscriptions.push(
        vscode.commands.registerCommand(INTEROP_COMMANDS.exportPytorch, (uri?: vscode.Uri, model?: string) => exportScript('pytorch', uri instanceof vscode.Uri ? uri : undefined, typeof model === 'string' ? model : undefined)),
        vscode.commands.registerCommand(INTEROP_COMMANDS.exportKeras, (uri?: vscode.Uri, model?: string) => exportScript('keras', uri instanceof vscode.Uri ? uri : undefined, typeof model === 'string' ? model : undefined)),
        vscode.commands.registerCommand(INTEROP_COMMANDS.exportTrained, (uri?: vscode.Uri) => exportTrained(uri instanceof vscode.Uri ? uri : undefined)),
        vscode.commands.registerCommand(INTEROP_COMMANDS.import, (uri?: vscode.Uri) => importModel(uri instanceof vscode.Uri ? uri : undefined))
    );
}

/** `Export: PyTorch · Keras` above every train block that can be trained. */
export const exportLenses: BlockLenses = (block, document, range, trainable) =>
    trainable
        ? [
              new vscode.CodeLens(range, { title: 'Export: PyTorch', tooltip: `A PyTorch script of ${block.model} (also runs under torchrun)`, command: INTEROP_COMMANDS.exportPytorch, arguments: [document.uri, block.model] }),
              new vscode.CodeLens(range, { title: 'Keras', tooltip: `A Keras 3 script of ${block.model}`, command: INTEROP_COMMANDS.exportKeras, arguments: [document.uri, block.model] })
          ]
        : [];
