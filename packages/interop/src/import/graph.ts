/**
 * Keras model configs in their three dialects — tfjs's model.json topology, Keras 2's HDF5
 * `model_config`, Keras 3's .keras `config.json` — read into one small graph: layers with their
 * class, config and inputs, each with the place in the source it came from.
 */

/** A problem with a place: `where` names the file and the path inside it. */
export class ImportError extends Error {
    constructor(readonly where: string, message: string) {
        super(`${where}: ${message}`);
    }
}

export interface GraphLayer {
    name: string;
    className: string;
    config: Record<string, unknown>;
    /** Names of the layers feeding this one, in order (empty for the input). */
    inputs: string[];
    /** Where it is in the source: `model.json: modelTopology.config.layers[3] "dense_2"`. */
    where: string;
}

export interface Graph {
    name: string;
    layers: GraphLayer[];
    /** The input layer's name and sample shape (without the batch axis). */
    input: { name: string; shape: number[] };
    output: string;
    /** `tfjs-layers 4.22.0`, `2.15.0`, `3.3.3`, ... when the file says. */
    kerasVersion?: string;
    dialect: 'tfjs' | 'keras2' | 'keras3';
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, where: string, what = 'an object'): Json {
    if (!isObject(value)) throw new ImportError(where, `expected ${what}, found ${describeJson(value)}`);
    return value;
}

export function describeJson(value: unknown): string {
    if (value === undefined) return 'nothing';
    if (value === null) return 'null';
    if (Array.isArray(value)) return `a list of ${value.length}`;
    if (typeof value === 'object') return 'an object';
    const text = JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The sample shape from a Keras batch shape `[null, d1, ...]`; every sample axis must be known. */
function sampleShape(batchShape: unknown, where: string): number[] {
    if (!Array.isArray(batchShape) || batchShape.length < 2) {
        throw new ImportError(where, `expected a batch shape such as [null, 784], found ${describeJson(batchShape)}`);
    }
    const dims = batchShape.slice(1);
    dims.forEach((d, i) => {
        if (d === null) throw new ImportError(where, `axis ${i + 1} of the input has no fixed size; a .nn input needs every size ([steps, features] with numbers)`);
        if (!Number.isInteger(d) || (d as number) < 1) throw new ImportError(where, `axis ${i + 1} of the input is ${describeJson(d)}, not a positive size`);
    });
    return dims as number[];
}

/** The config of a model, whichever wrapper holds it (tfjs converter's `model_config`, HDF5's). */
export function modelConfig(root: unknown, where: string): { config: Json; where: string; kerasVersion?: string } {
    const top = expectObject(root, where, 'a Keras model config (an object with class_name and config)');
    if (isObject(top.model_config)) {
        return { config: top.model_config, where: `${where}.model_config`, kerasVersion: typeof top.keras_version === 'string' ? top.keras_version : undefined };
    }
    return { config: top, where, kerasVersion: typeof top.keras_version === 'string' ? top.keras_version : undefined };
}

function inputOf(config: Json, where: string): number[] | undefined {
    for (const key of ['batch_input_shape', 'batch_shape']) {
        if (config[key] !== undefined) return sampleShape(config[key], `${where}.${key}`);
    }
    if (Array.isArray(config.input_shape)) return sampleShape([null, ...config.input_shape], `${where}.input_shape`);
    return undefined;
}

/** Keras 3's node format: args hold `__keras_tensor__` objects naming their layer in keras_history. */
function keras3Inputs(node: unknown, where: string): string[] {
    const out: string[] = [];
    const visit = (value: unknown, at: string): void => {
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`));
        else if (isObject(value)) {
            if (value.class_name === '__keras_tensor__') {
                const history = isObject(value.config) ? value.config.keras_history : undefined;
                if (!Array.isArray(history) || typeof history[0] !== 'string') throw new ImportError(at, 'a tensor without keras_history [layer, node, index]');
                out.push(history[0]);
            } else {
                for (const [k, v] of Object.entries(value)) if (k !== 'kwargs') visit(v, `${at}.${k}`);
            }
        }
    };
    visit(expectObject(node, where).args, `${where}.args`);
    return out;
}

/** Keras 2 / tfjs node format: [[layer, node, tensor, kwargs], ...]. */
function keras2Inputs(node: unknown, where: string): string[] {
    if (!Array.isArray(node)) throw new ImportError(where, `expected a list of [layer, node, tensor, kwargs] entries, found ${describeJson(node)}`);
    return node.map((entry, i) => {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw new ImportError(`${where}[${i}]`, `expected [layer name, node, tensor, kwargs], found ${describeJson(entry)}`);
        return entry[0];
    });
}

function layerInputs(layer: Json, where: string): string[] {
    const nodes = layer.inbound_nodes;
    if (nodes === undefined || (Array.isArray(nodes) && nodes.length === 0)) return [];
    if (!Array.isArray(nodes)) throw new ImportError(`${where}.inbound_nodes`, `expected a list, found ${describeJson(nodes)}`);
    if (nodes.length > 1) {
        throw new ImportError(`${where}.inbound_nodes`, `the layer is called ${nodes.length} times (shared weights); a .nn layer is used once`);
    }
    return isObject(nodes[0]) ? keras3Inputs(nodes[0], `${where}.inbound_nodes[0]`) : keras2Inputs(nodes[0], `${where}.inbound_nodes[0]`);
}

function layerName(layer: Json, index: number, where: string): string {
    const name = layer.name ?? (isObject(layer.config) ? layer.config.name : undefined);
    if (typeof name !== 'string' || name === '') throw new ImportError(where, 'the layer has no name');
    return name;
}

/** Reads a model config (Sequential or functional, any dialect) into a graph. */
export function readGraph(root: unknown, file: string, path: string): Graph {
    const { config: model, where, kerasVersion } = modelConfig(root, `${file}: ${path}`);
    const className = model.class_name;
    if (typeof className !== 'string') throw new ImportError(`${where}.class_name`, `expected the model's class (Sequential, Functional, Model), found ${describeJson(className)}`);
    const dialect: Graph['dialect'] = typeof model.module === 'string' || model.registered_name !== undefined
        ? 'keras3'
        : kerasVersion?.startsWith('tfjs') ? 'tfjs' : 'keras2';
    const body = model.config;
    const bodyWhere = `${where}.config`;
    if (className === 'Sequential') return sequentialGraph(body, bodyWhere, dialect, kerasVersion);
    if (className === 'Functional' || className === 'Model') return functionalGraph(expectObject(body, bodyWhere), bodyWhere, dialect, kerasVersion);
    throw new ImportError(`${where}.class_name`, `a ${className} model cannot be imported: only Sequential and functional models (Functional, Model) can`);
}

function sequentialGraph(body: unknown, where: string, dialect: Graph['dialect'], kerasVersion?: string): Graph {
    // tfjs and old Keras wrote a Sequential's config as the list of layers itself.
    const layersValue = Array.isArray(body) ? body : expectObject(body, where).layers;
    const layersWhere = Array.isArray(body) ? where : `${where}.layers`;
    if (!Array.isArray(layersValue)) throw new ImportError(layersWhere, `expected the list of layers, found ${describeJson(layersValue)}`);
    const name = !Array.isArray(body) && typeof (body as Json).name === 'string' ? ((body as Json).name as string) : 'Imported';
    const layers: GraphLayer[] = [];
    let input: Graph['input'] | undefined;
    let previous: string | undefined;
    layersValue.forEach((raw, i) => {
        const at = `${layersWhere}[${i}]`;
        const layer = expectObject(raw, at, 'a layer (an object with class_name and config)');
        if (typeof layer.class_name !== 'string') throw new ImportError(`${at}.class_name`, `expected the layer's class, found ${describeJson(layer.class_name)}`);
        const config = expectObject(layer.config ?? {}, `${at}.config`);
        const lname = layerName({ ...layer, name: layer.name ?? config.name }, i, at);
        const labelled = `${at} "${lname}" (${layer.class_name})`;
        if (layer.class_name === 'InputLayer') {
            const shape = inputOf(config, `${at}.config`);
            if (!shape) throw new ImportError(`${at}.config`, 'the InputLayer has no batch_input_shape / batch_shape');
            input = { name: lname, shape };
            previous = lname;
            return;
        }
        if (!input) {
            const shape = inputOf(config, `${at}.config`) ?? (Array.isArray((body as Json).build_input_shape) ? sampleShape((body as Json).build_input_shape, `${where}.build_input_shape`) : undefined);
            if (!shape) throw new ImportError(`${at}.config`, 'the first layer of the Sequential model says no input shape (batch_input_shape)');
            input = { name: 'input', shape };
            previous = 'input';
        }
        layers.push({ name: lname, className: layer.class_name, config, inputs: [previous!], where: labelled });
        previous = lname;
    });
    if (!input || !previous) throw new ImportError(layersWhere, 'the model has no layers');
    if (layers.length === 0) throw new ImportError(layersWhere, 'the model has an input but no layers after it');
    return { name, layers, input, output: previous, kerasVersion, dialect };
}

function endpoint(value: unknown, where: string, what: string): string {
    // [[name, node, tensor]] (Keras 2, tfjs) or [name, node, tensor] (Keras 3 with one endpoint).
    const list = Array.isArray(value) && value.length > 0 && typeof value[0] === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) throw new ImportError(where, `expected the model's ${what}s, found ${describeJson(value)}`);
    if (list.length > 1) throw new ImportError(where, `the model has ${list.length} ${what}s; a .nn model has one`);
    const first = list[0];
    if (!Array.isArray(first) || typeof first[0] !== 'string') throw new ImportError(`${where}[0]`, `expected [layer name, node, tensor], found ${describeJson(first)}`);
    return first[0];
}

function functionalGraph(body: Json, where: string, dialect: Graph['dialect'], kerasVersion?: string): Graph {
    const layersValue = body.layers;
    if (!Array.isArray(layersValue)) throw new ImportError(`${where}.layers`, `expected the list of layers, found ${describeJson(layersValue)}`);
    const inputName = endpoint(body.input_layers, `${where}.input_layers`, 'input');
    const output = endpoint(body.output_layers, `${where}.output_layers`, 'output');
    const layers: GraphLayer[] = [];
    let input: Graph['input'] | undefined;
    const names = new Set<string>();
    layersValue.forEach((raw, i) => {
        const at = `${where}.layers[${i}]`;
        const layer = expectObject(raw, at, 'a layer (an object with class_name and config)');
        if (typeof layer.class_name !== 'string') throw new ImportError(`${at}.class_name`, `expected the layer's class, found ${describeJson(layer.class_name)}`);
        const config = expectObject(layer.config ?? {}, `${at}.config`);
        const lname = layerName(layer, i, at);
        if (names.has(lname)) throw new ImportError(at, `a second layer named "${lname}"`);
        names.add(lname);
        const labelled = `${at} "${lname}" (${layer.class_name})`;
        if (layer.class_name === 'InputLayer') {
            if (lname !== inputName) throw new ImportError(labelled, `a second input layer; a .nn model has one input (${inputName})`);
            const shape = inputOf(config, `${at}.config`);
            if (!shape) throw new ImportError(`${at}.config`, 'the InputLayer has no batch_input_shape / batch_shape');
            input = { name: lname, shape };
            return;
        }
        const inputs = layerInputs(layer, at);
        if (inputs.length === 0) throw new ImportError(labelled, 'the layer is not connected to anything (no inbound nodes)');
        layers.push({ name: lname, className: layer.class_name, config, inputs, where: labelled });
    });
    if (!input) throw new ImportError(`${where}.layers`, `no InputLayer named "${inputName}"`);
    for (const layer of layers) {
        for (const source of layer.inputs) {
            if (!names.has(source)) throw new ImportError(layer.where, `reads from "${source}", which is not a layer of the model`);
        }
    }
    const name = typeof body.name === 'string' ? body.name : 'Imported';
    return { name, layers, input, output, kerasVersion, dialect };
}
