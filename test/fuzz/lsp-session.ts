/**
 * A language client for measuring the bundled server (out/server.cjs) as VS Code runs it: a Node
 * child over IPC. It records every diagnostics notification, every log message and everything the
 * server writes to stderr, times every request, and reads the server's memory from /proc.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
    ExitNotification, InitializedNotification, InitializeRequest, IPCMessageReader, IPCMessageWriter, LogMessageNotification,
    MessageType, PublishDiagnosticsNotification, ShowMessageNotification, ShutdownRequest,
    type Diagnostic, type ProtocolConnection, type TextDocumentContentChangeEvent
} from 'vscode-languageserver/node';

/** The repository: up from this file (or from the bundled copy scripts/run-ts.mjs runs, under node_modules/.cache). */
export const repoRoot = ((): string => {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'packages', 'language', 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
})();
export const SERVER = path.join(repoRoot, 'out/server.cjs');
const GC_ON_SIGNAL = path.join(repoRoot, 'test/fuzz/gc-on-signal.cjs');

/** One answered request: which, how long, and whether it failed with an error (not a cancellation). */
export interface Timed {
    method: string;
    ms: number;
    /** Lines of the document it was about (for the latency budgets, which depend on size). */
    lines: number;
    /** What the client was doing (the fuzzer's bursts, or answering-then-typing). */
    phase: string;
    error?: string;
}

export class LspSession {
    readonly connection: ProtocolConnection;
    /** The last diagnostics published per URI, and how many times each URI got some. */
    readonly diagnostics = new Map<string, Diagnostic[]>();
    readonly publishCount = new Map<string, number>();
    /** Log messages of type Error and anything on stderr: the server must stay silent. */
    readonly problems: string[] = [];
    readonly timings: Timed[] = [];
    /** Recorded with each timing. */
    phase = 'other';
    private exited = false;
    private readonly waiters: (() => void)[] = [];
    private readonly versions = new Map<string, number>();

    private constructor(readonly server: ChildProcess) {
        this.connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
        this.connection.onNotification(PublishDiagnosticsNotification.type, params => {
            this.diagnostics.set(params.uri, params.diagnostics);
            this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
            this.waiters.splice(0).forEach(wake => wake());
        });
        const onMessage = (params: { type: MessageType; message: string }) => {
            if (params.type === MessageType.Error) this.problems.push(`log: ${params.message}`);
        };
        this.connection.onNotification(LogMessageNotification.type, onMessage);
        this.connection.onNotification(ShowMessageNotification.type, onMessage);
        // What the server asks the client: no settings, and registrations are welcome.
        this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        this.connection.onRequest('client/registerCapability', () => null);
        server.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.problems.push(`stderr: ${chunk}`));
        server.on('exit', (code, signal) => {
            this.exited = true;
            this.problems.push(`exit: code ${code} signal ${signal}`);
            this.waiters.splice(0).forEach(wake => wake());
        });
        this.connection.listen();
    }

    /** Starts the server and initializes it with `folders` as the workspace folders. */
    static async start(folders: string[] = []): Promise<LspSession> {
        const server = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: ['--expose-gc', '--require', GC_ON_SIGNAL] });
        const session = new LspSession(server);
        await session.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: null,
            capabilities: { textDocument: { semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } } },
            workspaceFolders: folders.map(folder => ({ uri: `file://${folder}`, name: path.basename(folder) }))
        });
        await session.connection.sendNotification(InitializedNotification.type, {});
        return session;
    }

    get alive(): boolean {
        return !this.exited;
    }

    /** Resident memory of the server process in MB (Linux /proc), right after a full collection. */
    async settledRssMb(): Promise<number> {
        this.server.kill('SIGUSR2');
        // A round trip: the signal's handler has run once the server answers a request sent after it.
        await this.connection.sendRequest('workspace/symbol', { query: '' });
        return this.rssMb();
    }

    /** Resident memory of the server process in MB (Linux /proc). */
    rssMb(): number {
        const status = readFileSync(`/proc/${this.server.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        return kb / 1024;
    }

    async open(uri: string, text: string): Promise<void> {
        this.versions.set(uri, 1);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nn', version: 1, text } });
    }

    async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    }

    async close(uri: string): Promise<void> {
        this.versions.delete(uri);
        await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }

    /** A request, timed; a failure other than a cancellation is recorded as an error. */
    async request<R>(method: string, params: unknown, lines: number): Promise<R | undefined> {
        const started = performance.now();
        try {
            const result = await this.connection.sendRequest<R>(method, params);
            this.timings.push({ method, ms: performance.now() - started, lines, phase: this.phase });
            return result;
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.timings.push({ method, ms: performance.now() - started, lines, phase: this.phase, error: message });
            return undefined;
        }
    }

    /** Resolves once diagnostics for `uri` arrive that `accept` accepts; undefined if the server dies or `timeoutMs` passes. */
    waitForDiagnostics(uri: string, accept: (count: number) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[] | undefined> {
        return new Promise(resolve => {
            let done = false;
            const timer = setTimeout(() => { done = true; resolve(undefined); }, timeoutMs);
            const check = () => {
                if (done) return;
                const finish = (value: Diagnostic[] | undefined) => { done = true; clearTimeout(timer); resolve(value); };
                if (this.exited) return finish(undefined);
                const count = this.publishCount.get(uri) ?? 0;
                if (count > 0 && accept(count)) return finish(this.diagnostics.get(uri));
                this.waiters.push(check);
            };
            check();
        });
    }

    /**
     * Waits until the server has finished everything sent so far: a request answered after all
     * earlier notifications (requests and notifications are handled in order, and Langium's
     * requests wait for the document builder).
     */
    async settle(uri: string): Promise<void> {
        await this.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }).catch(() => undefined);
    }

    async stop(): Promise<void> {
        if (!this.exited) {
            const exited = new Promise(resolve => this.server.once('exit', resolve));
            await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
            await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
            await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5_000))]);
            if (!this.exited) this.server.kill();
            // The normal exit is not a problem.
            this.problems.splice(0, this.problems.length, ...this.problems.filter(p => !p.startsWith('exit: code 0')));
        }
        this.connection.dispose();
    }
}
