// Node-only: these read files. Browser code imports '@nn-lang/training/data' instead.
export { loadDataset, type LoadOptions } from './load.js';
export { loadMnist, loadFashionMnist, defaultMnistDir, FASHION_MNIST_DEBIAN_DIR } from './mnist-files.js';
export { loadSklearn, defaultSklearnDir } from './sklearn-files.js';
export { loadCsvFile, MAX_CSV_BYTES, csvSplitSizes, MAX_COUNTED_CSV_BYTES, type CsvSplitSizes } from './csv-file.js';
export { inspectDataFile, readContainedFile, dataRootOf, isWithin, MAX_DATA_FILE_BYTES, type ContainedFile } from './contained-file.js';
export { nodeDataFileChecker } from './data-file-checks.js';
