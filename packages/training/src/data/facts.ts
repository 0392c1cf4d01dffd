/**
 * What the language checker needs to know about the built-in data sets without loading them.
 * Deliberately free of imports so the language server can use it without pulling in loaders.
 * test/data-facts.test.ts checks every number here against the loaded data.
 */

export interface DatasetFacts {
    /** One sample, without the batch axis. */
    sampleShape: number[];
    /** 0 for regression. */
    numClasses: number;
    task: 'classification' | 'regression';
    trainCount: number;
    testCount: number;
    classNames: string[];
}

/** Defaults of `xor(n=200, noise=0.1)` and friends (LANGUAGE.md §3). */
export const GENERATOR_DEFAULTS = { n: 200, noise: 0.1 } as const;

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

const generator = (classNames: string[]): DatasetFacts => ({
    sampleShape: [2],
    numClasses: 2,
    task: 'classification',
    ...generatorSplitCounts(GENERATOR_DEFAULTS.n),
    classNames
});

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export type KnownDatasetName =
    | 'mnist'
    | 'fashion_mnist'
    | 'iris'
    | 'wine'
    | 'breast_cancer'
    | 'digits'
    | 'xor'
    | 'circle'
    | 'spiral'
    | 'gaussian';

export const DATASET_FACTS: Readonly<Record<KnownDatasetName, DatasetFacts>> = {
    mnist: { sampleShape: [28, 28, 1], numClasses: 10, task: 'classification', trainCount: 60000, testCount: 10000, classNames: DIGITS },
    fashion_mnist: {
        sampleShape: [28, 28, 1],
        numClasses: 10,
        task: 'classification',
        trainCount: 60000,
        testCount: 10000,
        classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
    },
    iris: { sampleShape: [4], numClasses: 3, task: 'classification', trainCount: 120, testCount: 30, classNames: ['setosa', 'versicolor', 'virginica'] },
    wine: { sampleShape: [13], numClasses: 3, task: 'classification', trainCount: 142, testCount: 36, classNames: ['class_0', 'class_1', 'class_2'] },
    breast_cancer: { sampleShape: [30], numClasses: 2, task: 'classification', trainCount: 455, testCount: 114, classNames: ['malignant', 'benign'] },
    // Flat [64] like sklearn's load_digits().data; a model wanting [8, 8, 1] reshapes (same element count).
    digits: { sampleShape: [64], numClasses: 10, task: 'classification', trainCount: 1438, testCount: 359, classNames: DIGITS },
    // Counts of the generators are for the default n; use generatorSplitCounts(n) otherwise.
    xor: generator(['x·y < 0', 'x·y > 0']),
    circle: generator(['outside', 'inside']),
    spiral: generator(['arm 0', 'arm 1']),
    gaussian: generator(['lower left', 'upper right'])
};
