/** The server's side of the export and import commands (see protocol.ts). Registered from server.ts. */
import { describeModel, describeTraining, documentProblems, type NnServices } from '@nn-lang/language';
import { describeText, exportKeras, exportPytorch } from '@nn-lang/interop';
import { exportRun, importFile, scriptDataOptions, scriptStem } from '@nn-lang/interop/node';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { createRequestHandler, type LangiumSharedServices } from 'langium/lsp';
import path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { onCheckedRequest } from '../checked-requests.js';
import {
    EXPORT_RUN,
    EXPORT_SCRIPT,
    IMPORT_MODEL,
    type ExportRunParams,
    type ExportRunResult,
    type ExportScriptParams,
    type ExportScriptResult,
    type ImportModelParams,
    type ImportModelResult
} from './protocol.js';

function errorsOf(document: LangiumDocument) {
    return documentProblems(document).filter(p => p.severity === 'error');
}

/** The script of one model of a checked document (its train block's training when it has one). */
export async function exportScript(services: NnServices, document: LangiumDocument, params: Pick<ExportScriptParams, 'target' | 'model'>): Promise<ExportScriptResult> {
    const errors = errorsOf(document);
    const empty = { warnings: [], errors, choices: [] };
    if (errors.length) return empty;
    const analysis = services.nn.Analyzer.analyze(document);
    const trainings = analysis.trains.map(t => describeTraining(t, document.uri)).filter(t => t !== undefined);
    const models = analysis.models.map(m => describeModel(m)).filter(m => m !== undefined);
    const names = [...new Set([...trainings.map(t => t.model.name), ...models.map(m => m.name)])];
    let name = params.model;
    if (name === undefined) {
        if (trainings.length === 1) name = trainings[0].model.name;
        else if (names.length === 1) name = names[0];
        else return { ...empty, choices: names, message: names.length ? undefined : 'this file has no model to export' };
    }
    const training = trainings.find(t => t.model.name === name);
    const model = training?.model ?? models.find(m => m.name === name);
    if (!model) return { ...empty, choices: names, message: `there is no model '${name}' in this file` };
    const file = document.uri.fsPath;
    const fileName = params.target === 'keras' ? `${scriptStem(model.name)}_keras.py` : `${scriptStem(model.name)}.py`;
    const options = { source: path.basename(file), scriptName: fileName, ...(await scriptDataOptions(training, path.join(path.dirname(file), fileName))) };
    const exported = params.target === 'keras' ? exportKeras(model, training, options) : exportPytorch(model, training, options);
    return { text: exported.text, fileName, model: model.name, warnings: exported.warnings, errors: [], choices: [] };
}

export async function exportRunFolder(params: ExportRunParams): Promise<ExportRunResult> {
    try {
        const result = await exportRun(params.folder, params.target);
        return { files: result.files, warnings: result.warnings, next: result.next };
    } catch (e) {
        return { files: [], warnings: [], next: [], error: (e as Error).message };
    }
}

export async function importModel(params: ImportModelParams): Promise<ImportModelResult> {
    const result = await importFile(params.file, { out: params.out });
    const base = { modelName: result.modelName, format: result.format, problems: result.problems, weightCount: result.weightCount };
    if (!result.text || result.problems.some(p => p.severity === 'error')) return base;
    const checked = await describeText(result.text, params.out ?? path.join(path.dirname(params.file), `${result.modelName}.nn`));
    const params_ = checked.models[0]?.params.total;
    const problems = [...result.problems];
    for (const e of checked.errors) problems.push({ severity: 'error', where: `the imported .nn, line ${e.line}`, message: e.message });
    if (params_ !== undefined && result.weightCount !== undefined && params_ !== result.weightCount) {
        problems.push({ severity: 'error', where: params.file, message: `the imported model has ${params_} parameters, but the file's weights hold ${result.weightCount}` });
    }
    if (problems.some(p => p.severity === 'error')) return { ...base, problems };
    return { ...base, text: result.text, params: params_ };
}

export function registerInteropRequests(connection: Connection, shared: LangiumSharedServices): void {
    const scripts = createRequestHandler<ExportScriptParams, ExportScriptResult>(
        (services, document, params) => exportScript(services as NnServices, document, params),
        shared,
        DocumentState.Validated
    );
    onCheckedRequest(connection, EXPORT_SCRIPT, async (params, token) => {
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(params.textDocument.uri));
        if (!document) return { warnings: [], errors: [], choices: [], message: 'the document is not open in the language server yet' } satisfies ExportScriptResult;
        return scripts(params, token);
    });
    onCheckedRequest(connection, EXPORT_RUN, params => exportRunFolder(params));
    onCheckedRequest(connection, IMPORT_MODEL, params => importModel(params));
}
