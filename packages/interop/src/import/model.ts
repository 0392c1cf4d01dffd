/**
 * A Keras model graph → .nn statements: each layer through the import table, the graph laid out
 * as a .nn chain (each layer reads the one before; merges read labelled layers too), then written
 * as formatted .nn text. Problems carry where they are in the source; errors mean no .nn file.
 */
import { findLayer, type ArgValue } from '@nn-lang/language';
import { ImportError, type Graph, type GraphLayer } from './graph.js';
import { HARMLESS_FIELDS, IMPORT_LAYERS, type ImportedStatement } from './table.js';
import { LayerFields, type ImportProblem } from './values.js';

export interface Statement extends ImportedStatement {
    /** The Keras layers this statement came from (their weights belong to it), first the main one. */
    sources: string[];
    label?: string;
    /** Labels of the statements a merge reads besides the previous one. */
    merges: string[];
    /** Problems of this statement, written as comments above it. */
    notes: string[];
    where: string;
}

export interface ImportedModel {
    name: string;
    input: number[];
    statements: Statement[];
    problems: ImportProblem[];
}

const MERGES = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate']);
const COMMUTATIVE = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum']);
const KEYWORDS = new Set(['model', 'input', 'train', 'true', 'false']);

/** tfjs's class-name rule our trainer names layers with (build-model.ts): Conv2D → conv2_d. */
function tfjsSnake(className: string): string {
    return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The label a layer had in the .nn file our trainer built it from: it names a labelled statement's
 * layer `<class>_<index>_<label>` (build-model.ts).
 */
function trainerLabel(layer: GraphLayer): string | undefined {
    const prefix = tfjsSnake(layer.className).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${prefix}_\\d+_([A-Za-z_]\\w*)$`).exec(layer.name)?.[1];
}

/** An .nn identifier from a Keras name. */
export function nnIdentifier(name: string, taken: Set<string>): string {
    let id = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
    if (KEYWORDS.has(id)) id = `${id}_`;
    let unique = id;
    for (let k = 2; taken.has(unique); k++) unique = `${id}_${k}`;
    taken.add(unique);
    return unique;
}

export function importGraph(graph: Graph): ImportedModel {
    const problems: ImportProblem[] = [];
    const byName = new Map<string, GraphLayer>(graph.layers.map(l => [l.name, l]));
    const consumers = new Map<string, GraphLayer[]>();
    for (const layer of graph.layers) for (const i of layer.inputs) consumers.set(i, [...(consumers.get(i) ?? []), layer]);

    // 1. Each layer through the table.
    const statements = new Map<string, Statement>();
    /** Layers replaced by what feeds them (skipped identities). */
    const alias = new Map<string, string>();
    for (const layer of graph.layers) {
        const mapping = IMPORT_LAYERS[layer.className];
        const notes: string[] = [];
        const report = (p: ImportProblem) => {
            problems.push(p);
            notes.push(`${p.severity === 'error' ? 'cannot import' : 'not imported'}: ${p.message.replace(/^.*?, field /, '')}`);
        };
        if (!mapping) {
            report({ severity: 'error', where: layer.where, message: `the layer class ${layer.className} has no .nn equivalent` });
            continue;
        }
        const isMerge = MERGES.has(layer.className);
        if (!isMerge && layer.inputs.length !== 1) {
            report({ severity: 'error', where: layer.where, message: `reads ${layer.inputs.length} tensors; a ${layer.className} in .nn reads one` });
            continue;
        }
        if (isMerge && layer.inputs.length < 2) {
            report({ severity: 'error', where: layer.where, message: `merges ${layer.inputs.length} tensor; a .nn merge needs two or more` });
            continue;
        }
        const fields = new LayerFields(layer, report, graph.dialect);
        const dtype = layer.config.dtype;
        const policy = typeof dtype === 'string' ? dtype : dtype && typeof dtype === 'object' ? (dtype as { config?: { name?: string } }).config?.name : undefined;
        if (policy && policy !== 'float32') fields.warn('dtype', `${policy} is not imported: .nn computes in float32`);
        if (layer.config.trainable === false) fields.warn('trainable', 'false (a frozen layer) is not imported: every .nn layer trains');
        const result = mapping(fields);
        fields.reportUnused(HARMLESS_FIELDS);
        if (result === 'skip') {
            alias.set(layer.name, layer.inputs[0]);
            continue;
        }
        statements.set(layer.name, { ...result, sources: [layer.name], merges: [], notes, where: layer.where });
    }
    const resolve = (name: string): string => {
        let n = name;
        while (alias.has(n)) n = alias.get(n)!;
        return n;
    };

    // 2. tfjs has no string for leaky_relu: our trainer writes Dense(linear) + LeakyReLU(0.2) named
    //    `<layer>_<i>…` and `leaky_re_lu_<i>…_1`. Read such a pair back as the one statement it was.
    for (const layer of graph.layers) {
        const st = statements.get(layer.name);
        if (!st || st.type !== 'LeakyReLU' || Math.abs((st.args.alpha as number) - 0.2) > 1e-9) continue;
        const source = resolve(layer.inputs[0]);
        const prev = statements.get(source);
        const prevLayer = byName.get(source);
        if (!prev || !prevLayer || prev.args.activation !== 'linear' || (consumers.get(source) ?? []).length !== 1) continue;
        const prefix = `${tfjsSnake(prevLayer.className)}_`;
        if (!source.startsWith(prefix) || layer.name !== `leaky_re_lu_${source.slice(prefix.length)}_1`) continue;
        prev.args.activation = 'leaky_relu';
        prev.sources.push(layer.name);
        statements.delete(layer.name);
        alias.set(layer.name, source);
    }

    if (problems.some(p => p.severity === 'error')) return { name: graph.name, input: graph.input.shape, statements: [], problems };

    // 3. The chain: each statement directly follows what it reads (a merge: one of its inputs).
    try {
        const order = chain(graph, statements, resolve);
        // 4. Labels for what merges read besides the previous statement.
        const taken = new Set<string>();
        const labelOf = new Map<string, string>();
        const mergeReads = new Map<string, string[]>();
        order.forEach((name, i) => {
            const st = statements.get(name)!;
            if (!MERGES.has(st.type)) return;
            const previous = order[i - 1] ?? graph.input.name;
            const others = byName.get(name)!.inputs.map(resolve);
            others.splice(others.indexOf(previous), 1);
            mergeReads.set(name, others);
            if (others.includes(graph.input.name)) {
                throw new ImportError(byName.get(name)!.where, `merges the model's input "${graph.input.name}" into a later tensor; .nn can merge only labelled layers (add an Activation(linear) after the input)`);
            }
            for (const o of others) if (!labelOf.has(o)) labelOf.set(o, nnIdentifier(trainerLabel(byName.get(o)!) ?? o, taken));
        });
        // Labels nn-lang's trainer recorded in layer names come back even where no merge reads them.
        for (const name of order) {
            const label = trainerLabel(byName.get(name)!);
            if (label && !labelOf.has(name)) labelOf.set(name, nnIdentifier(label, taken));
        }
        for (const [name, label] of labelOf) statements.get(name)!.label = label;
        for (const [name, others] of mergeReads) statements.get(name)!.merges = others.map(o => labelOf.get(o)!);
        return { name: graph.name, input: graph.input.shape, statements: order.map(n => statements.get(n)!), problems };
    } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        problems.push({ severity: 'error', where: e.where, message: e.message.slice(e.where.length + 2) });
        return { name: graph.name, input: graph.input.shape, statements: [], problems };
    }
}

/**
 * Lays the graph out as one chain from the input: a layer must come right after the layer it
 * reads, a merge right after one of its inputs (Concatenate: its first). Anything else — two
 * layers reading the same tensor, a branch never merged — cannot be written in .nn.
 */
function chain(graph: Graph, statements: Map<string, Statement>, resolve: (n: string) => string): string[] {
    const layers = graph.layers.filter(l => statements.has(l.name));
    const readsOf = (l: GraphLayer) => l.inputs.map(resolve);
    // The one statement that must follow each tensor (a non-merge reader), if any.
    const next = new Map<string, string>();
    for (const l of layers) {
        if (MERGES.has(statements.get(l.name)!.type)) continue;
        const source = readsOf(l)[0];
        const already = next.get(source);
        if (already) {
            throw new ImportError(l.where, `reads "${source}", which "${already}" reads too: a .nn layer reads the layer right above it, so two layers cannot both read one (only merges can read a labelled layer)`);
        }
        next.set(source, l.name);
    }
    const order: string[] = [];
    const placed = new Set<string>([graph.input.name]);
    let current = graph.input.name;
    const remaining = new Set(layers.map(l => l.name));
    while (remaining.size > 0) {
        let chosen = next.get(current);
        if (!chosen) {
            // A merge that can follow `current`: all its inputs placed, and `current` one it may chain from.
            chosen = layers.find(l => {
                if (!remaining.has(l.name) || !MERGES.has(statements.get(l.name)!.type)) return false;
                const reads = readsOf(l);
                if (!reads.every(r => placed.has(r))) return false;
                return COMMUTATIVE.has(statements.get(l.name)!.type) ? reads.includes(current) : reads[0] === current;
            })?.name;
        }
        if (!chosen) {
            const stuck = layers.find(l => remaining.has(l.name))!;
            throw new ImportError(stuck.where, `cannot be placed in a .nn chain: after "${current}" nothing reads it directly, and "${stuck.name}" reads ${readsOf(stuck).map(r => `"${r}"`).join(', ')}`);
        }
        order.push(chosen);
        placed.add(chosen);
        remaining.delete(chosen);
        current = chosen;
    }
    if (current !== resolve(graph.output)) {
        const out = graph.layers.find(l => l.name === graph.output);
        throw new ImportError(out?.where ?? graph.output, `the model's output "${graph.output}" is not the end of the chain ("${current}" is)`);
    }
    return order;
}

// ---------------------------------------------------------------- text

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

export function formatValue(value: ArgValue, compactTuple = true): string {
    if (Array.isArray(value)) {
        if (compactTuple && value.length > 0 && value.every(v => v === value[0])) return formatValue(value[0]);
        return `[${value.map(v => formatValue(v, false)).join(', ')}]`;
    }
    if (typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value === null) return 'null';
    return /^[A-Za-z_]\w*$/.test(value) ? value : JSON.stringify(value);
}

/** `Dense(16, activation=relu)`: required positional arguments in Keras order, others only when not the default. */
export function statementText(st: Statement): string {
    const kind = findLayer(st.type);
    if (!kind) throw new Error(`the catalogue has no layer ${st.type}`);
    const parts: string[] = [...st.merges.map(m => m)];
    let positional = st.merges.length === 0;
    for (const spec of kind.args) {
        const value = st.args[spec.name];
        const isDefault = value === undefined || (spec.default !== undefined && same(value, spec.default)) || (spec.default === null && value === null);
        if (isDefault && !spec.required) {
            positional = false;
            continue;
        }
        // Shapes are always lists; a tuple argument may be one number for all axes.
        const text = spec.type.kind === 'shape' ? formatValue(value, false) : formatValue(value);
        if (positional && spec.positional) parts.push(text);
        else {
            positional = false;
            parts.push(`${spec.name}=${text}`);
        }
    }
    return `${st.label ? `${st.label} = ` : ''}${st.type}(${parts.join(', ')})`;
}
