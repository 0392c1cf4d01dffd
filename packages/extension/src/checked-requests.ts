/**
 * The language server's side of the custom requests: parameters are checked against the
 * request's schema on arrival; a request that fails is logged and answered with InvalidParams,
 * never handed to its handler.
 */
import * as v from 'valibot';
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { describeIssues, type RequestType } from './training/lsp-protocol.js';

export function onCheckedRequest<P, R>(connection: Connection, type: RequestType<P, R>, handler: (params: P, token: CancellationToken) => Promise<R | ResponseError<void> | null | undefined> | R): void {
    connection.onRequest(type.method, async (raw: unknown, token: CancellationToken) => {
        const read = v.safeParse(type.params, raw);
        if (!read.success) {
            const problem = describeIssues(read.issues);
            connection.console.warn(`${type.method}: refused malformed parameters: ${problem}`);
            return new ResponseError(ErrorCodes.InvalidParams, `${type.method}: ${problem}`);
        }
        return handler(read.output, token);
    });
}
