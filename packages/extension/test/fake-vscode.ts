/**
 * The few parts of the `vscode` API the training host code uses, for vitest (the real module
 * exists only inside VS Code; the real thing is exercised by test/e2e). vitest.config.ts maps
 * `vscode` here. What the code shows the user is recorded in `shown` for the tests to read.
 */
type Listener<T> = (e: T) => unknown;

export class Disposable {
    constructor(private readonly fn: () => void = () => {}) {}
    dispose(): void {
        this.fn();
    }
}

export class EventEmitter<T> {
    private listeners = new Set<Listener<T>>();
    readonly event = (listener: Listener<T>): Disposable => {
        this.listeners.add(listener);
        return new Disposable(() => this.listeners.delete(listener));
    };
    fire(e: T): void {
        for (const l of [...this.listeners]) l(e);
    }
    dispose(): void {
        this.listeners.clear();
    }
}

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly path: string
    ) {}
    static file(path: string): Uri {
        return new Uri('file', path);
    }
    static parse(value: string): Uri {
        const m = /^([a-z-]+):(?:\/\/)?(.*)$/.exec(value);
        return new Uri(m?.[1] ?? 'file', m?.[2] ?? value);
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
        return new Uri(base.scheme, [base.path, ...parts].join('/'));
    }
    get fsPath(): string {
        return this.path;
    }
    toString(): string {
        return `${this.scheme}://${this.path}`;
    }
}

export class Position {
    constructor(
        readonly line: number,
        readonly character: number
    ) {}
}

export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
    }
}

export class CodeLens {
    constructor(
        readonly range: Range,
        readonly command?: { title: string; tooltip?: string; command: string; arguments?: unknown[] }
    ) {}
}

export enum DiagnosticSeverity {
    Error = 0,
    Warning = 1,
    Information = 2,
    Hint = 3
}

export class Diagnostic {
    source?: string;
    constructor(
        readonly range: Range,
        readonly message: string,
        readonly severity: DiagnosticSeverity
    ) {}
}

export enum ProgressLocation {
    Notification = 15
}

export enum ViewColumn {
    Beside = -2
}

/** Everything shown to the user, in order. */
export const shown: { kind: 'info' | 'warning' | 'error'; message: string; items: string[] }[] = [];

/** A webview panel whose page is the test: `fromPage` plays the page's postMessage; `posted` is what the host sent. */
export class FakeWebviewPanel {
    readonly posted: unknown[] = [];
    private readonly received = new EventEmitter<unknown>();
    private readonly disposed = new EventEmitter<void>();
    active = true;
    readonly webview = {
        html: '',
        options: {},
        cspSource: 'https://fake.vscode-cdn.net',
        asWebviewUri: (uri: Uri) => uri,
        onDidReceiveMessage: this.received.event,
        postMessage: async (message: unknown) => {
            this.posted.push(message);
            return true;
        }
    };
    readonly onDidDispose = this.disposed.event;
    constructor(readonly title: string) {}
    fromPage(message: unknown): void {
        this.received.fire(message);
    }
    reveal(): void {}
    dispose(): void {
        this.disposed.fire();
    }
}

export const panels: FakeWebviewPanel[] = [];

/** Registered commands, by id: a test runs one as VS Code would. */
export const registeredCommands = new Map<string, (...args: unknown[]) => unknown>();

/** Settings a test sets, by `section.key`. */
export const settings = new Map<string, unknown>();

/** Documents `openTextDocument` knows, by path: `{ languageId, text }`. */
export const documents = new Map<string, { languageId: string; version?: number }>();

export const window = {
    activeTextEditor: undefined as unknown,
    createWebviewPanel: (_viewType: string, title: string) => {
        const panel = new FakeWebviewPanel(title);
        panels.push(panel);
        return panel;
    },
    withProgress: async <R>(_options: unknown, task: (progress: { report(v: unknown): void }, token: { onCancellationRequested(l: () => void): Disposable }) => Promise<R>) =>
        task({ report: () => {} }, { onCancellationRequested: () => new Disposable() }),
    showInformationMessage: async (message: string, ...items: string[]) => (shown.push({ kind: 'info', message, items }), undefined),
    showWarningMessage: async (message: string, ...items: string[]) => (shown.push({ kind: 'warning', message, items }), undefined),
    showErrorMessage: async (message: string, ...items: string[]) => (shown.push({ kind: 'error', message, items }), undefined),
    showTextDocument: async () => undefined,
    showQuickPick: async () => undefined,
    registerWebviewPanelSerializer: () => new Disposable()
};

export const workspace = {
    asRelativePath: (path: string | Uri) => String(typeof path === 'string' ? path : path.path),
    openTextDocument: async (uri: Uri) => {
        const known = documents.get(uri.path);
        return { uri, fileName: uri.path, languageId: known?.languageId ?? 'plaintext', version: known?.version ?? 1 };
    },
    getConfiguration: (section: string) => ({ get: <T>(key: string, fallback: T) => (settings.has(`${section}.${key}`) ? (settings.get(`${section}.${key}`) as T) : fallback) }),
    registerTextDocumentContentProvider: () => new Disposable(),
    onDidChangeTextDocument: () => new Disposable(),
    textDocuments: [] as unknown[],
    /** No workspace folder: a file's data root is its own folder. */
    getWorkspaceFolder: (_uri: Uri) => undefined as { uri: Uri } | undefined,
    isTrusted: true
};

export const commands = {
    executeCommand: async () => undefined,
    registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
        registeredCommands.set(id, run);
        return new Disposable(() => registeredCommands.delete(id));
    }
};

export const languages = {
    createDiagnosticCollection: () => {
        const entries = new Map<string, unknown[]>();
        return { get: (uri: Uri) => entries.get(uri.path), set: (uri: Uri, list: unknown[]) => void entries.set(uri.path, list), clear: () => entries.clear(), dispose: () => {} };
    },
    registerCodeLensProvider: () => new Disposable()
};
