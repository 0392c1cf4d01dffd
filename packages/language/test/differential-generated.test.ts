/**
 * Property: for randomly generated VALID models over every layer kind, the checker reports no
 * error, and its shapes and parameter counts equal tfjs's — once through the catalogue's own
 * tfjs specs (what the trainer builds), once through an independent text → tfjs mapping.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../src/catalogue/layers.js';
import { compareWithTfjs } from './gen/compare.js';
import { assertProperty, FUZZ_SEED } from './gen/fuzz.js';
import { GENERATED_KINDS, generateValidModel, randomStyle, renderModel } from './gen/models.js';
import { fcPicker } from './gen/picker.js';
import { tfjsVerdictsForText } from './gen/text-to-tfjs.js';
import { tf, useCpuBackend } from './gen/tfjs-reference.js';
import { analysisOf, check, forget } from './helpers.js';

const RUNS = Number(process.env.NN_FUZZ_RUNS ?? 500);

beforeAll(useCpuBackend);

const seenKinds = new Map<string, number>();
let generated = 0;

afterAll(() => {
    console.log(`differential-generated: ${generated} valid models (seed ${FUZZ_SEED}); kinds: ${[...seenKinds].map(([k, n]) => `${k}×${n}`).join(' ')}`);
});

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe('differential: generated valid models', () => {
    it('the generator can write every layer kind of the catalogue', () => {
        expect(LAYERS.map(l => l.name).filter(k => !GENERATED_KINDS.includes(k))).toEqual([]);
    });

    it(`${RUNS} generated models: no errors, and shapes and params equal tfjs's (both mappings)`, async () => {
        const focus = fc.constantFrom(...LAYERS.map(l => l.name));
        const property = fc.asyncProperty(focus, fc.gen(), async (kind, g) => {
            const p = fcPicker(g);
            const text = renderModel(generateValidModel(p, kind), randomStyle(p));
            const { document, diagnostics } = await check(text);
            try {
                const problems: string[] = diagnostics
                    .filter(d => d.severity === 1)
                    .map(d => `we report ${d.code} at line ${d.range.start.line + 1}: ${d.message}`);
                const [model] = analysisOf(document).models;
                if (problems.length === 0) {
                    for (const layer of model.layers) if (layer.kind) seenKinds.set(layer.kind.name, (seenKinds.get(layer.kind.name) ?? 0) + 1);
                    const tensorsBefore = tf.memory().numTensors;
                    const ours = compareWithTfjs(model);
                    problems.push(...ours.problems.map(p => `catalogue specs: ${p}`));
                    const [{ verdict }] = tfjsVerdictsForText(text);
                    if (!verdict.ok) {
                        problems.push(`independent mapping: tfjs refused at ${verdict.stage}: ${verdict.reason}`);
                    } else if (ours.reference) {
                        model.layers.forEach((layer, i) => {
                            const theirs = verdict.model.layers[i];
                            const where = `line ${layer.node.$cstNode!.range.start.line + 1} ${layer.kind!.name}`;
                            if (!deepEqual(layer.output, theirs.outputShape)) problems.push(`independent mapping: ${where} output ours ${JSON.stringify(layer.output)}, tfjs ${JSON.stringify(theirs.outputShape)}`);
                            if (!deepEqual(ours.reference!.layers[i].params, theirs.params)) problems.push(`independent mapping: ${where} params catalogue ${JSON.stringify(ours.reference!.layers[i].params)}, text ${JSON.stringify(theirs.params)}`);
                            if (!deepEqual(ours.reference!.layers[i].configs, theirs.configs)) {
                                problems.push(`independent mapping: ${where} tfjs configs differ:\n  catalogue ${JSON.stringify(ours.reference!.layers[i].configs)}\n  text      ${JSON.stringify(theirs.configs)}`);
                            }
                        });
                    }
                    // tfjs itself leaks inside recurrent layers (LSTM's forget-bias initializer, RNN dropout
                    // masks at predict); everything else must be released by the builders.
                    const leaked = tf.memory().numTensors - tensorsBefore;
                    const recurrent = model.layers.some(l => ['SimpleRNN', 'LSTM', 'GRU'].includes(l.kind!.name));
                    if (leaked !== 0 && !recurrent) problems.push(`building and predicting leaked ${leaked} tensors`);
                }
                if (problems.length > 0) throw new Error(`${problems.join('\n')}\n--- model ---\n${text}`);
                generated++;
            } finally {
                await forget(document);
            }
        });
        await assertProperty(property, RUNS);
        for (const kind of LAYERS.map(l => l.name)) expect(seenKinds.get(kind) ?? 0, `${kind} appears in a generated model`).toBeGreaterThan(0);
    }, 60_000 + RUNS * 200);
});
