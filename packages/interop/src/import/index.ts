/**
 * `nn import`'s core, on plain data (browser-safe): a Keras model config (tfjs model.json topology,
 * Keras 2 HDF5 model_config, Keras 3 config.json) → formatted .nn text, with everything the
 * language cannot express listed by where it was. File reading lives in ../node/import-file.ts.
 */
import { OPTIMIZERS, type DataSpec, type OptimizerSpec } from '@nn-lang/language';
import { ImportError, readGraph } from './graph.js';
import { formatValue, importGraph, nnIdentifier, statementText, type ImportedModel } from './model.js';
import type { ImportProblem } from './values.js';

export { ImportError } from './graph.js';
export type { ImportProblem } from './values.js';

/** Training settings as a run folder's metrics.json records them. */
export interface TrainSettings {
    data: DataSpec;
    loss: string;
    optimizer: OptimizerSpec;
    metrics: string[];
    epochs: number;
    batchSize: number;
    validation?: 'test' | number | null;
    seed?: number | null;
}

export interface ImportOptions {
    /** The file name problems cite. */
    file: string;
    /** Where the model config is inside the file (`modelTopology`, `attribute model_config`). */
    path: string;
    /** The first comment line: where the model came from. */
    origin?: string;
    /** Adds a train block (from a run folder's metrics.json). */
    train?: TrainSettings;
    /** Makes a csv(...) path relative to this folder (the .nn file's). */
    relativeTo?: (path: string) => string;
}

export interface ImportResult {
    /** The .nn text; absent when an error stops the import. */
    text?: string;
    modelName: string;
    problems: ImportProblem[];
    /** Per statement, the Keras layers whose weights belong to it (the first holds them). */
    sources: string[][];
    model?: ImportedModel;
}

export function importKerasConfig(root: unknown, options: ImportOptions): ImportResult {
    let model: ImportedModel;
    try {
        model = importGraph(readGraph(root, options.file, options.path));
    } catch (e) {
        if (e instanceof ImportError) return { modelName: '', problems: [{ severity: 'error', where: e.where, message: e.message.slice(e.where.length + 2) }], sources: [] };
        throw e;
    }
    const name = nnIdentifier(pascal(model.name), new Set());
    if (model.problems.some(p => p.severity === 'error')) return { modelName: name, problems: model.problems, sources: [], model };
    const lines: string[] = [];
    lines.push(`// ${options.origin ?? `Imported from ${options.file}`} by nn import.`);
    const warnings = model.problems.filter(p => p.severity === 'warning');
    if (warnings.length) lines.push(`// ${warnings.length} setting${warnings.length === 1 ? '' : 's'} could not be carried over: see the comments above the layers.`);
    lines.push(`model ${name} {`);
    lines.push(`    input [${model.input.join(', ')}]`);
    for (const st of model.statements) {
        for (const note of st.notes) lines.push(`    // ${note}`);
        lines.push(`    ${statementText(st)}`);
    }
    lines.push('}');
    if (options.train) {
        lines.push('');
        lines.push(...trainBlock(name, options.train, options.relativeTo));
    }
    return { text: `${lines.join('\n')}\n`, modelName: name, problems: model.problems, sources: model.statements.map(s => s.sources), model };
}

/** `sequential_1` → `Sequential1`; names that are identifiers already stay as they are. */
function pascal(name: string): string {
    if (/^[A-Z][A-Za-z0-9]*$/.test(name)) return name;
    const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
    const joined = words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
    return joined || 'Imported';
}

function dataText(data: DataSpec, relativeTo?: (path: string) => string): string {
    switch (data.kind) {
        case 'xor':
        case 'circle':
        case 'spiral':
        case 'gaussian':
            return `${data.kind}(n=${data.n}, noise=${data.noise})`;
        case 'csv':
            return `csv(${JSON.stringify(relativeTo ? relativeTo(data.path) : data.path)}, label=${JSON.stringify(data.label)})`;
        default:
            return data.kind;
    }
}

function optimizerText(spec: OptimizerSpec): string {
    const info = OPTIMIZERS.find(o => o.key === spec.name);
    if (!info) return spec.name;
    const args: string[] = [];
    for (const arg of info.args) {
        const value = arg.name === 'learning_rate' ? spec.learningRate : spec.args[arg.name];
        if (value === undefined || value === arg.default) continue;
        args.push(`${arg.name}=${formatValue(value as number | boolean)}`);
    }
    return `${info.className}(${args.join(', ')})`;
}

function trainBlock(model: string, t: TrainSettings, relativeTo?: (path: string) => string): string[] {
    const rows: [string, string][] = [
        ['data', dataText(t.data, relativeTo)],
        ['loss', t.loss],
        ['optimizer', optimizerText(t.optimizer)],
        ...(t.metrics.length ? [['metrics', `[${t.metrics.join(', ')}]`] as [string, string]] : []),
        ['epochs', String(t.epochs)],
        ['batch_size', String(t.batchSize)],
        ...(t.validation !== undefined && t.validation !== null ? [['validation', String(t.validation)] as [string, string]] : []),
        ...(t.seed !== undefined && t.seed !== null ? [['seed', String(t.seed)] as [string, string]] : [])
    ];
    return [`train ${model} {`, ...rows.map(([k, v]) => `    ${k.padEnd(10)} = ${v}`), '}'];
}
