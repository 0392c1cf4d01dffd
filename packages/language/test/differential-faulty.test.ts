/**
 * Property: on randomly broken models, the checker reports a shape error IF AND ONLY IF tfjs
 * refuses the same text — refuses to build it, builds a layer with a dimension ≤ 0, or fails to
 * run `predict` on a batch of two zero samples. tfjs gets the text through text-to-tfjs.ts, an
 * independent mapping (the catalogue's own tfjs specs exist only for models without errors).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../src/catalogue/layers.js';
import { generateMutatedModel } from './gen/faults.js';
import { assertProperty, FUZZ_SEED } from './gen/fuzz.js';
import { randomStyle, renderModel } from './gen/models.js';
import { fcPicker } from './gen/picker.js';
import { tfjsVerdictsForText } from './gen/text-to-tfjs.js';
import { useCpuBackend } from './gen/tfjs-reference.js';
import { check, forget } from './helpers.js';

const RUNS = Number(process.env.NN_FUZZ_FAULTY_RUNS ?? 400);

/**
 * The codes that mean "this model cannot be built". bad-argument belongs here only for the
 * shape-dependent checks of the catalogue (an axis outside the input, strides with dilation,
 * a cell activation tfjs lacks, an orthogonal bias): the generator writes type-correct values,
 * and the property asserts that no other error code appears.
 */
const REFUSAL_CODES = new Set(['shape-mismatch', 'non-positive-dimension', 'bad-argument']);

beforeAll(useCpuBackend);

/**
 * Where we refuse on purpose what tfjs happens to run: LayerNormalization over the batch axis
 * (axis = -rank-1) with center=false and scale=false needs no weights, so tfjs computes it; we
 * refuse every batch axis, since per-sample normalisation across the batch is never what is meant.
 */
function intendedDivergence(errors: { code?: unknown; message: string | { value: string } }[]): string | undefined {
    const batchAxis = errors.every(e => e.code === 'bad-argument' && /^LayerNormalization: axis=-\d+ is outside/.test(String(e.message)));
    return batchAxis ? 'LayerNormalization over the batch axis' : undefined;
}

const tally = { bothRefuse: 0, bothAccept: 0, intended: 0, byStage: {} as Record<string, number>, byCode: {} as Record<string, number> };

afterAll(() => {
    console.log(`differential-faulty (seed ${FUZZ_SEED}): ${tally.bothRefuse} refused by both, ${tally.bothAccept} accepted by both, ${tally.intended} intended divergences; tfjs refusals by stage ${JSON.stringify(tally.byStage)}; our codes ${JSON.stringify(tally.byCode)}`);
});

describe('differential: generated faulty models', () => {
    it(`${RUNS} mutated models: we report a shape error iff tfjs refuses the model`, async () => {
        const focus = fc.constantFrom(...LAYERS.map(l => l.name));
        const property = fc.asyncProperty(focus, fc.gen(), async (kind, g) => {
            const p = fcPicker(g);
            const { model, applied } = generateMutatedModel(p, kind);
            const text = renderModel(model, randomStyle(p));
            const { document, diagnostics } = await check(text);
            try {
                const errors = diagnostics.filter(d => d.severity === 1);
                const unexpected = errors.filter(d => !REFUSAL_CODES.has(String(d.code)));
                const weRefuse = errors.length > 0;
                const [{ verdict }] = tfjsVerdictsForText(text);
                const ours = errors.map(d => `  ${d.code} at line ${d.range.start.line + 1}: ${d.message}`).join('\n') || '  (no errors)';
                const theirs = verdict.ok ? 'tfjs builds it and predicts' : `tfjs refuses at ${verdict.stage}: ${verdict.reason}`;
                const context = `mutations: ${applied.join('; ')}\nwe say:\n${ours}\n${theirs}\n--- model ---\n${text}`;
                if (unexpected.length > 0) throw new Error(`the generator wrote a model with non-shape errors\n${context}`);
                if (weRefuse && verdict.ok && intendedDivergence(errors)) {
                    tally.intended++;
                    return;
                }
                if (weRefuse === verdict.ok) {
                    throw new Error(`${weRefuse ? 'we refuse a model tfjs accepts' : 'we accept a model tfjs refuses'}\n${context}`);
                }
                if (weRefuse) {
                    tally.bothRefuse++;
                    if (!verdict.ok) tally.byStage[verdict.stage] = (tally.byStage[verdict.stage] ?? 0) + 1;
                    for (const e of errors) tally.byCode[String(e.code)] = (tally.byCode[String(e.code)] ?? 0) + 1;
                } else {
                    tally.bothAccept++;
                }
            } finally {
                await forget(document);
            }
        });
        await assertProperty(property, RUNS);
        // Not vacuous: most mutations break the model, and some leave it valid.
        expect(tally.bothRefuse).toBeGreaterThan(RUNS * 0.4);
        expect(tally.bothAccept).toBeGreaterThan(RUNS * 0.05);
    }, 60_000 + RUNS * 200);
});
