/**
 * Requests of the export and import commands. The language server does the work: it has the
 * checked documents, and the exporters and readers run there (the extension host never parses .nn).
 */
import type { DocumentRequestParams, ProblemInfo } from '../training/lsp-protocol.js';

export const EXPORT_SCRIPT_REQUEST = 'nn/exportScript';
export const EXPORT_RUN_REQUEST = 'nn/exportRun';
export const IMPORT_MODEL_REQUEST = 'nn/importModel';

export interface ExportScriptParams extends DocumentRequestParams {
    target: 'pytorch' | 'keras';
    /** The model (or train block) to export; the only one when absent. */
    model?: string;
}

export interface ExportScriptResult {
    /** The script; absent when the document has errors or the model must be chosen. */
    text?: string;
    /** The suggested file name beside the .nn file (`mnist_mlp.py`). */
    fileName?: string;
    model?: string;
    warnings: string[];
    /** Errors in the document: nothing is exported until they are fixed. */
    errors: ProblemInfo[];
    /** Models to choose from when the request named none and the file has several. */
    choices: string[];
    /** Why nothing was exported (other than errors). */
    message?: string;
}

export interface ExportRunParams {
    /** A run folder or its model.json. */
    folder: string;
    target: 'onnx' | 'safetensors' | 'pytorch' | 'keras';
}

export interface ExportRunResult {
    files: string[];
    warnings: string[];
    next: string[];
    /** Why nothing was exported. */
    error?: string;
}

export interface ImportModelParams {
    file: string;
    /** Where the .nn file will be saved (relative csv paths are made against it). */
    out?: string;
}

export interface ImportModelResult {
    text?: string;
    modelName: string;
    format: string;
    params?: number;
    weightCount?: number;
    /** Errors stop the import; warnings are settings not carried over (also comments in the text). */
    problems: { severity: 'error' | 'warning'; where: string; message: string }[];
}
