import { DataError } from './errors.js';
import { DATASET_FACTS } from '@nn-lang/language/catalogue';
import type { Dataset, Split } from './types.js';

/** IDX type code of unsigned bytes (the only one MNIST-style files use). */
const UBYTE = 0x08;

export interface IdxHeader {
    dims: number[];
    /** Byte offset of the first value. */
    offset: number;
}

/**
 * Validates an IDX file of unsigned bytes: magic `00 00 08 <rank>`, big-endian dimensions, and a
 * length of exactly header + prod(dims) bytes (shorter is truncated, longer is corrupt).
 */
export function readIdxHeader(bytes: Uint8Array, file: string, rank: number): IdxHeader {
    const corrupt = (detail: string): DataError => new DataError('corrupt-file', detail, { file });
    if (bytes.length < 4) throw corrupt(`truncated: ${bytes.length} bytes, not even an IDX header`);
    if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || bytes[3] !== rank) {
        const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
        throw corrupt(`not an IDX file of rank-${rank} unsigned bytes: magic is ${magic}, expected 00 00 08 0${rank} (gzipped, or a different file?)`);
    }
    const offset = 4 + 4 * rank;
    if (bytes.length < offset) throw corrupt(`truncated: ${bytes.length} bytes, the header alone needs ${offset}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
    const expected = offset + dims.reduce((a, b) => a * b, 1);
    if (bytes.length < expected) {
        throw corrupt(`truncated: ${bytes.length} bytes, but its header (${dims.join('×')}) needs ${expected}`);
    }
    if (bytes.length > expected) {
        throw corrupt(`${bytes.length - expected} unexpected bytes after the ${dims.join('×')} values announced by its header`);
    }
    return { dims, offset };
}

export interface IdxPair {
    images: Uint8Array;
    labels: Uint8Array;
    imagesFile: string;
    labelsFile: string;
}

/**
 * One MNIST-style split: images (rank 3, 28×28) scaled to [0, 1] in a single pass, labels as
 * class indices.
 */
export function splitFromIdx(pair: IdxPair, expectedCount: number, numClasses: number): Split {
    const img = readIdxHeader(pair.images, pair.imagesFile, 3);
    const lab = readIdxHeader(pair.labels, pair.labelsFile, 1);
    const [count, rows, cols] = img.dims;
    if (rows !== 28 || cols !== 28) {
        throw new DataError('corrupt-file', `images are ${rows}×${cols}, expected 28×28`, { file: pair.imagesFile });
    }
    if (count !== expectedCount) {
        throw new DataError('corrupt-file', `holds ${count} images, expected ${expectedCount}`, { file: pair.imagesFile });
    }
    if (lab.dims[0] !== count) {
        throw new DataError('corrupt-file', `holds ${lab.dims[0]} labels for ${count} images in ${pair.imagesFile}`, { file: pair.labelsFile });
    }
    const size = count * rows * cols;
    const x = new Float32Array(size);
    const src = pair.images;
    const o = img.offset;
    for (let i = 0; i < size; i++) x[i] = src[o + i] / 255;
    const y = new Float32Array(count);
    for (let i = 0; i < count; i++) {
        const k = pair.labels[lab.offset + i];
        if (k >= numClasses) {
            throw new DataError('corrupt-file', `label ${i} is ${k}, not a class 0..${numClasses - 1}`, { file: pair.labelsFile });
        }
        y[i] = k;
    }
    return { x, y, count };
}

/** The four files of an IDX image set, already decompressed, with the names errors should cite. */
export interface IdxFiles {
    trainImages: Uint8Array;
    trainLabels: Uint8Array;
    testImages: Uint8Array;
    testLabels: Uint8Array;
    /** File name for each part, as the user would find it. */
    names: { trainImages: string; trainLabels: string; testImages: string; testLabels: string };
}

/**
 * MNIST and Fashion-MNIST as a Dataset (official 60,000 / 10,000 split, 28×28×1, pixels in [0, 1]).
 * Shared by the Node loader and the webview, which only differ in how they get the bytes.
 */
export function imageSetFromIdx(name: 'mnist' | 'fashion_mnist', files: IdxFiles, source: string): Dataset {
    const { names } = files;
    const facts = DATASET_FACTS[name];
    return {
        name,
        sampleShape: [...facts.sampleShape],
        task: facts.task,
        numClasses: facts.numClasses,
        classNames: [...facts.classNames],
        labelEncoding: 'index',
        train: splitFromIdx({ images: files.trainImages, labels: files.trainLabels, imagesFile: names.trainImages, labelsFile: names.trainLabels }, facts.trainCount, facts.numClasses),
        test: splitFromIdx({ images: files.testImages, labels: files.testLabels, imagesFile: names.testImages, labelsFile: names.testLabels }, facts.testCount, facts.numClasses),
        description: `${name === 'mnist' ? 'MNIST handwritten digits' : 'Fashion-MNIST (Zalando, MIT)'} (${source}): official split, train ${facts.trainCount} / test ${facts.testCount}, 28×28×1 pixels scaled to [0, 1]`
    };
}
