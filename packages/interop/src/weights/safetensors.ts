/**
 * The safetensors format: 8 bytes of header length (little-endian), a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian tensors.
 */
import type { AnyTensor, Tensor } from './tensor.js';

export function writeSafetensors(tensors: Record<string, AnyTensor>, metadata: Record<string, string> = {}): Uint8Array {
    const header: Record<string, unknown> = {};
    if (Object.keys(metadata).length) header.__metadata__ = metadata;
    let offset = 0;
    const parts: Uint8Array[] = [];
    for (const [name, t] of Object.entries(tensors)) {
        const bytes = 'int64' in t ? toLittleEndian64(t.int64) : toLittleEndian32(t.data);
        header[name] = { dtype: 'int64' in t ? 'I64' : 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
        parts.push(bytes);
        offset += bytes.byteLength;
    }
    let json = JSON.stringify(header);
    // Padding to 8 bytes keeps the tensors aligned for readers that map the file.
    json += ' '.repeat((8 - ((json.length + 8) % 8)) % 8);
    const head = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + head.byteLength + offset);
    new DataView(out.buffer).setBigUint64(0, BigInt(head.byteLength), true);
    out.set(head, 8);
    let at = 8 + head.byteLength;
    for (const p of parts) {
        out.set(p, at);
        at += p.byteLength;
    }
    return out;
}

function toLittleEndian32(data: Float32Array): Uint8Array {
    const out = new Uint8Array(data.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
    return out;
}

function toLittleEndian64(data: BigInt64Array): Uint8Array {
    const out = new Uint8Array(data.length * 8);
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, data[i], true);
    return out;
}

/** Reads a safetensors file's F32 tensors (for tests and round trips). */
export function readSafetensors(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = Number(view.getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const base = 8 + length;
    const tensors: Record<string, Tensor> = {};
    let metadata: Record<string, string> = {};
    for (const [name, info] of Object.entries(header)) {
        if (name === '__metadata__') {
            metadata = info as unknown as Record<string, string>;
            continue;
        }
        if (info.dtype !== 'F32') continue;
        const [start, end] = info.data_offsets;
        const data = new Float32Array((end - start) / 4);
        for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(base + start + 4 * i, true);
        tensors[name] = { shape: info.shape, data };
    }
    return { tensors, metadata };
}
