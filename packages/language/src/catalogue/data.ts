/**
 * The data sets a `train` block may name, keyed by `DataSpec['kind']`: what the checker compares a
 * model with, what hover and completion say, and what the trainer's loaders produce and read. A
 * kind of `DataSpec` missing here is a compile error. Imports types only, so the language server,
 * the loaders and the webview all read this one table.
 */
import type { DataSpec } from '../description.js';
import type { ArgSpec } from './types.js';

export type DataKind = DataSpec['kind'];
/** The kinds whose samples are known without reading a file of the user's. */
export type BuiltinDataKind = Exclude<DataKind, 'csv'>;
export type GeneratorKind = Extract<DataSpec, { n: number }>['kind'];

export interface DatasetFacts {
    /** One sample, without the batch axis. */
    sampleShape: number[];
    task: 'classification' | 'regression';
    /** 0 for regression. */
    numClasses: number;
    /** One name per class index. */
    classNames: string[];
    /** Split sizes (a generator's for its default n; see generatorSplitCounts). */
    trainCount: number;
    testCount: number;
}

export interface DataSetEntry {
    /** One or two sentences for hover and completion. */
    summary: string;
    /** Keyword arguments of a call such as `xor(n=200, noise=0.1)`; csv's two strings are the checker's own. */
    args: ArgSpec[];
    /** Known without loading; csv has none (its file decides). */
    facts?: DatasetFacts;
    /** Where the Node loader and the editor read the files of a set the project does not bundle. */
    install?: { debianPackage: string; dir: string };
}

/** Defaults of `xor(n=200, noise=0.1)` and friends. */
export const GENERATOR_DEFAULTS = { n: 200, noise: 0.1 } as const;
/** Two classes, each in the train and the test split. */
export const MIN_GENERATED_POINTS = 4;
export const MAX_GENERATED_POINTS = 1_000_000;
/** Share of a generated set that becomes the test split (TensorFlow Playground's default). */
export const GENERATOR_TEST_FRACTION = 0.5;
/** Share of iris/wine/breast_cancer/digits/csv held out as the test split. */
export const TABULAR_TEST_FRACTION = 0.2;

/** Train/test sizes of a generated set of n points (n/2 per class, stratified halves). */
export function generatorSplitCounts(n: number): { trainCount: number; testCount: number } {
    // The stratified allocation always reaches round(n × fraction) in total.
    const testCount = Math.round(n * GENERATOR_TEST_FRACTION);
    return { trainCount: n - testCount, testCount };
}

const generatorArgs: ArgSpec[] = [
    { name: 'n', type: { kind: 'int', min: MIN_GENERATED_POINTS, max: MAX_GENERATED_POINTS }, default: GENERATOR_DEFAULTS.n, positional: true, doc: 'Number of samples (train and test together).' },
    { name: 'noise', type: { kind: 'float', min: 0, max: 1 }, default: GENERATOR_DEFAULTS.noise, positional: true, doc: 'Noise as a fraction of the data\'s scale (0 = clean).' }
];

const generated = (classNames: string[]): DatasetFacts => ({
    sampleShape: [2],
    task: 'classification',
    numClasses: 2,
    classNames,
    ...generatorSplitCounts(GENERATOR_DEFAULTS.n)
});

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const DATA_SETS = {
    mnist: {
        summary: 'Handwritten digits: 60,000 training and 10,000 test images of 28×28 grey pixels, 10 classes.',
        args: [],
        facts: { sampleShape: [28, 28, 1], task: 'classification', numClasses: 10, classNames: DIGITS, trainCount: 60000, testCount: 10000 }
    },
    iris: {
        summary: 'Fisher\'s iris flowers: 150 samples of 4 measurements, 3 species.',
        args: [],
        facts: { sampleShape: [4], task: 'classification', numClasses: 3, classNames: ['setosa', 'versicolor', 'virginica'], trainCount: 120, testCount: 30 }
    },
    wine: {
        summary: 'Wine recognition: 178 samples of 13 chemical measurements, 3 cultivars.',
        args: [],
        facts: { sampleShape: [13], task: 'classification', numClasses: 3, classNames: ['class_0', 'class_1', 'class_2'], trainCount: 142, testCount: 36 }
    },
    breast_cancer: {
        summary: 'Wisconsin breast cancer: 569 samples of 30 features, benign or malignant.',
        args: [],
        facts: { sampleShape: [30], task: 'classification', numClasses: 2, classNames: ['malignant', 'benign'], trainCount: 455, testCount: 114 }
    },
    // Flat [64] like sklearn's load_digits().data; a model wanting [8, 8, 1] reshapes (same element count).
    digits: {
        summary: 'Small handwritten digits: 1,797 images of 8×8 pixels (64 features), 10 classes.',
        args: [],
        facts: { sampleShape: [64], task: 'classification', numClasses: 10, classNames: DIGITS, trainCount: 1438, testCount: 359 }
    },
    fashion_mnist: {
        summary: 'Zalando\'s Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 grey pixels, 10 kinds of clothing. Installed by the Debian package dataset-fashion-mnist.',
        args: [],
        facts: {
            sampleShape: [28, 28, 1],
            task: 'classification',
            numClasses: 10,
            classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
            trainCount: 60000,
            testCount: 10000
        },
        install: { debianPackage: 'dataset-fashion-mnist', dir: '/usr/share/datasets/fashion-mnist' }
    },
    xor: {
        summary: 'Two features; the class is whether they have the same sign (TensorFlow Playground\'s XOR set).',
        args: generatorArgs,
        facts: generated(['x·y < 0', 'x·y > 0'])
    },
    circle: { summary: 'Two features; one class inside a circle, the other in a ring around it.', args: generatorArgs, facts: generated(['outside', 'inside']) },
    spiral: { summary: 'Two features; two interleaved spirals — hard for a linear model.', args: generatorArgs, facts: generated(['arm 0', 'arm 1']) },
    gaussian: { summary: 'Two features; two Gaussian blobs — nearly linearly separable.', args: generatorArgs, facts: generated(['lower left', 'upper right']) },
    csv: {
        summary: 'Your own data: a CSV file with a header row, numeric features and a label column. String labels are classes; numeric labels are regression targets.',
        args: []
    }
} satisfies Record<DataKind, DataSetEntry>;

/** Every kind, in the order completion lists them. */
export const DATA_KINDS = Object.keys(DATA_SETS) as DataKind[];

/** The facts of every built-in set, by kind (the loaders' view of the table). */
export const DATASET_FACTS: Readonly<Record<BuiltinDataKind, DatasetFacts>> = Object.fromEntries(
    DATA_KINDS.flatMap(kind => {
        const facts = (DATA_SETS[kind] as DataSetEntry).facts;
        return facts ? [[kind, facts]] : [];
    })
) as Record<BuiltinDataKind, DatasetFacts>;

/** The generated sets, whose spec carries n and noise (a generator kind missing here does not compile). */
const GENERATORS: Record<GeneratorKind, true> = { xor: true, circle: true, spiral: true, gaussian: true };
export const GENERATOR_KINDS = Object.keys(GENERATORS) as GeneratorKind[];

export function isGeneratorKind(kind: string): kind is GeneratorKind {
    return Object.hasOwn(GENERATORS, kind);
}

export function isDataKind(name: string): name is DataKind {
    return Object.hasOwn(DATA_SETS, name);
}
