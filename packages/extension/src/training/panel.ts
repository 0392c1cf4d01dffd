/**
 * The webview panel a training run lives in: its HTML under a strict CSP, its resources from
 * out/, and typed messages both ways. One panel per run; what the messages mean is the
 * controller's business (run-controller.ts).
 */
import { makeNonce, PROTOCOL_VERSION, readWebviewMessage, trainingPageHtml, TRAINING_VIEW_TYPE, type HostMessage, type WebviewMessage } from '@nn-lang/webview';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Everything the page loads lives here: the bundle, its CSS, tfjs's .wasm files, the data sets. */
export function outRoot(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'out');
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        // Training runs in the page: hiding the tab must not destroy it.
        retainContextWhenHidden: true,
        localResourceRoots: [outRoot(extensionUri)],
        enableFindWidget: false
    };
}

/** The page's HTML for a webview; a fresh nonce every time it is set. */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
    const out = outRoot(extensionUri);
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(out, ...path)).toString();
    const nonce = makeNonce(() => randomBytes(1)[0] / 256);
    return trainingPageHtml({
        cspSource: webview.cspSource,
        nonce,
        scriptUri: uri('webview.js'),
        styleUri: uri('webview.css'),
        // Directory URIs end in '/': tfjs appends file names to the wasm prefix.
        wasmBase: `${uri('wasm')}/`,
        dataBase: `${uri('data')}/`,
        title
    });
}

/** A message from the page that failed its schema (or a page of another protocol version): logged and dropped. */
export interface RefusedMessage {
    problem: string;
    /** What could still be read of it. */
    type?: string;
    runId?: string;
}

/** The page's first word: it runs (and whether it restored an old view), or it speaks another protocol. */
export type PageReady = { compatible: true; restored: boolean } | { compatible: false; protocol: number };

export class TrainingPanel implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private readonly messageEmitter = new vscode.EventEmitter<WebviewMessage>();
    private readonly refusedEmitter = new vscode.EventEmitter<RefusedMessage>();
    private readonly disposeEmitter = new vscode.EventEmitter<void>();
    private readyPromise: Promise<PageReady>;
    private disposed = false;

    /** Every message from the page that passed its schema. */
    readonly onMessage = this.messageEmitter.event;
    /** Messages that did not: the page is not trusted to be right (another build, a bug, a tampered page). */
    readonly onRefusedMessage = this.refusedEmitter.event;
    /** The user closed the panel (or it was disposed): the page and any run in it are gone. */
    readonly onDidDispose = this.disposeEmitter.event;

    /** A new panel beside the editor, showing the page. */
    static create(extensionUri: vscode.Uri, title: string): TrainingPanel {
        const panel = vscode.window.createWebviewPanel(TRAINING_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
        return new TrainingPanel(panel, extensionUri, title);
    }

    /** A panel VS Code restored after a reload (WebviewPanelSerializer): the page restores its view from `setState`. */
    static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): TrainingPanel {
        panel.webview.options = panelOptions(extensionUri);
        return new TrainingPanel(panel, extensionUri, panel.title);
    }

    private constructor(
        readonly panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        title: string
    ) {
        let resolveReady: (ready: PageReady) => void = () => {};
        this.readyPromise = new Promise(resolve => (resolveReady = resolve));
        this.disposables.push(
            panel.webview.onDidReceiveMessage((raw: unknown) => {
                const read = readWebviewMessage(raw);
                if (!read.ok) {
                    this.refusedEmitter.fire(read);
                    return;
                }
                const message = read.message;
                if (message.type === 'ready' && message.protocol !== PROTOCOL_VERSION) {
                    this.refusedEmitter.fire({ type: 'ready', problem: `the page speaks protocol version ${message.protocol}, this extension version ${PROTOCOL_VERSION}` });
                    resolveReady({ compatible: false, protocol: message.protocol });
                    return;
                }
                if (message.type === 'ready') resolveReady({ compatible: true, restored: message.restored });
                this.messageEmitter.fire(message);
            }),
            panel.onDidDispose(() => this.dispose())
        );
        panel.webview.html = pageHtml(panel.webview, extensionUri, title);
    }

    /** Resolves once the page's script runs. Messages sent before are lost. */
    ready(): Promise<PageReady> {
        return this.readyPromise;
    }

    async post(message: HostMessage): Promise<boolean> {
        if (this.disposed) return false;
        return this.panel.webview.postMessage(message);
    }

    get isDisposed(): boolean {
        return this.disposed;
    }

    reveal(): void {
        if (!this.disposed) this.panel.reveal(undefined, true);
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.disposeEmitter.fire();
        for (const d of this.disposables) d.dispose();
        this.messageEmitter.dispose();
        this.refusedEmitter.dispose();
        this.disposeEmitter.dispose();
        this.panel.dispose();
    }
}
