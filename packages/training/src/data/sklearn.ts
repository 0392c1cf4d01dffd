import { parseCsvRecords } from './csv-parse.js';
import { DataError } from './errors.js';
import { DEFAULT_DATA_SEED, describeSplit, splitTrainTest } from './tabular.js';
import type { Dataset, SklearnName } from './types.js';

export const SKLEARN_FILES: Readonly<Record<SklearnName, string>> = {
    iris: 'iris.csv',
    wine: 'wine_data.csv',
    breast_cancer: 'breast_cancer.csv',
    digits: 'digits.csv.gz'
};

const ABOUT: Record<SklearnName, string> = {
    iris: "Fisher's iris flowers: 4 measurements in cm (sepal length, sepal width, petal length, petal width), 3 species",
    wine: 'UCI wine recognition: 13 chemical measurements of wines from 3 cultivars',
    breast_cancer: 'Wisconsin diagnostic breast cancer: 30 features of cell nuclei, malignant or benign',
    digits: 'UCI optical handwritten digits: 8×8 images flattened to 64 pixels, 0..16 scaled to [0, 1]'
};

const DIGIT_PIXELS = 64;
const DIGIT_MAX = 16;

export interface SklearnOptions {
    seed?: number;
    /** Standardise iris/wine/breast_cancer features with train statistics (default true); digits are always scaled to [0, 1]. */
    standardize?: boolean;
}

/**
 * Reads scikit-learn's bundled CSV format: a header `n_samples,n_features,class names…` (digits
 * has none), then rows of features with the integer class last. Browser-safe: takes the text.
 */
export function datasetFromSklearnText(name: SklearnName, text: string, file: string, options: SklearnOptions = {}): Dataset {
    const seed = options.seed ?? DEFAULT_DATA_SEED;
    const records = parseCsvRecords(text, file);
    const corrupt = (detail: string, line?: number): DataError =>
        new DataError('corrupt-file', `${detail} (this file ships with nn-lang; restore it from the repository)`, { file, line });
    if (records.length === 0) throw corrupt('the file is empty');

    let samples: number;
    let features: number;
    let classNames: string[];
    let rows = records;
    if (name === 'digits') {
        samples = records.length;
        features = DIGIT_PIXELS;
        classNames = Array.from({ length: 10 }, (_, k) => String(k));
    } else {
        const [nSamples, nFeatures, ...names] = records[0].cells.map((c) => c.trim());
        samples = Number(nSamples);
        features = Number(nFeatures);
        classNames = names;
        if (!Number.isInteger(samples) || !Number.isInteger(features) || names.length === 0) {
            throw corrupt('the header is not "n_samples,n_features,class names…"', records[0].line);
        }
        rows = records.slice(1);
        if (rows.length !== samples) throw corrupt(`the header announces ${samples} samples but the file has ${rows.length}`);
    }

    const x = new Float32Array(samples * features);
    const y = new Float32Array(samples);
    rows.forEach((record, r) => {
        if (record.cells.length !== features + 1) {
            throw corrupt(`expected ${features + 1} cells, found ${record.cells.length}`, record.line);
        }
        for (let j = 0; j <= features; j++) {
            const v = Number(record.cells[j]);
            if (record.cells[j].trim() === '' || !Number.isFinite(v)) {
                throw corrupt(`cell ${j + 1} is not a number: ${JSON.stringify(record.cells[j])}`, record.line);
            }
            if (j < features) x[r * features + j] = name === 'digits' ? v / DIGIT_MAX : v;
            else if (!Number.isInteger(v) || v < 0 || v >= classNames.length) {
                throw corrupt(`label ${v} is not a class index 0..${classNames.length - 1}`, record.line);
            } else y[r] = v;
        }
    });

    const split = splitTrainTest({ x, y, count: samples }, 'classification', seed, name !== 'digits' && (options.standardize ?? true));
    return {
        name,
        sampleShape: [features],
        task: 'classification',
        numClasses: classNames.length,
        classNames,
        labelEncoding: 'index',
        train: split.train,
        test: split.test,
        description: `${name} (scikit-learn's copy, BSD-3-Clause): ${ABOUT[name]}; ${samples} samples; ${describeSplit(split, 'classification', seed)}`,
        ...(split.featureScaling ? { featureScaling: split.featureScaling } : {})
    };
}
