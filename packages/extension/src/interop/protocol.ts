/**
 * Requests of the export and import commands. The language server does the work: it has the
 * checked documents, and the exporters and readers run there (the extension host never parses
 * .nn). As for the training requests (../training/lsp-protocol.ts), each has one schema for its
 * parameters (checked by the server) and one for its result (checked by the client).
 */
import * as v from 'valibot';
import { documentRequestParamsSchema, problemInfoSchema, type RequestType } from '../training/lsp-protocol.js';

export const exportScriptParamsSchema = v.object({
    ...documentRequestParamsSchema.entries,
    target: v.picklist(['pytorch', 'keras']),
    /** The model (or train block) to export; the only one when absent. */
    model: v.optional(v.string())
});

export const exportScriptResultSchema = v.object({
    /** The script; absent when the document has errors or the model must be chosen. */
    text: v.optional(v.string()),
    /** The suggested file name beside the .nn file (`mnist_mlp.py`). */
    fileName: v.optional(v.string()),
    model: v.optional(v.string()),
    warnings: v.array(v.string()),
    /** Errors in the document: nothing is exported until they are fixed. */
    errors: v.array(problemInfoSchema),
    /** Models to choose from when the request named none and the file has several. */
    choices: v.array(v.string()),
    /** Why nothing was exported (other than errors). */
    message: v.optional(v.string())
});

export const exportRunParamsSchema = v.object({
    /** A run folder or its model.json. */
    folder: v.pipe(v.string(), v.minLength(1)),
    target: v.picklist(['onnx', 'safetensors', 'pytorch', 'keras'])
});

export const exportRunResultSchema = v.object({
    files: v.array(v.string()),
    warnings: v.array(v.string()),
    next: v.array(v.string()),
    /** Why nothing was exported. */
    error: v.optional(v.string())
});

export const importModelParamsSchema = v.object({
    file: v.pipe(v.string(), v.minLength(1)),
    /** Where the .nn file will be saved (relative csv paths are made against it). */
    out: v.optional(v.string())
});

export const importModelResultSchema = v.object({
    text: v.optional(v.string()),
    modelName: v.string(),
    format: v.string(),
    params: v.optional(v.number()),
    weightCount: v.optional(v.number()),
    /** Errors stop the import; warnings are settings not carried over (also comments in the text). */
    problems: v.array(v.object({ severity: v.picklist(['error', 'warning']), where: v.string(), message: v.string() }))
});

export type ExportScriptParams = v.InferOutput<typeof exportScriptParamsSchema>;
export type ExportScriptResult = v.InferOutput<typeof exportScriptResultSchema>;
export type ExportRunParams = v.InferOutput<typeof exportRunParamsSchema>;
export type ExportRunResult = v.InferOutput<typeof exportRunResultSchema>;
export type ImportModelParams = v.InferOutput<typeof importModelParamsSchema>;
export type ImportModelResult = v.InferOutput<typeof importModelResultSchema>;

export const EXPORT_SCRIPT: RequestType<ExportScriptParams, ExportScriptResult> = { method: 'nn/exportScript', params: exportScriptParamsSchema, result: exportScriptResultSchema };
export const EXPORT_RUN: RequestType<ExportRunParams, ExportRunResult> = { method: 'nn/exportRun', params: exportRunParamsSchema, result: exportRunResultSchema };
export const IMPORT_MODEL: RequestType<ImportModelParams, ImportModelResult> = { method: 'nn/importModel', params: importModelParamsSchema, result: importModelResultSchema };

export const EXPORT_SCRIPT_REQUEST = EXPORT_SCRIPT.method;
export const EXPORT_RUN_REQUEST = EXPORT_RUN.method;
export const IMPORT_MODEL_REQUEST = IMPORT_MODEL.method;
