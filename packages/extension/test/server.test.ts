// The bundled language server (out/server.cjs) as VS Code runs it: a Node child over IPC, on plain
// Node (no polyfill flag inherited), answering initialize and publishing diagnostics.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
    IPCMessageReader, IPCMessageWriter, PublishDiagnosticsNotification, ShutdownRequest,
    type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver/node';
import { build } from '../../../scripts/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let server: ChildProcess;
let connection: ProtocolConnection;
const published = new Map<string, PublishDiagnosticsParams>();
const waiters: (() => void)[] = [];

beforeAll(async () => {
    await build({ only: ['server'], log: () => {} });
    server = fork(path.join(root, 'out/server.cjs'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.set(params.uri, params);
        waiters.splice(0).forEach(wake => wake());
    });
    connection.listen();
});

afterAll(async () => {
    if (!server) return;
    const exited = new Promise(resolve => server.once('exit', resolve));
    if (server.exitCode === null) {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
    }
    await exited;
    connection.dispose();
});

function diagnosticsOf(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise(resolve => {
        const check = () => {
            const params = published.get(uri);
            if (params) resolve(params);
            else waiters.push(check);
        };
        check();
    });
}

describe('out/server.cjs', () => {
    it('initializes and publishes diagnostics with stable codes', async () => {
        const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
        expect(init.capabilities.textDocumentSync).toBeTruthy();
        await connection.sendNotification(InitializedNotification.type, {});
        const uri = 'file:///virtual/flat.nn';
        await connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'nn', version: 1, text: 'model Flat {\n    input [784]\n    Conv2D(8, 3)\n}\n' }
        });
        const { diagnostics } = await diagnosticsOf(uri);
        expect(diagnostics.map(d => [d.code, d.range.start.line, d.severity])).toEqual([['shape-mismatch', 2, 1]]);
    });
});
