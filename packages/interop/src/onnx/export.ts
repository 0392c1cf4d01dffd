/**
 * A trained model → model.onnx (opset 17, IR version 8): input `input` [batch, …sample], output
 * `output` [batch, …], the same tensors and values tfjs computes (channels-last at both ends).
 */
import type { ModelDescription } from '@nn-lang/language';
import type { Layout } from '../pytorch/table.js';
import { statementName } from '../shared/keras-math.js';
import { kerasWeightGetter } from '../trained.js';
import type { Tensor } from '../weights/tensor.js';
import { GraphBuilder } from './graph.js';
import { DataType, encodeModel, type OnnxValueInfo } from './proto.js';
import { ONNX_LAYERS } from './table.js';

export const OPSET = 17;
export const IR_VERSION = 8;

interface Value {
    name: string;
    layout: Layout;
    rank: number;
    mask?: string;
}

function transposeTo(g: GraphBuilder, v: Value, to: Layout): string {
    if (v.layout === to || v.rank < 2) return v.name;
    const middle = Array.from({ length: v.rank - 1 }, (_, i) => i + 1);
    const perm = to === 'first' ? [0, v.rank, ...middle] : [0, ...middle.map(a => a + 1), 1];
    return g.op('Transpose', [v.name], { perm });
}

function valueInfo(name: string, shape: number[], doc: string): OnnxValueInfo {
    return {
        name,
        type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, ...shape.map(d => ({ dimValue: d }))] } } },
        docString: doc
    };
}

export interface OnnxExportOptions {
    producerVersion?: string;
    /** Recorded in the model's metadata (source file, run folder, ...). */
    metadata?: Record<string, string>;
}

export function exportOnnx(model: ModelDescription, weights: Map<string, Tensor>[], options: OnnxExportOptions = {}): Uint8Array {
    const g = new GraphBuilder();
    g.reserve('input');
    g.reserve('output');
    let chain: Value = { name: 'input', layout: 'last', rank: model.input.length };
    const kept = new Map<number, Value>();
    model.layers.forEach((layer, i) => {
        const entry = ONNX_LAYERS[layer.type];
        if (!entry) throw new Error(`layer kind ${layer.type} (line ${layer.line}) has no ONNX mapping`);
        g.scope = statementName(layer);
        let wanted = entry.wants(layer, chain.layout);
        if (layer.inputShapes[0].length < 2) wanted = 'last';
        const inputs = layer.inputs.map((source, k) => {
            const v = k === 0 ? chain : kept.get(source);
            if (!v) throw new Error(`statement ${i} reads statement ${source}, which is not kept`);
            return transposeTo(g, v, wanted);
        });
        const where = `${layer.type} '${statementName(layer)}' (line ${layer.line})`;
        const created = entry.createsMask?.(layer, g, inputs[0]);
        const output = entry.build({ layer, g, inputs, layout: wanted, mask: chain.mask, keras: kerasWeightGetter(weights[i], where) });
        const rank = layer.outputShape.length;
        const mask = created ?? (chain.mask && entry.carriesMask?.(layer) ? chain.mask : undefined);
        chain = { name: output, layout: rank >= 2 ? wanted : 'last', rank, mask };
        kept.set(layer.index, chain);
    });
    g.scope = 'output';
    const final = transposeTo(g, chain, 'last');
    g.op('Identity', [final], {}, 'output');
    return encodeModel({
        irVersion: IR_VERSION,
        producerName: 'nn-lang',
        producerVersion: options.producerVersion ?? '',
        docString: `${model.name}: ${model.params.total} parameters, input [${model.input.join(', ')}] → output [${model.output.join(', ')}] (channels-last, as Keras and tfjs)`,
        opsetImport: [{ domain: '', version: OPSET }],
        metadataProps: Object.entries({ model: model.name, ...options.metadata }).map(([key, value]) => ({ key, value })),
        graph: {
            name: model.name,
            node: g.nodes,
            initializer: g.initializers,
            input: [valueInfo('input', model.input, 'one sample per row, without the batch axis as the .nn file says')],
            output: [valueInfo('output', model.output, `the output of ${model.name}`)]
        }
    });
}
