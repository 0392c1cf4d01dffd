import { TABULAR_TEST_FRACTION } from '@nn-lang/language/catalogue';
import { createRng } from './rng.js';
import { holdOut, shuffleSplit, standardize, stratifiedHoldOut } from './split.js';
import type { FeatureScaling, Split, Task } from './types.js';

/**
 * The data seed used when none is given, so a data set with no official test split still has the
 * same test split on every run and machine.
 */
export const DEFAULT_DATA_SEED = 0;

export interface FixedSplit {
    train: Split;
    test: Split;
    featureScaling?: FeatureScaling;
}

/**
 * Turns all rows of a set without an official split into train/test: a seeded 80/20 holdout
 * (stratified by class for classification), each part shuffled so classes interleave (a
 * Keras-style `validation_split` takes the tail), then optionally standardised with train statistics.
 */
export function splitTrainTest(all: Split, task: Task, seed: number, scale: boolean): FixedSplit {
    const rng = createRng(seed);
    const parts = task === 'classification'
        ? stratifiedHoldOut(all, TABULAR_TEST_FRACTION, rng)
        : holdOut(all, TABULAR_TEST_FRACTION, rng);
    const train = shuffleSplit(parts.train, rng);
    const test = shuffleSplit(parts.held, rng);
    if (!scale) return { train, test };
    const scaled = standardize(train, [test]);
    return { train: scaled.train, test: scaled.others[0], featureScaling: scaled.scaling };
}

export function describeSplit(split: FixedSplit, task: Task, seed: number): string {
    const how = `${task === 'classification' ? 'stratified ' : ''}${Math.round(TABULAR_TEST_FRACTION * 100)}% holdout, seed ${seed}`;
    const scaling = split.featureScaling ? '; features standardised with the train split\'s mean and std' : '';
    return `train ${split.train.count} / test ${split.test.count} (${how})${scaling}`;
}
