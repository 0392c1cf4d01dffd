/**
 * Every layer kind and activation of the catalogue has a mapping in each target's one table: a kind
 * the catalogue gains fails here until PyTorch, Keras, ONNX and the importer know it.
 */
import { ACTIVATIONS, LAYERS } from '@nn-lang/language';
import { describe, expect, it } from 'vitest';
import { IMPORT_LAYERS } from '../src/import/table.js';
import { KERAS_ACTIVATIONS, KERAS_LAYERS } from '../src/keras/table.js';
import { ONNX_ACTIVATIONS, ONNX_LAYERS } from '../src/onnx/table.js';
import { TORCH_ACTIVATIONS, TORCH_LAYERS } from '../src/pytorch/table.js';

const kinds = LAYERS.map(l => l.name);
const activations = ACTIVATIONS.map(a => a.name);

describe('the export and import tables cover the catalogue', () => {
    it.each([
        ['PyTorch', TORCH_LAYERS],
        ['Keras', KERAS_LAYERS],
        ['ONNX', ONNX_LAYERS]
    ] as const)('%s maps every layer kind, and nothing else', (_, table) => {
        expect(kinds.filter(k => !(k in table))).toEqual([]);
        expect(Object.keys(table).filter(k => !kinds.includes(k))).toEqual([]);
    });

    it.each([
        ['PyTorch', TORCH_ACTIVATIONS],
        ['Keras', KERAS_ACTIVATIONS],
        ['ONNX', ONNX_ACTIVATIONS]
    ] as const)('%s maps every activation', (_, table) => {
        expect(activations.filter(a => !(a in table))).toEqual([]);
    });

    it('nn import reads every layer kind back (Keras class of the same name)', () => {
        expect(kinds.filter(k => !(k in IMPORT_LAYERS))).toEqual([]);
    });
});
