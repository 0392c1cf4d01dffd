/** The runs view's grouping: by the model metrics.json names, or by a malformed folder's name. */
import type { RunEntry } from '@nn-lang/training/runs';
import { describe, expect, it } from 'vitest';
import { groupRuns, modelOfRun } from '../src/runs/tree.js';

const good = (name: string, model: string) => ({ ok: true, dir: `/w/.nn-runs/${name}`, name, hasModel: true, metrics: { model } }) as unknown as RunEntry;
const bad = (name: string) => ({ ok: false, dir: `/w/.nn-runs/${name}`, name, problem: 'no metrics.json' }) as RunEntry;

describe('runs view', () => {
    it('groups runs by model, keeping their order, and places malformed folders by their name', () => {
        const runs = [good('Xor-20250202-000000', 'Xor'), bad('Mlp-20250201-000000'), good('renamed-folder', 'Mlp'), good('Xor-20250101-000000', 'Xor'), bad('odd')];
        expect(modelOfRun(runs[1])).toBe('Mlp');
        expect(groupRuns(runs).map(g => (g.kind === 'model' ? `${g.model}: ${g.runs.map(r => r.name).join(', ')}` : ''))).toEqual([
            'Mlp: Mlp-20250201-000000, renamed-folder',
            'odd: odd',
            'Xor: Xor-20250202-000000, Xor-20250101-000000'
        ]);
    });
});
