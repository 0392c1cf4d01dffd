// Browser-safe part of the data module: no file system, no tfjs.
export type { Dataset, DataSpec, FeatureScaling, GeneratorName, GeneratorSpec, LabelEncoding, SklearnName, Split, Task } from './types.js';
export { DataError, type DataErrorCode } from './errors.js';
// The facts about each data set live in the language's catalogue; the loaders read them there.
export {
    DATASET_FACTS,
    GENERATOR_DEFAULTS,
    GENERATOR_TEST_FRACTION,
    TABULAR_TEST_FRACTION,
    generatorSplitCounts,
    type DatasetFacts,
    type BuiltinDataKind as KnownDatasetName
} from '@nn-lang/language/catalogue';
export { createRng, normal, uniform, randomInt, shuffleIndices, shuffleInPlace, type Rng } from './rng.js';
export {
    classCounts,
    featureWidth,
    holdOut,
    labelWidth,
    oneHot,
    shuffleSplit,
    standardize,
    stratifiedHeldCounts,
    stratifiedHoldOut,
    takeRows
} from './split.js';
export { DEFAULT_DATA_SEED } from './tabular.js';
export { generateDataset, spiralAngle, GENERATOR_NAMES, GENERATOR_RADIUS, MAX_GENERATED_POINTS } from './generators.js';
export { parseCsvRecords, type CsvRecord } from './csv-parse.js';
export { datasetFromCsvText, inferTask, MAX_INFERRED_CLASSES, type CsvDatasetOptions } from './csv-dataset.js';
export { datasetFromSklearnText, SKLEARN_FILES, type SklearnOptions } from './sklearn.js';
export { readIdxHeader, splitFromIdx, imageSetFromIdx, type IdxHeader, type IdxPair, type IdxFiles } from './idx.js';
