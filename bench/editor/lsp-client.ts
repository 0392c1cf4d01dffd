/**
 * A minimal LSP client for the benchmark: starts the bundled server (out/server.cjs) over stdio and
 * speaks JSON-RPC to it the way VS Code does (incremental text sync, configuration answered).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import {
    createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
    type Diagnostic, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';

export interface Server {
    connection: ProtocolConnection;
    process: ChildProcess;
    /** Resolves with the next diagnostics for `uri` that satisfy `accept`. */
    diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
    /** Resident memory of the server process, in bytes (Linux). */
    rss(): number;
    stop(): Promise<void>;
}

export async function startServer(serverFile: string): Promise<Server> {
    // NN_BENCH_SERVER_NODE_OPTIONS, e.g. --cpu-prof, to profile the server while the benchmark drives it.
    const nodeOptions = process.env.NN_BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeOptions, serverFile, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const waiting: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        for (let i = waiting.length - 1; i >= 0; i--) {
            const w = waiting[i];
            if (w.uri === params.uri && w.accept(params.diagnostics)) {
                waiting.splice(i, 1);
                w.resolve(params.diagnostics);
            }
        }
    });
    // The server asks for `nn` settings and registers capabilities; answer as a client with none set.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: {
            workspace: { configuration: true },
            textDocument: {
                synchronization: { dynamicRegistration: false },
                publishDiagnostics: { relatedInformation: true },
                hover: { contentFormat: ['markdown', 'plaintext'] },
                completion: { completionItem: { snippetSupport: true } },
                signatureHelp: { signatureInformation: { activeParameterSupport: true } },
                inlayHint: {}
            }
        }
    });
    await connection.sendNotification('initialized', {});
    return {
        connection,
        process: child,
        diagnostics: (uri, accept) => new Promise(resolve => waiting.push({ uri, accept, resolve })),
        rss: () => {
            const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
            return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
        },
        stop: async () => {
            await connection.sendRequest('shutdown').catch(() => undefined);
            await connection.sendNotification('exit').catch(() => undefined);
            const exited = new Promise(resolve => child.once('exit', resolve));
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
            connection.dispose();
        }
    };
}
