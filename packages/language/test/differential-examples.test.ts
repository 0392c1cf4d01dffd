/**
 * Every model of every example and of the spec's code blocks, built by tfjs from the
 * catalogue's own tfjs specs: our shapes and parameter counts must be tfjs's, layer by layer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithTfjs } from './gen/compare.js';
import { exampleFiles, specBlocks } from './gen/sources.js';
import { tf, useCpuBackend } from './gen/tfjs-reference.js';
import { analysisOf, check } from './helpers.js';

beforeAll(useCpuBackend);

async function modelsOf(text: string) {
    const { document, diagnostics } = await check(text);
    const errors = diagnostics.filter(d => d.severity === 1).map(d => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
    return { errors, models: analysisOf(document).models };
}

describe('differential: examples against tfjs', () => {
    it.each(exampleFiles())('$name: every layer agrees with tfjs', async ({ text }) => {
        const { errors, models } = await modelsOf(text);
        expect(errors).toEqual([]);
        expect(models.length).toBeGreaterThan(0);
        for (const model of models) {
            const { problems, reference } = compareWithTfjs(model);
            expect(problems).toEqual([]);
            expect(reference!.total).toBe(model.params!.total);
        }
    });
});

describe('differential: spec code blocks against tfjs', () => {
    const blocks = specBlocks();

    it('the spec has nn code blocks', () => {
        expect(blocks.length).toBeGreaterThanOrEqual(2);
    });

    it.each(blocks)('block at spec line $line: every model agrees with tfjs', async ({ text }) => {
        const { errors, models } = await modelsOf(text);
        expect(errors).toEqual([]);
        for (const model of models) {
            expect(compareWithTfjs(model).problems).toEqual([]);
        }
    });

    it('reproduces the spec figures through tfjs: MnistMlp 669,706, MnistCnn 1,199,882, 784-16-16-10 13,002', async () => {
        const all = [];
        for (const block of blocks) all.push(...(await modelsOf(block.text)).models);
        const smallMlp = await modelsOf('model Small { input [784]\n Dense(16, activation=relu)\n Dense(16, activation=relu)\n Dense(10, activation=softmax) }');
        all.push(...smallMlp.models);
        const figures: Record<string, number> = { MnistMlp: 669_706, MnistCnn: 1_199_882, Small: 13_002 };
        for (const [name, expected] of Object.entries(figures)) {
            const model = all.find(m => m.name === name);
            expect(model, `${name} is in the spec`).toBeDefined();
            expect(model!.params?.total, name).toBe(expected);
            expect(compareWithTfjs(model!).reference?.total, `${name} in tfjs`).toBe(expected);
        }
    });

    it('leaks no tensors', async () => {
        const before = tf.memory().numTensors;
        const { models } = await modelsOf(blocks.map(b => b.text).join('\n'));
        for (const model of models) compareWithTfjs(model);
        expect(tf.memory().numTensors).toBe(before);
    });
});
