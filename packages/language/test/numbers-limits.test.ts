/**
 * Numbers past what the checker can count exactly (issue 9, item 8): a count above 2^53 is
 * refused, never printed with made-up digits, and one sample above int32 is an error wherever it
 * appears (the input, or a layer's output such as Flatten), not just a memory warning.
 */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../src/catalogue/format.js';
import { formatSummary } from '../src/report/summary.js';
import { analysisOf, check, forget } from './helpers.js';

async function diagnosticsOf(text: string) {
    const { document, diagnostics } = await check(text);
    const analysis = analysisOf(document);
    await forget(document);
    return { analysis, found: diagnostics.map(d => ({ code: d.code, line: d.range.start.line + 1, message: d.message })) };
}

describe('counts past 2^53', () => {
    it('formatCount is exact up to 2^53 − 1 and says "about" beyond', () => {
        expect(formatCount(Number.MAX_SAFE_INTEGER)).toBe('9,007,199,254,740,991');
        expect(formatCount(2147483647 * 2147483647 + 2147483647)).toBe('about 4.61 × 10^18');
        expect(formatCount(-(2 ** 60))).toBe('about -1.15 × 10^18');
    });

    it('Dense(2147483647) on [2147483647] is refused: no parameter count is printed', async () => {
        const { analysis, found } = await diagnosticsOf('model M {\n    input [2147483647]\n    Dense(2147483647)\n}\n');
        expect(found).toEqual([{ code: 'bad-argument', line: 3, message: 'Dense would have more than 9,007,199,254,740,991 (2^53 − 1) parameters: too many to count exactly, let alone train.' }]);
        expect(analysis.models[0].layers[0].params).toBeUndefined();
        expect(analysis.models[0].params).toBeUndefined();
    });

    it('layers that fit one by one but not together are refused at the model', async () => {
        // 2^21 × (2^31 − 1) + (2^31 − 1) and (2^31 − 1) × 2^21 + 2^21: each below 2^53, together above.
        const { analysis, found } = await diagnosticsOf('model Wide {\n    input [2097152]\n    Dense(2147483647, activation=relu)\n    Dense(2097152)\n}\n');
        expect(found.map(f => f.code)).toEqual(['bad-argument']);
        expect(found[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^Wide would have more than 9,007,199,254,740,991/) });
        expect(analysis.models[0].layers.every(l => l.params)).toBe(true);
        expect(analysis.models[0].params).toBeUndefined();
    });

    it('below 2^53 everything is exact: the summary prints the true count', async () => {
        const { document } = await check('model M {\n    input [100000]\n    Dense(100000)\n}\n');
        const text = formatSummary(analysisOf(document).models[0]);
        await forget(document);
        expect(text).toContain('10,000,100,000');
    });
});

describe('one sample above int32', () => {
    it('an input whose axes fit but whose sample does not is an error', async () => {
        const { found } = await diagnosticsOf('model M {\n    input [2147483647, 2147483647, 4]\n    Flatten()\n}\n');
        expect(found).toEqual([{ code: 'bad-argument', line: 2, message: 'One sample of [2147483647, 2147483647, 4] has about 1.84 × 10^19 values, more than TensorFlow.js can hold in one tensor (at most 2,147,483,647).' }]);
    });

    it('a layer whose output is too big is an error at the layer, not a memory warning', async () => {
        const { found } = await diagnosticsOf('model M {\n    input [65536]\n    Reshape([65536, 1])\n    Dense(65536)\n    Flatten()\n}\n');
        expect(found).toEqual([{ code: 'shape-mismatch', line: 4, message: 'Dense would output 4,294,967,296 values per sample, more than TensorFlow.js can hold in one tensor (at most 2,147,483,647).' }]);
    });
});
