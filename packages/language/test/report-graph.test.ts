/** The graph view's model: nodes and edges from the checker's analysis, problems on their nodes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelGraph } from '../src/report/graph.js';
import { documentProblems } from '../src/report/problems.js';
import { analysisOf, check } from './helpers.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');

async function graphOf(text: string, index = 0) {
    const { document } = await check(text);
    return modelGraph(analysisOf(document).models[index], documentProblems(document));
}

describe('model graph', () => {
    it('draws the residual example: a chain plus the skip connection of its merge, with shapes and parameters', async () => {
        const graph = await graphOf(readFileSync(path.join(examples, 'tiny-residual.nn'), 'utf8'));
        expect(graph.model).toBe('TinyResidual');
        expect(graph.nodes.map(n => `${n.kind}${n.label ? ` ${n.label}` : ''} ${n.output} ${n.params}`)).toEqual([
            'Input [28, 28, 1] 0',
            'Conv2D [28, 28, 16] 160',
            'Conv2D skip [28, 28, 16] 2320',
            'Conv2D [28, 28, 16] 2320',
            'Add [28, 28, 16] 0',
            'Activation [28, 28, 16] 0',
            'GlobalAveragePooling2D [16] 0',
            'Dense [10] 170'
        ]);
        expect(graph.edges.filter(e => e.skip)).toEqual([{ from: 'layer-1', to: 'layer-3', skip: true }]);
        // Every node but the input has its feeding edges; the chain is unbroken.
        expect(graph.edges.filter(e => !e.skip).map(e => `${e.from}>${e.to}`)).toEqual(['input>layer-0', 'layer-0>layer-1', 'layer-1>layer-2', 'layer-2>layer-3', 'layer-3>layer-4', 'layer-4>layer-5', 'layer-5>layer-6']);
        expect(graph.params).toBe(160 + 2320 * 2 + 170);
        // Forward MACs from the catalogue's cost rules: 28·28 positions × 3·3·channels × 16 per convolution, 16·10 for Dense.
        expect(graph.nodes.map(n => n.macs)).toEqual([0, 784 * 9 * 16, 784 * 144 * 16, 784 * 144 * 16, 0, 0, 0, 160]);
        expect(graph.macs).toBe(784 * 9 * 16 + 2 * 784 * 144 * 16 + 160);
        expect(graph.nodes[1]).toMatchObject({ args: '16, 3, padding=same, activation=relu', line: 4, endLine: 4 });
        expect(graph.nodes[0]).toMatchObject({ line: 3, args: '[28, 28, 1]' });
    });

    it('puts each problem on the node of its line, and leaves shapes after an error unknown', async () => {
        const graph = await graphOf(['model M {', '    input [4]', '    Dense(8, activation=nope)', '    Dense(', '        2', '    )', '}'].join('\n'));
        expect(graph.nodes.map(n => [n.kind, n.line, n.endLine, n.problems.map(p => p.code)])).toEqual([
            ['Input', 2, 2, []],
            ['Dense', 3, 3, ['unknown-activation']],
            ['Dense', 4, 6, []]
        ]);
        expect(graph.nodes[1].output).toBeUndefined();
        expect(graph.nodes[2].output).toBeUndefined();
        expect(graph.nodes[2].args).toBe('2');
        expect(graph.params).toBeUndefined();
    });

    it('keeps an unknown layer as a node, named as written', async () => {
        const graph = await graphOf(['model M {', '    input [4]', '    Dense(8)', '    Densee(2)', '}'].join('\n'));
        expect(graph.nodes.map(n => n.kind)).toEqual(['Input', 'Dense', 'Densee']);
        expect(graph.nodes[2].problems[0]).toMatchObject({ severity: 'error', code: 'unknown-layer' });
        expect(graph.edges).toHaveLength(2);
    });
});
