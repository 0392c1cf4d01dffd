/**
 * tfjs 4.22 bugs that the generated-model properties steer around. Each test shows that the
 * checker's shapes are right (tfjs's own static shapes agree) and that tfjs still fails at run
 * time. When a tfjs upgrade fixes one, its test fails: then drop the matching restriction in
 * gen/models.ts (see the comments there) and this test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../src/analysis/describe.js';
import { buildReference, GraphError, useCpuBackend } from './gen/tfjs-reference.js';
import { analysisOf, check } from './helpers.js';

beforeAll(useCpuBackend);

/** Our description of the only model in `text`, which must check without errors. */
async function described(text: string) {
    const { document, diagnostics } = await check(text);
    expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
    const description = describeModel(analysisOf(document).models[0]);
    expect(description).toBeDefined();
    return description!;
}

function predictFailure(description: Awaited<ReturnType<typeof described>>): GraphError {
    try {
        buildReference(description);
    } catch (error) {
        if (error instanceof GraphError) return error;
        throw error;
    }
    throw new Error('tfjs built and ran the model: this tfjs bug seems fixed');
}

describe('tfjs 4.22 known issues (the checker is right; tfjs fails at run time)', () => {
    it('a tensor fed twice to one merge and read again later is disposed too early', async () => {
        // tfjs-layers executor.js counts a layer once per consumer (a Set of recipients) but
        // decrements once per input slot, so `Add(x)` right after `x = …` frees x before the last Add.
        const description = await described('model M {\n    input [3]\n    x = Dense(3)\n    Add(x)\n    Dense(3)\n    Add(x)\n}\n');
        expect(description.layers[1].inputs).toEqual([0, 0]);
        expect(description.output).toEqual([3]);
        const failure = predictFailure(description);
        expect(failure.stage).toBe('predict');
        expect(failure.message).toMatch(/backend/);
    });

    it('a merge of 3+ inputs whose first has lost an Embedding mask fails in Merge.computeMask', async () => {
        // merge.js computeMask calls logicalAnd(mask[0], mask[i]) without checking for null (and skips
        // the last mask); LeakyReLU does not pass masks on, Activation does.
        const description = await described('model M {\n    input [4]\n    e = Embedding(10, 3, mask_zero=true)\n    f = Activation(linear)\n    LeakyReLU()\n    Add(e, f)\n}\n');
        expect(description.output).toEqual([4, 3]);
        const failure = predictFailure(description);
        expect(failure.stage).toBe('predict');
        expect(failure.message).toMatch(/logicalAnd|null/);
    });

    it('Reshape passes an Embedding mask on unchanged, so an RNN over a different number of steps fails', async () => {
        const description = await described('model M {\n    input [3]\n    Embedding(5, 2, mask_zero=true)\n    Reshape([6, 1])\n    GRU(2)\n}\n');
        expect(description.output).toEqual([2]);
        const failure = predictFailure(description);
        expect(failure.stage).toBe('predict');
    });
});
