/** The training commands' side of the custom LSP requests: an answer that fails its schema is logged and refused. */
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { languageServerRequests, MalformedAnswerError, type RequestSender } from '../src/training/lsp-client.js';

const document = { uri: { toString: () => 'file:///w/xor.nn' }, version: 3 } as unknown as vscode.TextDocument;

function sender(answer: unknown): RequestSender & { sent: [string, unknown][] } {
    const sent: [string, unknown][] = [];
    return { sent, sendRequest: async <R>(method: string, params: unknown) => (sent.push([method, params]), answer as R) };
}

describe('language server answers', () => {
    it('passes a well-formed answer through, and sends the editor’s version', async () => {
        const client = sender({ uri: 'file:///w/xor.nn', version: 3, blocks: [{ model: 'Xor', line: 9, endLine: 18, errors: [] }], errors: [] });
        const requests = languageServerRequests(client, () => {});
        expect((await requests.trainBlocks(document)).blocks[0].model).toBe('Xor');
        expect(client.sent).toEqual([['nn/trainBlocks', { textDocument: { uri: 'file:///w/xor.nn' }, version: 3 }]]);
    });

    it('logs and refuses garbage', async () => {
        const answers: unknown[] = [
            null,
            'blocks',
            {},
            { uri: 'u', blocks: 'none', errors: [] },
            { uri: 'u', blocks: [{ model: 'Xor', line: 0, endLine: 1, errors: [] }], errors: [] },
            { uri: 'u', blocks: [{ model: 'Xor', line: 1, endLine: 1, errors: [], description: { file: 'x' } }], errors: [] },
            { uri: 'u', blocks: [], errors: [{ line: 1, column: 1, message: 'm' }] }
        ];
        for (const answer of answers) {
            const logged: string[] = [];
            const requests = languageServerRequests(sender(answer), line => logged.push(line));
            const error = await requests.trainBlocks(document).catch(e => e);
            expect(error, JSON.stringify(answer)).toBeInstanceOf(MalformedAnswerError);
            expect(error.message).toMatch(/^the language server's answer to nn\/trainBlocks could not be read \(.+\)$/);
            expect(logged).toHaveLength(1);
        }
        const summary = await languageServerRequests(sender({ uri: 'u', text: 5, models: [], errors: [] }), () => {}).summary(document).catch(e => e);
        expect(summary).toBeInstanceOf(MalformedAnswerError);
    });
});
