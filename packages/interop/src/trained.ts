/**
 * A trained model as every export needs it: the checked description of its .nn form and, per
 * statement, its Keras weights by name. Built from a tfjs LayersModel (a run folder's model.json and
 * weights.bin): the topology goes through `nn import`, the weights follow the statements they belong to.
 */
import type { ModelDescription } from '@nn-lang/language';
import { describeText } from './describe.js';
import { ImportError, importKerasConfig, type ImportProblem, type TrainSettings } from './import/index.js';
import { layerWeights, readManifest, weightsFromBytes } from './weights/tfjs.js';
import { size, type Tensor } from './weights/tensor.js';

export interface TrainedModel {
    description: ModelDescription;
    /** Per statement: its Keras weights (kernel, bias, gamma, …). */
    weights: Map<string, Tensor>[];
    /** The model as .nn text (what `nn import` writes for it). */
    nnText: string;
    problems: ImportProblem[];
}

/** Thrown when a trained model cannot be read; `problems` has every reason with its place. */
export class TrainedModelError extends Error {
    constructor(readonly problems: ImportProblem[]) {
        super(problems.filter(p => p.severity === 'error').map(p => `${p.where}: ${p.message}`).join('\n'));
    }
}

/**
 * `modelJson` is a parsed model.json; `weightBytes` the bytes of its weight files, concatenated in
 * manifest order. `file` names model.json in messages.
 */
export async function trainedModelFromTfjs(modelJson: Record<string, unknown>, weightBytes: Uint8Array, options: { file: string; train?: TrainSettings }): Promise<TrainedModel> {
    const fail = (where: string, message: string) => new TrainedModelError([{ severity: 'error', where, message }]);
    if (modelJson.modelTopology === undefined) throw fail(`${options.file}: modelTopology`, 'missing: this is not a tfjs LayersModel model.json');
    const imported = importKerasConfig(modelJson.modelTopology, { file: options.file, path: 'modelTopology', train: options.train });
    if (!imported.text) throw new TrainedModelError(imported.problems);
    let all: Map<string, Tensor>;
    try {
        all = weightsFromBytes(readManifest(modelJson, options.file), weightBytes, options.file);
    } catch (e) {
        if (e instanceof ImportError) throw fail(e.where, e.message.slice(e.where.length + 2));
        throw e;
    }
    const described = await describeText(imported.text);
    if (described.errors.length || described.models.length !== 1) {
        throw new TrainedModelError(described.errors.map(e => ({ severity: 'error', where: `${options.file} as .nn, line ${e.line}`, message: e.message })));
    }
    const description = described.models[0];
    const weights = description.layers.map((layer, i) => {
        const source = imported.sources[i][0];
        const found = layerWeights(all, source);
        const count = [...found.values()].reduce((s, t) => s + size(t.shape), 0);
        if (count !== layer.params.total) {
            throw fail(`${options.file}: weightsManifest, layer "${source}"`, `holds ${count} weights, but ${layer.type} (statement ${i + 1}) has ${layer.params.total} parameters`);
        }
        return found;
    });
    return { description, weights, nnText: imported.text, problems: imported.problems };
}

/** A getter for one statement's Keras weights that names what is missing. */
export function kerasWeightGetter(weights: Map<string, Tensor>, where: string): (name: string) => Tensor {
    return name => {
        const t = weights.get(name);
        if (!t) throw new Error(`${where}: the trained weights have no "${name}" (they have ${[...weights.keys()].join(', ') || 'none'})`);
        return t;
    };
}
