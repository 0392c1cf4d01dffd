/**
 * What a `train` block may say: settings, losses, optimizers and metrics (data sets are in
 * data.ts), with the facts the checker and the trainer need and hover documentation. Losses and
 * metrics are keyed by name, so the trainer's implementations can be checked for completeness.
 */
import type { OptimizerSpec } from '../description.js';
import { DATA_KINDS, DATA_SETS, type BuiltinDataKind, type DataKind, type DataSetEntry, type DatasetFacts } from './data.js';
import type { ArgSpec } from './types.js';
import type { ValueSetName } from './value-sets.js';
import type { NamedValue } from './vocabulary.js';

/** A built-in data set as the checker, hover and completion see it: its name, docs and facts. */
export interface DatasetInfo extends NamedValue, DatasetFacts {
    name: BuiltinDataKind;
    /** Keyword arguments a generator takes (`xor(n=200, noise=0.1)`). */
    args: ArgSpec[];
}

/** The built-in sets, in the registry's order. */
export const DATASETS: readonly DatasetInfo[] = DATA_KINDS.flatMap(kind => {
    const entry: DataSetEntry = DATA_SETS[kind];
    return entry.facts ? [{ name: kind as BuiltinDataKind, summary: entry.summary, args: entry.args, ...entry.facts }] : [];
});

export const CSV_DATA: NamedValue & { name: DataKind; args: ArgSpec[] } = { name: 'csv', summary: DATA_SETS.csv.summary, args: DATA_SETS.csv.args };

/** Every data set as a named value (hover and completion): the built-ins, then csv. */
export const DATA_VALUES: readonly (NamedValue & { args: ArgSpec[] })[] = [...DATASETS, CSV_DATA];

/**
 * What targets a loss compares with: regression values, one 0/1 probability per output, one-hot
 * classes, or class indices. The trainer encodes labels by it; the checker matches outputs to it.
 */
export type LossKind = 'regression' | 'binary' | 'categorical' | 'sparse';

export interface LossEntry {
    summary: string;
    formula: string;
    kind: LossKind;
}

const LOSS_TABLE = {
    mse: { summary: 'Mean squared error: for regression.', formula: 'L = mean((y − ŷ)²)', kind: 'regression' },
    mae: { summary: 'Mean absolute error: for regression, less sensitive to outliers.', formula: 'L = mean(|y − ŷ|)', kind: 'regression' },
    binary_crossentropy: { summary: 'For two classes with one sigmoid output (or independent yes/no outputs).', formula: 'L = −mean(y·log ŷ + (1 − y)·log(1 − ŷ))', kind: 'binary' },
    categorical_crossentropy: { summary: 'For one of k classes with a softmax output and one-hot labels.', formula: 'L = −mean(Σₖ yₖ·log ŷₖ)', kind: 'categorical' },
    sparse_categorical_crossentropy: { summary: 'Categorical cross-entropy with integer labels instead of one-hot vectors.', formula: 'L = −mean(log ŷ[label])', kind: 'sparse' }
} satisfies Record<string, LossEntry>;

export type LossName = keyof typeof LOSS_TABLE;

export type LossInfo = NamedValue & LossEntry & { name: LossName };

export const LOSSES: readonly LossInfo[] = (Object.keys(LOSS_TABLE) as LossName[]).map(name => ({ name, ...LOSS_TABLE[name] }));

/** A regression loss trains a regressor; every other kind compares with classes. */
export function taskOfLossKind(kind: LossKind): 'classification' | 'regression' {
    return kind === 'regression' ? 'regression' : 'classification';
}

export interface OptimizerInfo extends NamedValue {
    /** Keras class name as written (`Adam`), and the lower-case string form (`adam`). */
    className: string;
    key: OptimizerSpec['name'];
    args: ArgSpec[];
    /** State the optimizer keeps per trainable parameter (momentum, running averages), for the memory estimate. */
    slots(args: OptimizerSpec['args']): number;
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
        ],
        slots: args => (Number(args.momentum ?? 0) > 0 ? 1 : 0)
    },
    {
        name: 'RMSprop', className: 'RMSprop', key: 'rmsprop', summary: 'Divides the gradient by a running average of its recent magnitude.',
        formula: 's ← ρ·s + (1 − ρ)·(∇L)²;  w ← w − lr·∇L/(√s + ε)',
        args: [
            lr(0.001),
            { name: 'rho', type: { kind: 'float', min: 0, max: 1 }, default: 0.9, doc: 'Decay of the running average.' },
            { name: 'momentum', type: { kind: 'float', min: 0, max: 1 }, default: 0, doc: 'Momentum.' },
            epsilonArg(1e-7)
        ],
        // The mean square, plus a momentum buffer and (tfjs's `centered`) a mean gradient when asked.
        slots: args => 1 + (Number(args.momentum ?? 0) > 0 ? 1 : 0) + (args.centered ? 1 : 0)
    },
    {
        name: 'Adam', className: 'Adam', key: 'adam', summary: 'Adaptive moment estimation: momentum plus per-weight step sizes (the default).',
        formula: 'm ← β₁m + (1−β₁)∇L;  v ← β₂v + (1−β₂)(∇L)²;  w ← w − lr·m̂/(√v̂ + ε)',
        args: [
            lr(0.001),
            { name: 'beta_1', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0.9, doc: 'Decay of the first moment.' },
            { name: 'beta_2', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0.999, doc: 'Decay of the second moment.' },
            epsilonArg(1e-7)
        ],
        slots: () => 2
    },
    {
        name: 'Adagrad', className: 'Adagrad', key: 'adagrad', summary: 'Per-weight step sizes that shrink with the sum of past squared gradients.',
        formula: 's ← s + (∇L)²;  w ← w − lr·∇L/(√s + ε)',
        args: [
            lr(0.001),
            { name: 'initial_accumulator_value', type: { kind: 'float', min: 0 }, default: 0.1, doc: 'Starting value of the accumulators.' }
        ],
        slots: () => 1
    }
];

/** Optimizer state per trainable parameter of a checked optimizer setting. */
export function optimizerSlots(spec: OptimizerSpec): number {
    const info = OPTIMIZERS.find(o => o.key === spec.name);
    if (!info) throw new Error(`unknown optimizer '${spec.name}'`);
    return info.slots(spec.args);
}

const METRIC_TABLE = {
    accuracy: { summary: 'Fraction of samples whose predicted class is right.', formula: 'acc = mean(argmax ŷ = y)' },
    mse: { summary: 'Mean squared error.', formula: 'mean((y − ŷ)²)' },
    mae: { summary: 'Mean absolute error.', formula: 'mean(|y − ŷ|)' }
} satisfies Record<string, Omit<NamedValue, 'name'>>;

export type MetricName = keyof typeof METRIC_TABLE;

export const METRICS: readonly (NamedValue & { name: MetricName })[] = (Object.keys(METRIC_TABLE) as MetricName[]).map(name => ({ name, ...METRIC_TABLE[name] }));

export type SettingName = 'data' | 'loss' | 'optimizer' | 'metrics' | 'epochs' | 'batch_size' | 'validation' | 'seed';

export interface SettingInfo {
    name: SettingName;
    summary: string;
    required?: boolean;
    /** The value set its names come from (hover and completion of the value). */
    values?: ValueSetName;
}

export const SETTINGS: readonly SettingInfo[] = [
    { name: 'data', summary: `The data set: ${DATASETS.map(d => (d.args.length ? `${d.name}(${d.args.map(a => a.name).join(', ')})` : d.name)).join(', ')}, or csv("file.csv", label="column").`, required: true, values: 'data set' },
    { name: 'loss', summary: `What training minimises: ${LOSSES.map(l => l.name).join(', ')}.`, required: true, values: 'loss' },
    { name: 'optimizer', summary: 'How weights are updated: sgd, SGD(learning_rate=, momentum=, nesterov=), RMSprop(...), Adam(...), Adagrad(...). Default Adam().', values: 'optimizer' },
    { name: 'metrics', summary: 'What is reported besides the loss, e.g. [accuracy]. Default [].', values: 'metric' },
    { name: 'epochs', summary: 'How many passes over the training data (default 10).' },
    { name: 'batch_size', summary: 'Samples per gradient step (default 32).' },
    { name: 'validation', summary: '`test` to validate on the data set\'s test split, or a fraction such as 0.1 of the training data.', values: 'validation split' },
    { name: 'seed', summary: 'An integer: the same seed gives the same initial weights and data order.' }
];

export function findSetting(name: string): SettingInfo | undefined {
    return SETTINGS.find(s => s.name === name);
}
export function findDataset(name: string): DatasetInfo | undefined {
    return DATASETS.find(d => d.name === name);
}
export function findLoss(name: string): LossInfo | undefined {
    return LOSSES.find(l => l.name === name);
}
export function isLossName(name: string): name is LossName {
    return Object.hasOwn(LOSS_TABLE, name);
}
export function isMetricName(name: string): name is MetricName {
    return Object.hasOwn(METRIC_TABLE, name);
}
export function findOptimizer(name: string): OptimizerInfo | undefined {
    return OPTIMIZERS.find(o => o.className === name || o.key === name);
}
export function findMetric(name: string): (NamedValue & { name: MetricName }) | undefined {
    return METRICS.find(m => m.name === name);
}
