/** A small builder for ONNX graphs: nodes with fresh value names, constants as initializers. */
import type { Tensor } from '../weights/tensor.js';
import { AttributeType, DataType, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './proto.js';

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

function attribute(name: string, value: AttrValue): OnnxAttribute {
    if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
    if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
    if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
    if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
    return { name, type: AttributeType.FLOATS, floats: value.floats };
}

function littleEndianFloats(data: Float32Array): Uint8Array {
    const out = new Uint8Array(data.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
    return out;
}

function littleEndianInt64(values: readonly number[]): Uint8Array {
    const out = new Uint8Array(values.length * 8);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
    return out;
}

export class GraphBuilder {
    readonly nodes: OnnxNode[] = [];
    readonly initializers: OnnxTensor[] = [];
    private readonly used = new Set<string>();
    /** The statement whose nodes are being built, to name them after it. */
    scope = 'graph';

    fresh(hint: string): string {
        const base = `${this.scope}/${hint}`;
        let name = base;
        for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
        this.used.add(name);
        return name;
    }

    reserve(name: string): string {
        this.used.add(name);
        return name;
    }

    /** Adds a node; returns its (first) output. */
    op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputName?: string): string {
        const output = outputName ?? this.fresh(opType.toLowerCase());
        this.nodes.push({
            input: inputs,
            output: [output],
            name: this.fresh(`${opType}_node`),
            opType,
            attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v))
        });
        return output;
    }

    /** A float32 constant (weights, scales). */
    constant(hint: string, tensor: Tensor): string {
        const name = this.fresh(hint);
        this.initializers.push({ name, dims: tensor.shape.slice(), dataType: DataType.FLOAT, rawData: littleEndianFloats(tensor.data) });
        return name;
    }

    scalar(hint: string, value: number): string {
        return this.constant(hint, { shape: [], data: Float32Array.of(value) });
    }

    /** An int64 vector constant (shapes, axes, slice bounds). */
    int64(hint: string, values: readonly number[]): string {
        const name = this.fresh(hint);
        this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: littleEndianInt64(values) });
        return name;
    }

    /** An int64 scalar (Gather indices that drop the axis). */
    int64Scalar(hint: string, value: number): string {
        const name = this.fresh(hint);
        this.initializers.push({ name, dims: [], dataType: DataType.INT64, rawData: littleEndianInt64([value]) });
        return name;
    }
}
