/**
 * The few ONNX protobuf messages an exported model needs, described here (field numbers as in
 * ONNX's onnx.proto, Apache-2.0) and encoded with protobufjs. Only what we write is declared.
 */
import protobuf from 'protobufjs';

/** TensorProto.DataType values we use. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;

/** AttributeProto.AttributeType values we use. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

const descriptor = {
    nested: {
        onnx: {
            nested: {
                ModelProto: {
                    fields: {
                        irVersion: { type: 'int64', id: 1 },
                        producerName: { type: 'string', id: 2 },
                        producerVersion: { type: 'string', id: 3 },
                        domain: { type: 'string', id: 4 },
                        modelVersion: { type: 'int64', id: 5 },
                        docString: { type: 'string', id: 6 },
                        graph: { type: 'GraphProto', id: 7 },
                        opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
                        metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 }
                    }
                },
                OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
                StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
                GraphProto: {
                    fields: {
                        node: { rule: 'repeated', type: 'NodeProto', id: 1 },
                        name: { type: 'string', id: 2 },
                        initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
                        docString: { type: 'string', id: 10 },
                        input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
                        output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 }
                    }
                },
                NodeProto: {
                    fields: {
                        input: { rule: 'repeated', type: 'string', id: 1 },
                        output: { rule: 'repeated', type: 'string', id: 2 },
                        name: { type: 'string', id: 3 },
                        opType: { type: 'string', id: 4 },
                        attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
                        docString: { type: 'string', id: 6 },
                        domain: { type: 'string', id: 7 }
                    }
                },
                AttributeProto: {
                    fields: {
                        name: { type: 'string', id: 1 },
                        f: { type: 'float', id: 2 },
                        i: { type: 'int64', id: 3 },
                        s: { type: 'bytes', id: 4 },
                        t: { type: 'TensorProto', id: 5 },
                        floats: { rule: 'repeated', type: 'float', id: 7 },
                        ints: { rule: 'repeated', type: 'int64', id: 8 },
                        type: { type: 'int32', id: 20 }
                    }
                },
                TensorProto: {
                    fields: {
                        dims: { rule: 'repeated', type: 'int64', id: 1 },
                        dataType: { type: 'int32', id: 2 },
                        name: { type: 'string', id: 8 },
                        rawData: { type: 'bytes', id: 9 },
                        docString: { type: 'string', id: 12 }
                    }
                },
                ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 }, docString: { type: 'string', id: 3 } } },
                TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
                TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
                TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
                Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } }
            }
        }
    }
};

let root: protobuf.Root | undefined;

function types() {
    root ??= protobuf.Root.fromJSON(descriptor);
    return { model: root.lookupType('onnx.ModelProto') };
}

export interface OnnxTensor {
    name: string;
    dims: number[];
    dataType: number;
    rawData: Uint8Array;
}

export interface OnnxAttribute {
    name: string;
    type: number;
    f?: number;
    i?: number;
    s?: Uint8Array;
    floats?: number[];
    ints?: number[];
    t?: OnnxTensor;
}

export interface OnnxNode {
    input: string[];
    output: string[];
    name: string;
    opType: string;
    attribute: OnnxAttribute[];
    docString?: string;
}

export interface OnnxValueInfo {
    name: string;
    type: { tensorType: { elemType: number; shape: { dim: ({ dimValue: number } | { dimParam: string })[] } } };
    docString?: string;
}

export interface OnnxModel {
    irVersion: number;
    producerName: string;
    producerVersion: string;
    docString?: string;
    opsetImport: { domain: string; version: number }[];
    metadataProps: { key: string; value: string }[];
    graph: { node: OnnxNode[]; name: string; initializer: OnnxTensor[]; input: OnnxValueInfo[]; output: OnnxValueInfo[]; docString?: string };
}

export function encodeModel(model: OnnxModel): Uint8Array {
    const { model: type } = types();
    const message = type.fromObject(model);
    const problem = type.verify(message);
    if (problem) throw new Error(`ONNX model does not encode: ${problem}`);
    return type.encode(message).finish();
}

export function decodeModel(bytes: Uint8Array): OnnxModel {
    const { model: type } = types();
    return type.toObject(type.decode(bytes), { longs: Number, bytes: Array as never, defaults: false }) as OnnxModel;
}
