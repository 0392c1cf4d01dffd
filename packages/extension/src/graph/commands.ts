/**
 * `NN: Show Model Graph`: one view beside the editor drawing the models of the .nn file it
 * follows (the active one), from the language server's analysis. It redraws as you type, a click
 * on a node moves the cursor to its line, the cursor highlights its node, and a picture of a
 * model can be saved as SVG or PNG.
 */
import { GRAPH_VIEW_TYPE, graphPageHtml, makeNonce, readGraphViewMessage, type GraphHostMessage } from '@nn-lang/webview';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NnRequests } from '../training/lsp-client.js';

export const SHOW_GRAPH = 'nn.showGraph';
/** Typing pauses this long before the graph is redrawn. */
const REDRAW_AFTER_MS = 250;

function outRoot(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'out');
}

class GraphView implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private document: vscode.TextDocument | undefined;
    private ready = false;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private drawn = 0;

    constructor(
        readonly panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        private readonly requests: NnRequests,
        private readonly output: vscode.LogOutputChannel,
        private readonly onDispose: () => void
    ) {
        panel.webview.options = { enableScripts: true, localResourceRoots: [outRoot(extensionUri)] };
        const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(outRoot(extensionUri), file)).toString();
        panel.webview.html = graphPageHtml({ cspSource: panel.webview.cspSource, nonce: makeNonce(() => randomBytes(1)[0] / 256), scriptUri: uri('graph.js'), styleUri: uri('graph.css') });
        this.disposables.push(
            panel.webview.onDidReceiveMessage(raw => void this.onMessage(raw)),
            panel.onDidDispose(() => this.dispose()),
            vscode.workspace.onDidChangeTextDocument(e => {
                if (e.document === this.document) this.scheduleRedraw();
            }),
            vscode.window.onDidChangeActiveTextEditor(editor => {
                if (editor?.document.languageId === 'nn' && editor.document !== this.document) this.follow(editor.document);
            }),
            vscode.window.onDidChangeTextEditorSelection(e => {
                if (e.textEditor.document === this.document) this.postCursor(e.selections[0].active.line + 1);
            })
        );
    }

    /** Follows this document from now on and draws it. */
    follow(document: vscode.TextDocument): void {
        this.document = document;
        this.panel.title = `Graph: ${path.basename(document.fileName)}`;
        void this.redraw();
    }

    reveal(): void {
        this.panel.reveal(undefined, true);
    }

    private scheduleRedraw(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.redraw(), REDRAW_AFTER_MS);
    }

    private async redraw(): Promise<void> {
        const document = this.document;
        if (!document || !this.ready) return;
        const ticket = ++this.drawn;
        let result;
        try {
            result = await this.requests.modelGraphs(document);
        } catch (e) {
            this.output.warn(`Model graph of ${document.fileName}: ${(e as Error).message}`);
            return;
        }
        // An answer overtaken by a later edit is dropped.
        if (ticket !== this.drawn || document !== this.document) return;
        await this.post({ type: 'graph', uri: document.uri.toString(), fileName: path.basename(document.fileName), version: result.version, models: result.models });
        const editor = vscode.window.visibleTextEditors.find(e => e.document === document);
        if (editor) this.postCursor(editor.selection.active.line + 1);
    }

    private postCursor(line: number): void {
        if (this.document) void this.post({ type: 'cursor', uri: this.document.uri.toString(), line });
    }

    private async post(message: GraphHostMessage): Promise<void> {
        await this.panel.webview.postMessage(message);
    }

    private async onMessage(raw: unknown): Promise<void> {
        const read = readGraphViewMessage(raw);
        if (!read.ok) {
            this.output.warn(`Graph view: dropped a malformed '${read.type ?? '?'}' message: ${read.problem}`);
            return;
        }
        const message = read.message;
        if (message.type === 'ready') {
            this.ready = true;
            await this.redraw();
        } else if (message.type === 'reveal') {
            if (message.uri !== this.document?.uri.toString()) return;
            const position = new vscode.Position(message.line - 1, 0);
            const editor = vscode.window.visibleTextEditors.find(e => e.document === this.document);
            await vscode.window.showTextDocument(this.document, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(position, position), preserveFocus: false });
        } else if (message.type === 'export') {
            await this.save(message.format, message.model, message.data);
        }
    }

    private async save(format: 'svg' | 'png', model: string, data: string): Promise<void> {
        const folder = this.document && this.document.uri.scheme === 'file' ? path.dirname(this.document.uri.fsPath) : undefined;
        const target = await vscode.window.showSaveDialog({
            title: `Save the graph of ${model}`,
            defaultUri: folder ? vscode.Uri.file(path.join(folder, `${model}.${format}`)) : undefined,
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] }
        });
        if (!target) return;
        const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data, 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Saved the graph of ${model} to ${vscode.workspace.asRelativePath(target)}.`);
    }

    dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        for (const d of this.disposables.splice(0)) d.dispose();
        this.onDispose();
        this.panel.dispose();
    }
}

export function registerGraphFeatures(context: vscode.ExtensionContext, requests: NnRequests, output: vscode.LogOutputChannel): void {
    let view: GraphView | undefined;
    const open = (panel: vscode.WebviewPanel) => {
        const created: GraphView = new GraphView(panel, context.extensionUri, requests, output, () => {
            if (view === created) view = undefined;
        });
        view = created;
        return created;
    };
    async function show(uri?: vscode.Uri): Promise<void> {
        const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
        if (!document || document.languageId !== 'nn') {
            void vscode.window.showErrorMessage('Open a .nn file first: the graph shows the models of the .nn file in the active editor.');
            return;
        }
        if (!view) open(vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Model graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {}));
        view!.follow(document);
        view!.reveal();
    }
    context.subscriptions.push(
        vscode.commands.registerCommand(SHOW_GRAPH, (uri?: unknown) => show(uri instanceof vscode.Uri ? uri : undefined)),
        vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
            // After a reload: the view follows the active .nn editor again (its page redraws from its saved state first).
            deserializeWebviewPanel: async panel => {
                const restored = view ? undefined : open(panel);
                if (!restored) return panel.dispose();
                const document = vscode.window.activeTextEditor?.document;
                if (document?.languageId === 'nn') restored.follow(document);
            }
        }),
        { dispose: () => view?.dispose() }
    );
}
