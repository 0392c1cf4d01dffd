import { DATA_KINDS } from '@nn-lang/language/catalogue';
import { DataError } from '../errors.js';
import { generateDataset } from '../generators.js';
import type { DataSpec, Dataset, Task } from '../types.js';
import { loadCsvFile } from './csv-file.js';
import { loadFashionMnist, loadMnist } from './mnist-files.js';
import { loadSklearn } from './sklearn-files.js';

export interface LoadOptions {
    /**
     * Data seed: generator points and the 80/20 holdout of iris/wine/breast_cancer/digits/csv.
     * Absent → DEFAULT_DATA_SEED, so the test split is the same on every run.
     */
    seed?: number;
    /** csv only: force the task (the loss knows it); absent → inferTask's rule. */
    task?: Task;
    /** Standardise tabular features (iris, wine, breast_cancer, csv) with train statistics; default true. */
    standardize?: boolean;
    /**
     * csv only: the folder the file must stay inside after links are resolved (the workspace
     * folder; the CLI: the .nn file's folder or --root). Absent: the CSV file's own folder.
     */
    root?: string;
    /** Override where files are looked for (tests; bundles that move the package's files). */
    paths?: { mnist?: string; fashionMnist?: string; sklearn?: string };
}

/** The data set a `train` block names, read or generated in Node. */
export async function loadDataset(spec: DataSpec, options: LoadOptions = {}): Promise<Dataset> {
    switch (spec.kind) {
        case 'mnist':
            return loadMnist(options.paths?.mnist);
        case 'fashion_mnist':
            return loadFashionMnist(options.paths?.fashionMnist);
        case 'iris':
        case 'wine':
        case 'breast_cancer':
        case 'digits':
            return loadSklearn(spec.kind, { seed: options.seed, standardize: options.standardize, dir: options.paths?.sklearn });
        case 'xor':
        case 'circle':
        case 'spiral':
        case 'gaussian':
            return generateDataset(spec, { seed: options.seed });
        case 'csv':
            return loadCsvFile(spec.path, { label: spec.label, seed: options.seed, task: options.task, root: options.root, standardize: options.standardize });
        default:
            // A description from elsewhere than the checker (JSON, an older extension) may name anything.
            throw new DataError('bad-argument', `unknown data set '${(spec as { kind: unknown }).kind}'; known: ${DATA_KINDS.join(', ')}`);
    }
}
