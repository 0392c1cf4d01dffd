import type { AstNode } from 'langium';
import type { Shape } from '../description.js';
import type { ModelCost } from '../catalogue/cost.js';
import type { MemoryEstimate } from '../catalogue/memory.js';
import type { Args, LayerCost, LayerKind, ParamCount } from '../catalogue/types.js';
import type { Layer, Model, Train } from '../generated/ast.js';
import type { ResolvedSettings } from './train.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * The stable diagnostic codes. Quick fixes and tests switch on them; the CLI prints them.
 * Codes from spec §4 plus a few for mistakes the spec leaves unnamed.
 */
export type IssueCode =
    | 'syntax'
    | 'unknown-layer' | 'unknown-argument' | 'unknown-activation'
    | 'bad-argument' | 'shape-mismatch' | 'non-positive-dimension'
    | 'data-mismatch' | 'loss-mismatch' | 'linear-collapse' | 'dense-on-rank'
    | 'zero-init' | 'sigmoid-hidden' | 'huge-model'
    | 'unknown-label' | 'unknown-model' | 'duplicate-name' | 'missing-input' | 'missing-setting' | 'internal-error'
    | 'data-file' | 'data-split';

/** Data a quick fix needs, carried on the diagnostic. */
export type FixData =
    | { fix: 'replace-name'; replacement: string }
    | { fix: 'insert-before'; text: string }
    | { fix: 'remove-layer' }
    | { fix: 'set-units'; value: number }
    | { fix: 'add-activation'; activation: string }
    /** Replace the value the diagnostic sits on (`activation=sigmoid` → `relu`). */
    | { fix: 'replace-value'; text: string }
    /** Delete a keyword argument of the layer the diagnostic sits on. */
    | { fix: 'remove-argument'; argument: string }
    /** Set the `input` of the model the diagnostic is in, or that its train block trains. */
    | { fix: 'set-input'; shape: number[] }
    /** Add a setting line to the train block the diagnostic is on. */
    | { fix: 'insert-setting'; text: string }
    /** Make the loss and the trained model's output agree: a new loss, a new last activation, or both. */
    | { fix: 'fit-output'; loss?: string; activation?: string };

/** Another place that explains a diagnostic (the statement that produced a shape). */
export interface RelatedNote {
    node: AstNode;
    message: string;
}

export interface Issue {
    severity: Severity;
    code: IssueCode;
    message: string;
    node: AstNode;
    /** Narrow the range to this property of `node` (e.g. a layer's `type`). */
    property?: string;
    /** The fix, or the first of several (`otherFixes`) a teacher would offer alike. */
    fix?: FixData;
    otherFixes?: FixData[];
    related?: RelatedNote[];
}

export interface LayerAnalysis {
    node: Layer;
    index: number;
    kind?: LayerKind;
    /** Resolved Keras arguments with defaults (complete only when `argsOk`). */
    args: Args;
    argsOk: boolean;
    /** Indices of feeding layers; -1 = the model input. */
    inputs: number[];
    inputShapes?: Shape[];
    /** Output shape, when the layer and everything feeding it checked out. */
    output?: Shape;
    params?: ParamCount;
    /** The kind's cost rule on this layer's shapes (present with `output`). */
    cost?: LayerCost;
}

export interface ParamTotals {
    total: number;
    trainable: number;
    nonTrainable: number;
}

export interface ModelAnalysis {
    node: Model;
    name: string;
    input?: Shape;
    layers: LayerAnalysis[];
    output?: Shape;
    /** Present only when every layer's parameters are known. */
    params?: ParamTotals;
    /** Training memory at the editor's assumed batch size and optimizer (DEFAULT_ESTIMATE), when every layer checked out. */
    memory?: MemoryEstimate;
    /** Forward multiply-accumulates and memory per sample, when every layer checked out. */
    cost?: ModelCost;
    labels: Map<string, number>;
    /** True when the model has no error diagnostics. */
    ok: boolean;
}

export interface TrainAnalysis {
    node: Train;
    model?: ModelAnalysis;
    settings: ResolvedSettings;
    ok: boolean;
}

export interface DocumentAnalysis {
    models: ModelAnalysis[];
    trains: TrainAnalysis[];
    issues: Issue[];
    layerOf: Map<Layer, LayerAnalysis>;
    modelOf: Map<Model, ModelAnalysis>;
}
