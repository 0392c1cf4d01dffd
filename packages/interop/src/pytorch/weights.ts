/** Trained weights → the state_dict of the exported nn.Module, as a safetensors file. */
import type { ModelDescription } from '@nn-lang/language';
import { statementName } from '../shared/keras-math.js';
import { kerasWeightGetter } from '../trained.js';
import { writeSafetensors } from '../weights/safetensors.js';
import type { AnyTensor, Tensor } from '../weights/tensor.js';
import { TORCH_LAYERS } from './table.js';

/** state_dict entries, named as the exported module's parameters and buffers (`dense_0.weight`). */
export function torchStateDict(model: ModelDescription, weights: Map<string, Tensor>[]): Record<string, AnyTensor> {
    const out: Record<string, AnyTensor> = {};
    model.layers.forEach((layer, i) => {
        const convert = TORCH_LAYERS[layer.type]?.weights;
        if (!convert) return;
        const attr = statementName(layer);
        const entries = convert(layer, kerasWeightGetter(weights[i], `${layer.type} '${attr}' (line ${layer.line})`));
        for (const [name, t] of Object.entries(entries)) out[`${attr}.${name}`] = t;
    });
    return out;
}

/** The safetensors file PyTorch loads into the exported model (`--weights`). */
export function torchSafetensors(model: ModelDescription, weights: Map<string, Tensor>[], metadata: Record<string, string> = {}): Uint8Array {
    return writeSafetensors(torchStateDict(model, weights), { format: 'pt', model: model.name, ...metadata });
}
