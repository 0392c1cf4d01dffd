// The bundled language server (out/server.cjs) as VS Code runs it: a Node child over IPC, on plain
// Node (no polyfill flag inherited), answering initialize and publishing diagnostics.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainBlocksResultSchema, summaryResultSchema } from '../src/training/lsp-protocol.js';
import * as v from 'valibot';
import {
    createProtocolConnection, DidOpenTextDocumentNotification, ResponseError, ExitNotification, InitializedNotification, InitializeRequest,
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

describe('data paths in the editor', () => {
    it('a csv outside the workspace folder is an error at the path, and the file is not quoted', async () => {
        const uri = 'file:///virtual/data.nn';
        const text = 'model M {\n    input [1]\n    Dense(2, activation=softmax)\n}\ntrain M {\n    data = csv("/etc/passwd", label="y")\n    loss = categorical_crossentropy\n}\n';
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nn', version: 1, text } });
        const { diagnostics } = await diagnosticsOf(uri);
        expect(diagnostics.map(d => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.severity])).toEqual([['data-file', 5, 15, 28, 1]]);
        expect(diagnostics[0].message).toMatch(/outside the workspace folder/);
        expect(diagnostics[0].message).not.toMatch(/root:/);
    });
});

describe('custom requests of out/server.cjs', () => {
    it('answers nn/trainBlocks and nn/summary with what their schemas describe', async () => {
        const uri = 'file:///virtual/xor.nn';
        const text = 'model Xor {\n    input [2]\n    Dense(1, activation=sigmoid)\n}\ntrain Xor {\n    data = xor\n    loss = binary_crossentropy\n}\n';
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nn', version: 1, text } });
        const blocks = v.parse(trainBlocksResultSchema, await connection.sendRequest('nn/trainBlocks', { textDocument: { uri }, version: 1 }));
        expect(blocks.blocks.map(b => [b.model, b.line, b.description?.model.params.total])).toEqual([['Xor', 5, 3]]);
        const summary = v.parse(summaryResultSchema, await connection.sendRequest('nn/summary', { textDocument: { uri }, version: 1 }));
        expect(summary.text).toMatch(/Total params: 3/);
    });

    it('refuses malformed parameters with InvalidParams, and keeps serving', async () => {
        const malformed = [null, 42, {}, { textDocument: 5 }, { textDocument: { uri: '' } }, { textDocument: { uri: 'file:///x.nn' }, version: 'one' }];
        const cases: [string, unknown][] = [
            ...malformed.map((params): [string, unknown] => ['nn/trainBlocks', params]),
            ...[...malformed, { textDocument: { uri: 'file:///x.nn' }, model: 3 }].map((params): [string, unknown] => ['nn/summary', params]),
            // The export and import requests check theirs too.
            ['nn/exportScript', { textDocument: { uri: 'file:///x.nn' }, target: 'onnx' }],
            ['nn/exportRun', { folder: '', target: 'onnx' }],
            ['nn/importModel', { file: 3 }]
        ];
        for (const [method, params] of cases) {
            const error = await connection.sendRequest(method, params).then(() => undefined, (e: unknown) => e);
            expect(error, `${method} ${JSON.stringify(params)}`).toBeInstanceOf(ResponseError);
            expect((error as ResponseError<unknown>).code).toBe(-32602);
        }
        const uri = 'file:///virtual/typing.nn';
        // The user is typing a train block: no model name yet (this used to throw in the server).
        for (const [version, text] of [[1, 'model M {\n    input [2]\n    Dense(1)\n}\ntrain {'], [2, 'train model {']] as const) {
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: `${uri}${version}`, languageId: 'nn', version, text } });
            const answer = v.parse(trainBlocksResultSchema, await connection.sendRequest('nn/trainBlocks', { textDocument: { uri: `${uri}${version}` }, version }));
            expect(answer.errors.length).toBeGreaterThan(0);
        }
    });
});
