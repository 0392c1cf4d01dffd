/**
 * What a `train` block may say: settings, data sets, losses, optimizers and metrics,
 * with the facts the checker needs (sample shapes, class counts) and hover documentation.
 */
import type { ArgSpec } from './types.js';
import type { NamedValue } from './vocabulary.js';

export interface DatasetInfo extends NamedValue {
    /** Shape of one sample, without the batch axis. */
    sampleShape: number[];
    task: 'classification' | 'regression';
    /** Class count for classification (0 for regression). */
    numClasses: number;
    /** Keyword arguments a generator takes (`xor(n=200, noise=0.1)`). */
    args: ArgSpec[];
}

const generatorArgs: ArgSpec[] = [
    { name: 'n', type: { kind: 'int', min: 2, max: 1_000_000 }, default: 200, positional: true, doc: 'Number of samples (train and test together).' },
    { name: 'noise', type: { kind: 'float', min: 0, max: 1 }, default: 0.1, positional: true, doc: 'Noise as a fraction of the data\'s scale (0 = clean).' }
];

export const DATASETS: readonly DatasetInfo[] = [
    { name: 'mnist', summary: 'Handwritten digits: 60,000 training and 10,000 test images of 28×28 grey pixels, 10 classes.', sampleShape: [28, 28, 1], task: 'classification', numClasses: 10, args: [] },
    { name: 'iris', summary: 'Fisher\'s iris flowers: 150 samples of 4 measurements, 3 species.', sampleShape: [4], task: 'classification', numClasses: 3, args: [] },
    { name: 'wine', summary: 'Wine recognition: 178 samples of 13 chemical measurements, 3 cultivars.', sampleShape: [13], task: 'classification', numClasses: 3, args: [] },
    { name: 'breast_cancer', summary: 'Wisconsin breast cancer: 569 samples of 30 features, benign or malignant.', sampleShape: [30], task: 'classification', numClasses: 2, args: [] },
    { name: 'digits', summary: 'Small handwritten digits: 1,797 images of 8×8 pixels (64 features), 10 classes.', sampleShape: [64], task: 'classification', numClasses: 10, args: [] },
    { name: 'xor', summary: 'Two features; the class is whether they have the same sign (TensorFlow Playground\'s XOR set).', sampleShape: [2], task: 'classification', numClasses: 2, args: generatorArgs },
    { name: 'circle', summary: 'Two features; one class inside a circle, the other in a ring around it.', sampleShape: [2], task: 'classification', numClasses: 2, args: generatorArgs },
    { name: 'spiral', summary: 'Two features; two interleaved spirals — hard for a linear model.', sampleShape: [2], task: 'classification', numClasses: 2, args: generatorArgs },
    { name: 'gaussian', summary: 'Two features; two Gaussian blobs — nearly linearly separable.', sampleShape: [2], task: 'classification', numClasses: 2, args: generatorArgs }
];

export const CSV_DATA: NamedValue & { args: ArgSpec[] } = {
    name: 'csv',
    summary: 'Your own data: a CSV file with a header row, numeric features and a label column. String labels are classes; numeric labels are regression targets.',
    args: []
};

export interface LossInfo extends NamedValue {
    /** Whether the loss expects class probabilities. */
    kind: 'regression' | 'binary' | 'categorical' | 'sparse';
}

export const LOSSES: readonly LossInfo[] = [
    { name: 'mse', summary: 'Mean squared error: for regression.', formula: 'L = mean((y − ŷ)²)', kind: 'regression' },
    { name: 'mae', summary: 'Mean absolute error: for regression, less sensitive to outliers.', formula: 'L = mean(|y − ŷ|)', kind: 'regression' },
    { name: 'binary_crossentropy', summary: 'For two classes with one sigmoid output (or independent yes/no outputs).', formula: 'L = −mean(y·log ŷ + (1 − y)·log(1 − ŷ))', kind: 'binary' },
    { name: 'categorical_crossentropy', summary: 'For one of k classes with a softmax output and one-hot labels.', formula: 'L = −mean(Σₖ yₖ·log ŷₖ)', kind: 'categorical' },
    { name: 'sparse_categorical_crossentropy', summary: 'Categorical cross-entropy with integer labels instead of one-hot vectors.', formula: 'L = −mean(log ŷ[label])', kind: 'sparse' }
];

export interface OptimizerInfo extends NamedValue {
    /** Keras class name as written (`Adam`), and the lower-case string form (`adam`). */
    className: string;
    key: 'sgd' | 'rmsprop' | 'adam' | 'adagrad';
    args: ArgSpec[];
}

const lr = (dflt: number): ArgSpec => ({ name: 'learning_rate', type: { kind: 'float', min: 0, minExclusive: true, max: 1e6 }, default: dflt, positional: true, doc: 'Step size of each update.' });
const epsilonArg = (dflt: number): ArgSpec => ({ name: 'epsilon', type: { kind: 'float', min: 0, minExclusive: true }, default: dflt, doc: 'Small constant for numerical stability.' });

export const OPTIMIZERS: readonly OptimizerInfo[] = [
    {
        name: 'SGD', className: 'SGD', key: 'sgd', summary: 'Stochastic gradient descent, optionally with momentum.',
        formula: 'v ← momentum·v − lr·∇L;  w ← w + v',
        args: [
            lr(0.01),
            { name: 'momentum', type: { kind: 'float', min: 0, max: 1 }, default: 0, doc: 'Fraction of the previous update kept.' },
            { name: 'nesterov', type: { kind: 'bool' }, default: false, doc: 'Use Nesterov momentum.' }
        ]
    },
    {
        name: 'RMSprop', className: 'RMSprop', key: 'rmsprop', summary: 'Divides the gradient by a running average of its recent magnitude.',
        formula: 's ← ρ·s + (1 − ρ)·(∇L)²;  w ← w − lr·∇L/(√s + ε)',
        args: [
            lr(0.001),
            { name: 'rho', type: { kind: 'float', min: 0, max: 1 }, default: 0.9, doc: 'Decay of the running average.' },
            { name: 'momentum', type: { kind: 'float', min: 0, max: 1 }, default: 0, doc: 'Momentum.' },
            epsilonArg(1e-7)
        ]
    },
    {
        name: 'Adam', className: 'Adam', key: 'adam', summary: 'Adaptive moment estimation: momentum plus per-weight step sizes (the default).',
        formula: 'm ← β₁m + (1−β₁)∇L;  v ← β₂v + (1−β₂)(∇L)²;  w ← w − lr·m̂/(√v̂ + ε)',
        args: [
            lr(0.001),
            { name: 'beta_1', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0.9, doc: 'Decay of the first moment.' },
            { name: 'beta_2', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0.999, doc: 'Decay of the second moment.' },
            epsilonArg(1e-7)
        ]
    },
    {
        name: 'Adagrad', className: 'Adagrad', key: 'adagrad', summary: 'Per-weight step sizes that shrink with the sum of past squared gradients.',
        formula: 's ← s + (∇L)²;  w ← w − lr·∇L/(√s + ε)',
        args: [
            lr(0.001),
            { name: 'initial_accumulator_value', type: { kind: 'float', min: 0 }, default: 0.1, doc: 'Starting value of the accumulators.' }
        ]
    }
];

export const METRICS: readonly NamedValue[] = [
    { name: 'accuracy', summary: 'Fraction of samples whose predicted class is right.', formula: 'acc = mean(argmax ŷ = y)' },
    { name: 'mse', summary: 'Mean squared error.', formula: 'mean((y − ŷ)²)' },
    { name: 'mae', summary: 'Mean absolute error.', formula: 'mean(|y − ŷ|)' }
];

export type SettingName = 'data' | 'loss' | 'optimizer' | 'metrics' | 'epochs' | 'batch_size' | 'validation' | 'seed';

export interface SettingInfo {
    name: SettingName;
    summary: string;
    required?: boolean;
}

export const SETTINGS: readonly SettingInfo[] = [
    { name: 'data', summary: 'The data set: mnist, iris, wine, breast_cancer, digits, xor(n, noise), circle(...), spiral(...), gaussian(...), or csv("file.csv", label="column").', required: true },
    { name: 'loss', summary: 'What training minimises: mse, mae, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy.', required: true },
    { name: 'optimizer', summary: 'How weights are updated: sgd, SGD(learning_rate=, momentum=, nesterov=), RMSprop(...), Adam(...), Adagrad(...). Default Adam().' },
    { name: 'metrics', summary: 'What is reported besides the loss, e.g. [accuracy]. Default [].' },
    { name: 'epochs', summary: 'How many passes over the training data (default 10).' },
    { name: 'batch_size', summary: 'Samples per gradient step (default 32).' },
    { name: 'validation', summary: '`test` to validate on the data set\'s test split, or a fraction such as 0.1 of the training data.' },
    { name: 'seed', summary: 'An integer: the same seed gives the same initial weights and data order.' }
];

export function findDataset(name: string): DatasetInfo | undefined {
    return DATASETS.find(d => d.name === name);
}
export function findLoss(name: string): LossInfo | undefined {
    return LOSSES.find(l => l.name === name);
}
export function findOptimizer(name: string): OptimizerInfo | undefined {
    return OPTIMIZERS.find(o => o.className === name || o.key === name);
}
export function findMetric(name: string): NamedValue | undefined {
    return METRICS.find(m => m.name === name);
}
