/** The trainer, browser-safe: no Node imports here (those live in ./node/). */
export { buildModel, type BuildOptions } from './build-model.js';
export { train } from './train.js';
export { saveModelToMemory, type SavedModel, type WeightSpec } from './saved-model.js';
export {
    evaluate,
    confusionMatrix,
    predictGrid,
    samplePredictions,
    modelInputShape,
    modelOutputShape,
    type EvaluateOptions,
    type ConfusionMatrix,
    type GridOptions,
    type PredictionGrid,
    type SamplePrediction
} from './evaluate.js';
export { TrainingError, type TrainingErrorCode } from './errors.js';
export { checkMemory, formatBytes, DEFAULT_MEMORY_LIMIT } from './memory.js';
export { createOptimizer, optimizerSlots, KERAS_DEFAULTS, type OptimizerSetup } from './optimizers.js';
export { lossFunction, lossSpec, metricFunctions, canonicalLoss } from './losses.js';
export { resolveTargets, type LossSpec, type TargetEncoding, type TargetKind, type DataInfo } from './targets.js';
export { missingGradientKernels, type MissingKernel } from './backend-check.js';
export { initialValues, computeFans, orthogonal, type InitializerLike } from './initializers.js';
export { deriveSeed, randomSeed, STREAM } from './random.js';
export { installTrainingKernels } from './kernels/install.js';
export { probeBackends, type ProbeResult, type ProbeOutcome, type ProbeOptions } from './probe.js';
export { compileKernels } from './kernels/engine.js';
export { setKernelThreads, kernelThreads, type KernelThreads } from './kernels/runtime.js';
export {
    conv2dBackpropFilterValues,
    conv2dBackpropFilterByMatMul,
    conv2dBackpropInputByConv,
    maxPoolGradValues,
    unsortedSegmentSumValues,
    type MatMul,
    type ValidConv
} from './kernels/gradients.js';
export type {
    TF,
    Uniform,
    SplitLike,
    DatasetLike,
    BatchEndEvent,
    EpochLogs,
    StartEvent,
    EndEvent,
    EvaluationResult,
    TrainCallbacks,
    TrainOptions,
    TrainResult
} from './types.js';
