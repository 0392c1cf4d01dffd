import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisOf, check } from './helpers.js';

const dir = join(__dirname, '../../../examples');
const files = readdirSync(dir).filter(f => f.endsWith('.nn'));

describe('examples', () => {
    it.each(files)('%s is clean', async file => {
        const { document, diagnostics } = await check(readFileSync(join(dir, file), 'utf8'));
        expect(diagnostics.map(d => `${d.range.start.line + 1}: ${d.code} ${d.message}`)).toEqual([]);
        for (const model of analysisOf(document).models) {
            expect(model.params, model.name).toBeDefined();
        }
    });

    it('reproduces the spec figures', async () => {
        const figures: Record<string, number> = { MnistMlp: 669_706, MnistCnn: 1_199_882, SmallMlp: 13_002 };
        for (const file of files) {
            const { document } = await check(readFileSync(join(dir, file), 'utf8'));
            for (const model of analysisOf(document).models) {
                if (model.name in figures) expect(model.params?.total, model.name).toBe(figures[model.name]);
            }
        }
    });
});
