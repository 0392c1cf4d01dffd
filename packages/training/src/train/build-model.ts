/**
 * ModelDescription → tf.LayersModel, with seeded initial weights and a parameter-count check
 * against what the language package promised the user inline.
 */
import type { LayerDescription, ModelDescription } from '@nn-lang/language';
import type * as tfjs from '@tensorflow/tfjs';
import { TrainingError } from './errors.js';
import { initialValues, type InitializerLike } from './initializers.js';
import { createUniform, randomSeed } from './random.js';
import type { TF, Uniform } from './types.js';

type Layer = tfjs.layers.Layer;
type SymbolicTensor = tfjs.SymbolicTensor;

export interface BuildOptions {
    /** Seeded source for the initial weights; without it (and without `seed`) a random seed is used. */
    rng?: Uniform;
    seed?: number;
}

/** Config keys that would fight with the `tf.input` we create. */
const INPUT_KEYS = ['inputShape', 'batchInputShape', 'batchSize'];

function describe(layer: LayerDescription): string {
    return `layer ${layer.index + 1} (${layer.type}${layer.label ? ` '${layer.label}'` : ''}, line ${layer.line})`;
}

function snake(className: string): string {
    return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Stable, readable tfjs names: they appear in weight names and in saved model.json files. */
function tfjsLayerName(layer: LayerDescription, className: string, k: number): string {
    const label = layer.label && /^[A-Za-z_][A-Za-z0-9_]*$/.test(layer.label) ? `_${layer.label}` : '';
    return `${snake(className)}_${layer.index}${label}${k > 0 ? `_${k}` : ''}`;
}

function instantiate(tf: TF, layer: LayerDescription, className: string, config: Record<string, unknown>, k: number): Layer {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
    if (!entry) {
        throw new TrainingError('build', `${describe(layer)}: tfjs has no layer class '${className}'.`, { layerIndex: layer.index, line: layer.line });
    }
    const [cls, fromConfig] = entry;
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        // `undefined` and `null` mean "tfjs default" in the catalogue; tfjs treats some nulls as values.
        if (!INPUT_KEYS.includes(key) && value !== undefined && value !== null) clean[key] = value;
    }
    clean.name = tfjsLayerName(layer, className, k);
    try {
        return fromConfig(cls, clean as tfjs.serialization.ConfigDict) as unknown as Layer;
    } catch (e) {
        throw new TrainingError('build', `${describe(layer)}: tfjs refused the ${className} config ${JSON.stringify(config)}: ${(e as Error).message}`, { layerIndex: layer.index, line: layer.line });
    }
}

interface WeightCreator {
    addWeight(name: string, shape: number[], dtype: string | null, initializer: InitializerLike, ...rest: unknown[]): unknown;
}

/** Objects whose `build` creates weights: the layer and, for RNNs and wrappers, the layers inside it. */
function weightOwners(layer: object): object[] {
    const owners: object[] = [layer];
    const record = layer as Record<string, unknown>;
    for (const key of ['cell', 'layer', 'forwardLayer', 'backwardLayer']) {
        const inner = record[key];
        if (inner && typeof inner === 'object' && typeof (inner as WeightCreator).addWeight === 'function') owners.push(...weightOwners(inner));
    }
    const cells = record.cells;
    if (Array.isArray(cells)) for (const c of cells) if (c && typeof c === 'object') owners.push(...weightOwners(c));
    return owners;
}

/**
 * Routes every weight a layer creates during `build` through our seeded generator. Intercepting
 * `addWeight` (instead of overwriting weights afterwards) sees the initializer tfjs actually uses
 * for each weight, skips tfjs's own (slow, unseeded) random draws, and keeps the layer's config
 * untouched for saving. Returns the number of weights seeded so far and an undo function.
 */
function seedWeights(tf: TF, layer: Layer, describeLayer: string, uniform: Uniform): { count(): number; restore(): void } {
    let seeded = 0;
    const owners = weightOwners(layer);
    for (const owner of owners) {
        const creator = owner as WeightCreator;
        const original = creator.addWeight;
        creator.addWeight = function (this: WeightCreator, name, shape, dtype, initializer, ...rest) {
            const seededInit = {
                apply: (s: number[], dt?: string) => {
                    const values = valuesFor(this, name, initializer, s, uniform, describeLayer);
                    return tf.tensor(values, s, (dt ?? dtype ?? 'float32') as 'float32');
                }
            };
            seeded++;
            return original.call(this, name, shape, dtype, seededInit as unknown as InitializerLike, ...rest);
        };
    }
    return {
        count: () => seeded,
        restore: () => {
            for (const owner of owners) delete (owner as Partial<WeightCreator>).addWeight;
        }
    };
}

function valuesFor(owner: unknown, weightName: string, init: InitializerLike, shape: number[], uniform: Uniform, describeLayer: string): Float32Array {
    try {
        if (init.getClassName() === 'CustomInit') return lstmForgetBias(owner, weightName, shape, uniform);
        return initialValues(init, shape, uniform);
    } catch (e) {
        throw new TrainingError('build', `${describeLayer}, weight '${weightName}': ${(e as Error).message}`);
    }
}

/**
 * LSTM with `unit_forget_bias` builds its bias from an anonymous tfjs initializer:
 * [bias(units), ones(units), bias(2·units)] — the forget gate starts at 1 (Jozefowicz et al.).
 */
function lstmForgetBias(owner: unknown, weightName: string, shape: number[], uniform: Uniform): Float32Array {
    const cell = owner as { units?: number; unitForgetBias?: boolean; biasInitializer?: InitializerLike };
    const units = cell.units;
    if (weightName !== 'bias' || !cell.unitForgetBias || !units || !cell.biasInitializer || shape[0] !== 4 * units) {
        throw new Error('an unknown custom tfjs initializer');
    }
    const out = new Float32Array(4 * units);
    out.set(initialValues(cell.biasInitializer, [units], uniform), 0);
    out.fill(1, units, 2 * units);
    out.set(initialValues(cell.biasInitializer, [2 * units], uniform), 2 * units);
    return out;
}

function weightCount(weights: { shape: readonly (number | null)[] }[]): number {
    return weights.reduce((sum, w) => sum + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
}

/**
 * Builds the tfjs model a description describes (functional API, so chains and labelled merges
 * take one path). Every weight is drawn from `rng` (or a generator seeded with `seed`), and the
 * parameter counts are checked layer by layer against the description.
 */
export function buildModel(tf: TF, model: ModelDescription, rngOrOptions: Uniform | BuildOptions = {}): tfjs.LayersModel {
    const options = typeof rngOrOptions === 'function' ? { rng: rngOrOptions } : rngOrOptions;
    const uniform = options.rng ?? createUniform(options.seed ?? randomSeed());
    if (model.layers.length === 0) {
        throw new TrainingError('build', `model ${model.name} has no layers after its input.`);
    }
    const input = tf.input({ shape: model.input, name: 'input' });
    const outputs: SymbolicTensor[] = [];
    const tfjsLayers = new Map<number, Layer[]>();
    model.layers.forEach((layer, position) => {
        if (layer.index !== position) {
            throw new TrainingError('build', `${describe(layer)} has index ${layer.index} but is statement ${position + 1} of model ${model.name}.`, { layerIndex: position, line: layer.line });
        }
        if (layer.inputs.length === 0 || layer.inputs.some(i => i < -1 || i >= position || !Number.isInteger(i))) {
            throw new TrainingError('build', `${describe(layer)} reads from [${layer.inputs.join(', ')}]: inputs must be earlier statements (or -1, the model input).`, { layerIndex: layer.index, line: layer.line });
        }
        if (layer.tfjs.length === 0) {
            throw new TrainingError('build', `${describe(layer)} has no tfjs implementation in its description.`, { layerIndex: layer.index, line: layer.line });
        }
        // tfjs 4.22 frees a tensor fed twice to one layer too early (its executor counts each
        // consumer once but each input slot separately): a repeat goes through its own identity.
        const seen = new Set<SymbolicTensor>();
        const sources = layer.inputs.map(i => (i === -1 ? input : outputs[i])).map(t => {
            if (!seen.has(t)) {
                seen.add(t);
                return t;
            }
            return tf.layers.activation({ activation: 'linear' }).apply(t) as SymbolicTensor;
        });
        let x: SymbolicTensor | SymbolicTensor[] = sources.length === 1 ? sources[0] : sources;
        const created: Layer[] = [];
        layer.tfjs.forEach((spec, k) => {
            const tl = instantiate(tf, layer, spec.className, spec.config, k);
            const seeding = seedWeights(tf, tl, describe(layer), uniform);
            try {
                x = tl.apply(x) as SymbolicTensor | SymbolicTensor[];
            } catch (e) {
                if (e instanceof TrainingError) throw e;
                throw new TrainingError('build', `${describe(layer)}: tfjs could not apply ${spec.className} to shape ${shapesOf(x)}: ${(e as Error).message}`, { layerIndex: layer.index, line: layer.line });
            } finally {
                seeding.restore();
            }
            if (seeding.count() !== tl.weights.length) {
                throw new TrainingError('build', `${describe(layer)}: ${tl.weights.length - seeding.count()} of the ${spec.className} weights were created outside the seeded initializer.`, { layerIndex: layer.index, line: layer.line });
            }
            created.push(tl);
        });
        if (Array.isArray(x)) {
            throw new TrainingError('build', `${describe(layer)} produced ${x.length} outputs; a statement must produce one.`, { layerIndex: layer.index, line: layer.line });
        }
        outputs.push(x);
        tfjsLayers.set(layer.index, created);
    });
    const result = tf.model({ inputs: input, outputs: outputs[outputs.length - 1], name: safeName(model.name) });
    checkParams(model, tfjsLayers, result);
    return result;
}

function shapesOf(x: SymbolicTensor | SymbolicTensor[]): string {
    const one = (t: SymbolicTensor) => `[${t.shape.slice(1).join(', ')}]`;
    return Array.isArray(x) ? x.map(one).join(' + ') : one(x);
}

function safeName(name: string): string {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : name.replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}

function checkParams(model: ModelDescription, tfjsLayers: Map<number, Layer[]>, built: tfjs.LayersModel): void {
    for (const layer of model.layers) {
        const created = tfjsLayers.get(layer.index) ?? [];
        const total = created.reduce((s, l) => s + l.countParams(), 0);
        const trainable = created.reduce((s, l) => s + weightCount(l.trainableWeights), 0);
        if (total !== layer.params.total || trainable !== layer.params.trainable) {
            throw new TrainingError(
                'param-count',
                `${describe(layer)}: the description promises ${layer.params.total.toLocaleString('en-US')} parameters ` +
                    `(${layer.params.trainable.toLocaleString('en-US')} trainable) but tfjs built ${total.toLocaleString('en-US')} ` +
                    `(${trainable.toLocaleString('en-US')} trainable). The catalogue's parameter rule and its tfjs config disagree.`,
                { layerIndex: layer.index, line: layer.line }
            );
        }
    }
    const total = built.countParams();
    const trainable = weightCount(built.trainableWeights);
    if (total !== model.params.total || trainable !== model.params.trainable) {
        throw new TrainingError(
            'param-count',
            `model ${model.name}: the description promises ${model.params.total.toLocaleString('en-US')} parameters ` +
                `(${model.params.trainable.toLocaleString('en-US')} trainable) but tfjs built ${total.toLocaleString('en-US')} (${trainable.toLocaleString('en-US')} trainable).`
        );
    }
}
