/** The custom requests the training commands send to the language server. */
import { createNnServices, type NnServices } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { MODEL_GRAPHS } from '../src/graph/lsp-protocol.js';
import { modelGraphs, summary, trainBlocks } from '../src/server-requests.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { Nn } = createNnServices(EmptyFileSystem);
const parse = parseHelper(Nn);
let n = 0;

async function doc(text: string, file = `/w/t${n++}.nn`) {
    return parse(text, { validation: true, documentUri: URI.file(file).toString() });
}

describe('nn/trainBlocks', () => {
    it('lists each train block with its lines and the trainer’s description', async () => {
        const file = path.join(root, 'examples', 'xor.nn');
        const d = await doc(readFileSync(file, 'utf8'), file);
        const result = trainBlocks(Nn as NnServices, d);
        expect(result.errors).toEqual([]);
        expect(result.blocks).toHaveLength(1);
        const [block] = result.blocks;
        expect(block).toMatchObject({ model: 'Xor', line: 9, endLine: 18 });
        expect(block.description?.model.params.total).toBe(105);
        expect(block.description?.data).toEqual({ kind: 'xor', n: 400, noise: 0.05 });
        expect(block.description?.file).toBe(file);
        // It travels as JSON over the LSP connection.
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    });

    it('reports the errors and gives no description for a broken model', async () => {
        const d = await doc(['model M {', '    input [2]', '    Dense(4, activation=nope)', '}', 'train M {', '    data = xor', '    loss = mse', '}'].join('\n'));
        const result = trainBlocks(Nn as NnServices, d);
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors[0].line).toBe(3);
        expect(result.blocks[0].description).toBeUndefined();
        expect(result.blocks[0].errors.map(e => e.line)).toContain(3);
    });
});

describe('nn/summary', () => {
    it('formats the Keras-style table of every model, or of one', async () => {
        const d = await doc(readFileSync(path.join(root, 'examples', 'xor.nn'), 'utf8'));
        const all = summary(Nn as NnServices, d);
        expect(all.models).toEqual(['Xor']);
        expect(all.text).toMatch(/^Model: "Xor"/);
        expect(all.text).toMatch(/Total params: 105/);
        expect(summary(Nn as NnServices, d, 'Other').text).toBe('');
    });

    it('refuses while the file has errors', async () => {
        const d = await doc('model M {\n    input [2]\n    Dense(0)\n}\n');
        const result = summary(Nn as NnServices, d);
        expect(result.text).toBe('');
        expect(result.errors.length).toBeGreaterThan(0);
    });
});

describe('nn/modelGraphs', () => {
    it('answers every model as a graph that passes the schema the client checks, as JSON', async () => {
        const d = await doc(readFileSync(path.join(root, 'examples', 'tiny-residual.nn'), 'utf8') + '\nmodel Broken {\n    input [2]\n    Dense(4, activation=nope)\n}\n');
        const result = modelGraphs(Nn as NnServices, d);
        expect(result.models.map(m => m.model)).toEqual(['TinyResidual', 'Broken']);
        expect(result.models[0].edges.some(e => e.skip)).toBe(true);
        expect(result.models[1].nodes[1].problems[0].code).toBe('unknown-activation');
        const json = JSON.parse(JSON.stringify(result));
        expect(v.parse(MODEL_GRAPHS.result, json)).toEqual(result);
        expect(v.safeParse(MODEL_GRAPHS.result, { ...json, models: [{ ...json.models[0], nodes: [{ id: '' }] }] }).success).toBe(false);
    });
});
