/**
 * The training commands' side of the custom requests: each answer is checked against its schema
 * on arrival; one that fails is logged and becomes an error the command reports, never a value
 * the commands would trust.
 */
import * as v from 'valibot';
import type * as vscode from 'vscode';
import { MODEL_GRAPHS, type ModelGraphsResult } from '../graph/lsp-protocol.js';
import { describeIssues, SUMMARY, TRAIN_BLOCKS, type DocumentRequestParams, type RequestType, type SummaryResult, type TrainBlocksResult } from './lsp-protocol.js';

export interface NnRequests {
    trainBlocks(document: vscode.TextDocument): Promise<TrainBlocksResult>;
    summary(document: vscode.TextDocument, model?: string): Promise<SummaryResult>;
    modelGraphs(document: vscode.TextDocument): Promise<ModelGraphsResult>;
}

/** What the requests need of the language client (a LanguageClient, or a stand-in in tests). */
export interface RequestSender {
    sendRequest<R>(method: string, params: unknown): Promise<R>;
}

export class MalformedAnswerError extends Error {
    override readonly name = 'MalformedAnswerError';
}

/** Sends a custom request and checks its answer against the request's result schema. */
export async function request<P, R>(client: RequestSender, type: RequestType<P, R>, params: P, log: (line: string) => void): Promise<R> {
    const answer = await client.sendRequest<unknown>(type.method, params);
    const read = v.safeParse(type.result, answer);
    if (read.success) return read.output;
    const problem = describeIssues(read.issues);
    log(`${type.method}: dropped a malformed answer of the language server: ${problem}`);
    throw new MalformedAnswerError(`the language server's answer to ${type.method} could not be read (${problem})`);
}

export function languageServerRequests(client: RequestSender, log: (line: string) => void): NnRequests {
    const params = (document: vscode.TextDocument): DocumentRequestParams => ({ textDocument: { uri: document.uri.toString() }, version: document.version });
    return {
        trainBlocks: document => request(client, TRAIN_BLOCKS, params(document), log),
        summary: (document, model) => request(client, SUMMARY, { ...params(document), model }, log),
        modelGraphs: document => request(client, MODEL_GRAPHS, params(document), log)
    };
}
