/**
 * The data the trainer consumes. Plain objects and typed arrays only, so a Dataset survives
 * structured cloning (webview postMessage, worker messages) unchanged.
 */
import type { DataSpec, DatasetFacts, GeneratorKind } from '@nn-lang/language/catalogue';

export type { DataSpec };

export type Task = DatasetFacts['task'];

/**
 * `index`: y holds one class index (0..numClasses-1) per sample; the trainer one-hots it when the
 * loss needs it. `value`: y holds regression targets.
 */
export type LabelEncoding = 'index' | 'value';

/** One split. x is row-major `count × prod(sampleShape)`, y is `count × labelWidth` (1 here). */
export interface Split {
    x: Float32Array;
    y: Float32Array;
    count: number;
}

/** Per-feature standardisation applied to x (z = (v - mean) / std), computed on the train split. */
export interface FeatureScaling {
    mean: number[];
    std: number[];
}

export interface Dataset {
    name: string;
    sampleShape: number[];
    task: Task;
    /** 0 for regression. */
    numClasses: number;
    /** One name per class index; empty for regression. */
    classNames: string[];
    labelEncoding: LabelEncoding;
    train: Split;
    test?: Split;
    /** Human-readable: source, split and preprocessing. */
    description: string;
    /** Column names of a tabular set (csv header), in x order. */
    featureNames?: string[];
    /** Present when x was standardised; lets a caller apply the same transform to new samples. */
    featureScaling?: FeatureScaling;
}

export type GeneratorName = GeneratorKind;
export type SklearnName = 'iris' | 'wine' | 'breast_cancer' | 'digits';
export type GeneratorSpec = Extract<DataSpec, { kind: GeneratorKind }>;
