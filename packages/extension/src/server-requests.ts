/**
 * Custom requests the training commands send to the language server (see
 * training/lsp-protocol.ts). Registered from server.ts with one call.
 */
import { describeTraining, documentProblems, formatSummary, lineOf, modelGraph, type NnServices } from '@nn-lang/language';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { createRequestHandler, type LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { onCheckedRequest } from './checked-requests.js';
import { MODEL_GRAPHS, type ModelGraphsResult } from './graph/lsp-protocol.js';
import {
    SUMMARY,
    TRAIN_BLOCKS,
    type DocumentRequestParams,
    type ProblemInfo,
    type RequestType,
    type SummaryParams,
    type SummaryResult,
    type TrainBlocksResult
} from './training/lsp-protocol.js';

/** How long a request waits for the server to catch up with the editor's version. */
const VERSION_WAIT_MS = 10_000;

function errorsOf(document: LangiumDocument): ProblemInfo[] {
    return documentProblems(document).filter(p => p.severity === 'error');
}

/**
 * Requests can overtake the rebuild that a `didChange` just scheduled; then the document still
 * shows the old text. Waits until the document is validated at (at least) the version the editor has.
 */
async function documentAtVersion(shared: LangiumSharedServices, params: DocumentRequestParams, token: CancellationToken): Promise<void> {
    const uri = URI.parse(params.textDocument.uri);
    const wanted = params.version ?? shared.workspace.TextDocuments?.get(uri.toString())?.version;
    const current = () => {
        const doc = shared.workspace.LangiumDocuments.getDocument(uri);
        return doc !== undefined && doc.state >= DocumentState.Validated && (wanted === undefined || doc.textDocument.version >= wanted);
    };
    await shared.workspace.WorkspaceManager.ready;
    if (current()) return;
    await new Promise<void>(resolve => {
        const done = () => {
            clearTimeout(timer);
            listener.dispose();
            cancel.dispose();
            resolve();
        };
        const listener = shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, doc => {
            if (doc.uri.toString() === uri.toString() && current()) done();
        });
        const cancel = token.onCancellationRequested(done);
        // The answer then describes an older version, which it says (`version`); better than none.
        const timer = setTimeout(done, VERSION_WAIT_MS);
        if (current()) done();
    });
}

export function trainBlocks(services: NnServices, document: LangiumDocument): TrainBlocksResult {
    const analysis = services.nn.Analyzer.analyze(document);
    const errors = errorsOf(document);
    const blocks = analysis.trains.map(train => {
        const line = lineOf(train.node);
        const endLine = (train.node.$cstNode?.range.end.line ?? line - 1) + 1;
        const modelNode = train.model?.node.$cstNode;
        const inBlock = (p: ProblemInfo) =>
            (p.line >= line && p.line <= endLine) || (modelNode !== undefined && p.line >= modelNode.range.start.line + 1 && p.line <= modelNode.range.end.line + 1);
        return {
            // `train {` while typing: no model name yet.
            model: train.node.model?.$refText ?? '',
            line,
            endLine,
            description: describeTraining(train, document.uri),
            errors: errors.filter(inBlock)
        };
    });
    return { uri: document.uri.toString(), version: document.textDocument.version, blocks, errors };
}

export function summary(services: NnServices, document: LangiumDocument, model?: string): SummaryResult {
    const analysis = services.nn.Analyzer.analyze(document);
    const errors = errorsOf(document);
    const base = { uri: document.uri.toString(), version: document.textDocument.version, models: analysis.models.map(m => m.name), errors };
    // Shapes after an error are guesses: the command shows what to fix instead of a half-known table.
    if (errors.length) return { ...base, text: '' };
    const models = model === undefined ? analysis.models : analysis.models.filter(m => m.name === model);
    return { ...base, text: models.map(formatSummary).join('\n') };
}

export function modelGraphs(services: NnServices, document: LangiumDocument): ModelGraphsResult {
    const analysis = services.nn.Analyzer.analyze(document);
    const problems = documentProblems(document);
    return { uri: document.uri.toString(), version: document.textDocument.version, models: analysis.models.map(m => modelGraph(m, problems)) };
}

/** A custom request about one document, answered once the server has validated the editor's version of it. */
function onDocumentRequest<P extends DocumentRequestParams, R extends object>(
    connection: Connection,
    shared: LangiumSharedServices,
    type: RequestType<P, R>,
    answer: (services: NnServices, document: LangiumDocument, params: P) => R
): void {
    const handler = createRequestHandler<P, R>((services, document, params) => answer(services as NnServices, document, params), shared, DocumentState.Validated);
    onCheckedRequest(connection, type, async (params, token) => {
        await documentAtVersion(shared, params, token);
        return handler(params, token);
    });
}

export function registerTrainingRequests(connection: Connection, shared: LangiumSharedServices): void {
    onDocumentRequest(connection, shared, TRAIN_BLOCKS, (services, document) => trainBlocks(services, document));
    onDocumentRequest(connection, shared, SUMMARY, (services, document, params: SummaryParams) => summary(services, document, params.model));
    onDocumentRequest(connection, shared, MODEL_GRAPHS, (services, document) => modelGraphs(services, document));
}
