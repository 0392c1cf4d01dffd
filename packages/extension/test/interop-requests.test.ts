/** The language server's side of the export and import commands. */
import { createNnServices, type NnServices } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportRunFolder, exportScript, importModel } from '../src/interop/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { Nn } = createNnServices(EmptyFileSystem);
const parse = parseHelper(Nn);
let n = 0;

async function doc(text: string, file = `/w/interop${n++}.nn`) {
    return parse(text, { validation: true, documentUri: URI.file(file).toString() });
}

describe('nn/exportScript', () => {
    it('exports the train block\'s model with its training, named after the model', async () => {
        const file = path.join(root, 'examples', 'mnist-mlp.nn');
        const d = await doc(readFileSync(file, 'utf8'), file);
        const result = await exportScript(Nn as NnServices, d, { target: 'pytorch' });
        expect(result).toMatchObject({ fileName: 'mnist_mlp.py', model: 'MnistMlp', errors: [], choices: [] });
        expect(result.text).toContain('class MnistMlp(nn.Module):');
        expect(result.text).toContain('torch.optim.RMSprop(parameters, lr=0.001');
        expect(result.text).toContain('torchrun --nproc-per-node=N mnist_mlp.py');
        const keras = await exportScript(Nn as NnServices, d, { target: 'keras' });
        expect(keras.fileName).toBe('mnist_mlp_keras.py');
        expect(keras.text).toContain('layers.Dense(512, activation="relu", name="dense_0")(x)');
    });

    it('asks which model when a file has several and no train block, and refuses a file with errors', async () => {
        const d = await doc(readFileSync(path.join(root, 'examples', 'sequence.nn'), 'utf8'));
        const ask = await exportScript(Nn as NnServices, d, { target: 'pytorch' });
        expect(ask.text).toBeUndefined();
        expect(ask.choices).toEqual(['SequenceClassifier', 'TextEncoder', 'Gated']);
        const one = await exportScript(Nn as NnServices, d, { target: 'pytorch', model: 'Gated' });
        expect(one.text).toContain('class Gated(nn.Module):');
        const broken = await doc('model M {\n    input [2]\n    Dense(0)\n}\n');
        const refused = await exportScript(Nn as NnServices, broken, { target: 'keras' });
        expect(refused.text).toBeUndefined();
        expect(refused.errors[0].line).toBe(3);
    });
});

describe('nn/importModel and nn/exportRun', () => {
    it('imports a Keras config and reports what cannot be read, by place', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'nn-ext-import-'));
        const file = path.join(dir, 'config.json');
        writeFileSync(file, JSON.stringify({ class_name: 'Sequential', config: { name: 'tiny', layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } },
            { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'softmax' } }
        ] } }));
        const ok = await importModel({ file });
        expect(ok).toMatchObject({ modelName: 'Tiny', params: 8 });
        expect(ok.text).toContain('Dense(2, activation=softmax)');
        writeFileSync(file, JSON.stringify({ class_name: 'Sequential', config: { name: 'tiny', layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } },
            { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'mish' } }
        ] } }));
        const bad = await importModel({ file });
        expect(bad.text).toBeUndefined();
        expect(bad.problems[0]).toMatchObject({ severity: 'error' });
        expect(bad.problems[0].where).toContain('"d" (Dense), field activation');
    });

    it('says why a folder that is not a run cannot be exported', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'nn-ext-run-'));
        mkdirSync(path.join(dir, 'empty'));
        const result = await exportRunFolder({ folder: path.join(dir, 'empty'), target: 'onnx' });
        expect(result.files).toEqual([]);
        expect(result.error).toMatch(/not a trained run: it has no model\.json/);
    });
});
