/** The graph view's layout (dagre) of the models the language server describes. */
import { createNnServices, documentProblems, modelGraph } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layoutGraph, nodeText } from '../src/graph/layout.js';
import { readGraphHostMessage, readGraphViewMessage } from '../src/graph/protocol.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { Nn } = createNnServices(EmptyFileSystem);

async function graphOf(example: string) {
    const document = await parseHelper(Nn)(readFileSync(path.join(root, 'examples', example), 'utf8'), { validation: true, documentUri: URI.file(`/w/${example}`).toString() });
    return modelGraph(Nn.nn.Analyzer.analyze(document).models[0], documentProblems(document));
}

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;

describe('graph layout', () => {
    it('stacks a chain top to bottom without overlaps, each edge running from its source to its target', async () => {
        const layout = layoutGraph(await graphOf('mnist-cnn.nn'));
        expect(layout.nodes.map(n => n.title)).toEqual(['Input', 'Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Dropout', 'Dense']);
        for (let i = 1; i < layout.nodes.length; i++) expect(layout.nodes[i].y).toBeGreaterThan(layout.nodes[i - 1].y);
        for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b) expect(overlap(a, b)).toBe(false);
        const byId = new Map(layout.nodes.map(n => [n.id, n]));
        for (const e of layout.edges) {
            expect(e.points.length).toBeGreaterThanOrEqual(2);
            expect(e.points[0].y).toBeGreaterThanOrEqual(byId.get(e.from)!.y);
            expect(e.points.at(-1)!.y).toBeLessThanOrEqual(byId.get(e.to)!.y);
        }
        for (const n of layout.nodes) {
            expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width);
            expect(n.y + n.height / 2).toBeLessThanOrEqual(layout.height);
        }
        expect(layout.nodes[1]).toMatchObject({ args: '32, kernel_size=[3, 3], activation=relu', facts: '→ [26, 26, 32] · 320 params · 389k FLOPs' });
    });

    it('draws the residual merge as a second edge into Add, beside the chain', async () => {
        const layout = layoutGraph(await graphOf('tiny-residual.nn'));
        const skip = layout.edges.filter(e => e.skip);
        expect(skip).toHaveLength(1);
        expect(skip[0]).toMatchObject({ from: 'layer-1', to: 'layer-3' });
        expect(layout.edges.filter(e => e.to === 'layer-3')).toHaveLength(2);
        expect(layout.nodes.find(n => n.id === 'layer-1')!.title).toBe('skip = Conv2D');
    });

    it('shortens long arguments and says when a shape is unknown', () => {
        const text = nodeText({ id: 'layer-0', kind: 'Dense', args: `8, ${'kernel_initializer=glorot_uniform, '.repeat(3)}`, line: 3, endLine: 3, problems: [] });
        expect(text.args?.length).toBe(44);
        expect(text.args?.endsWith('…')).toBe(true);
        expect(text.facts).toBe('→ ?');
    });
});

describe('graph view messages', () => {
    it('are read on arrival: good ones pass, malformed ones are refused with the reason', async () => {
        const graph = await graphOf('xor.nn');
        expect(readGraphHostMessage({ type: 'graph', uri: 'file:///w/xor.nn', fileName: 'xor.nn', version: 3, models: [graph] }).ok).toBe(true);
        expect(readGraphHostMessage({ type: 'cursor', uri: 'file:///w/xor.nn', line: 0 })).toMatchObject({ ok: false, type: 'cursor' });
        expect(readGraphViewMessage({ type: 'reveal', uri: 'file:///w/xor.nn', line: 4 }).ok).toBe(true);
        expect(readGraphViewMessage({ type: 'export', format: 'gif', model: 'Xor', data: '' })).toMatchObject({ ok: false, type: 'export' });
        expect(readGraphHostMessage({ type: 'graph', uri: 'u', fileName: 'f', models: [{ ...graph, nodes: 'none' }] }).ok).toBe(false);
    });
});
