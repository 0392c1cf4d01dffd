/**
 * The training loop. A manual batch loop rather than `model.fit`: it yields to the host between
 * batches, stops promptly on an AbortSignal, reads every batch's loss (NaN stops the run before the
 * bad update is applied), and draws every random number from the run's seed.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type * as tfjs from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { runtimeFailure, TrainingError } from './errors.js';
import { evaluateEncoded, EvaluationStopped } from './evaluate.js';
import { installTrainingKernels } from './kernels/install.js';
import { accuracyFunction, arrayLoss, canonicalLoss, lossFunction, metricFunctions, type ArrayLoss, type Metric } from './losses.js';
import { checkMemory, DEFAULT_MEMORY_LIMIT } from './memory.js';
import { createFusedUpdater, type FusedSettings, type Updater } from './fused-optimizer.js';
import { createOptimizer, type OptimizerSetup } from './optimizers.js';
import { createUniform, deriveSeed, permutation, randomSeed, STREAM } from './random.js';
import { checkSplit, makeBatch, resolveTargets } from './targets.js';
import { readsInPlace, valuesOf } from './tensor-memory.js';
import type { DatasetLike, EpochLogs, EvaluationResult, SplitLike, TF, TrainCallbacks, TrainOptions, TrainResult, Uniform } from './types.js';

const now = (): number => globalThis.performance?.now() ?? Date.now();

/**
 * Node's setImmediate lets pending I/O (a SIGINT handler, a message) run without setTimeout's 1 ms
 * clamp; browsers have no setImmediate and get a setTimeout(0) task.
 */
const defaultYield = (): Promise<void> => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
    return new Promise(resolve => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
};

/** Copies the given rows of a split (used for the held-out validation part only). */
function subset(split: SplitLike, rows: Int32Array): SplitLike {
    const inSize = split.count > 0 ? split.x.length / split.count : 0;
    const labelSize = split.count > 0 ? split.y.length / split.count : 0;
    const x = new Float32Array(rows.length * inSize);
    const y = new Float32Array(rows.length * labelSize);
    rows.forEach((row, r) => {
        x.set(split.x.subarray(row * inSize, (row + 1) * inSize), r * inSize);
        y.set(split.y.subarray(row * labelSize, (row + 1) * labelSize), r * labelSize);
    });
    return { x, y, count: rows.length };
}

interface Partition {
    /** Rows of `dataset.train` to train on. */
    trainRows: Int32Array;
    validation?: SplitLike;
}

/**
 * `validation = test` uses the test split; a fraction holds out that share of the training data.
 * Keras's `validation_split` takes the *last* rows unshuffled, which silently validates on one
 * class for sorted files (iris); we hold out a seeded random subset instead.
 */
function partition(desc: TrainingDescription, dataset: DatasetLike, uniform: Uniform): Partition {
    const all = Int32Array.from({ length: dataset.train.count }, (_, i) => i);
    const v = desc.validation;
    if (v === undefined) return { trainRows: all };
    if (v === 'test') {
        if (!dataset.test || dataset.test.count === 0) {
            throw new TrainingError('bad-settings', 'validation = test, but this data set has no test split. Use a fraction such as validation = 0.2.');
        }
        return { trainRows: all, validation: dataset.test };
    }
    if (typeof v !== 'number' || !(v > 0 && v < 1)) {
        throw new TrainingError('bad-settings', `validation must be 'test' or a fraction between 0 and 1, not ${JSON.stringify(v)}.`);
    }
    const splitAt = Math.floor(dataset.train.count * (1 - v));
    if (splitAt < 1 || splitAt >= dataset.train.count) {
        throw new TrainingError('bad-settings', `validation = ${v} of ${dataset.train.count} samples leaves ${splitAt} for training and ${dataset.train.count - splitAt} for validation; both need at least one.`);
    }
    const order = permutation(dataset.train.count, uniform);
    const trainRows = order.slice(0, splitAt).sort();
    return { trainRows, validation: subset(dataset.train, order.slice(splitAt).sort()) };
}

function positiveInt(name: string, v: number): number {
    if (!Number.isInteger(v) || v < 1) throw new TrainingError('bad-settings', `${name} must be a positive whole number, not ${v}.`);
    return v;
}

interface DropoutHooks {
    reseed(): void;
}

/**
 * tfjs's Dropout honours its `seed`, but a fixed seed draws the *same* mask every batch. Giving
 * each layer a fresh seed from our stream before every step keeps masks varied yet repeatable.
 * RNN cells' `dropout`/`recurrent_dropout` masks take a `dropoutFunc`, which we seed the same way.
 */
function dropoutHooks(tf: TF, model: tfjs.LayersModel, uniform: Uniform): DropoutHooks {
    const nextSeed = () => Math.floor(uniform() * 2147483647);
    const seeded: { seed?: number }[] = [];
    for (const layer of model.layers) {
        const l = layer as unknown as { seed?: number; rate?: number; cell?: { dropout?: number; recurrentDropout?: number; dropoutFunc?: unknown } };
        if ('seed' in l && typeof l.rate === 'number') seeded.push(l);
        const cell = l.cell;
        if (cell && ((cell.dropout ?? 0) > 0 || (cell.recurrentDropout ?? 0) > 0)) {
            cell.dropoutFunc = (x: tfjs.Tensor, rate: number) => tf.dropout(x, rate, undefined, nextSeed());
        }
    }
    return {
        reseed() {
            for (const l of seeded) l.seed = nextSeed();
        }
    };
}

function nonFiniteMessage(value: number, epoch: number, batch: number, batches: number, lr: number): string {
    const what = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return (
        `the loss became ${what} at epoch ${epoch}, batch ${batch} of ${batches}; training stopped before that update. ` +
        `Learning rate too high? Try 10x smaller: learning_rate=${Number((lr / 10).toPrecision(3))}. ` +
        `Unscaled inputs or a loss that does not fit the output activation can also cause this.`
    );
}

/**
 * Trains the model a description describes on a loaded data set. Resolves with the finished
 * epochs and the model (also when stopped through `signal`); rejects with a `TrainingError` for
 * settings or data that do not fit, a model too big for memory, or a non-finite loss.
 */
export async function train(
    tf: TF,
    desc: TrainingDescription,
    dataset: DatasetLike,
    callbacks: TrainCallbacks = {},
    signal?: AbortSignal,
    options: TrainOptions = {}
): Promise<TrainResult> {
    const started = now();
    const epochs = positiveInt('epochs', desc.epochs);
    const batchSize = positiveInt('batch_size', desc.batchSize);
    const seed = desc.seed ?? randomSeed();
    const loss = canonicalLoss(desc.loss);

    // Everything that can be refused is checked before a single tensor exists.
    const enc = resolveTargets({ name: loss, kind: desc.lossKind }, desc.model.input, desc.model.output, dataset, dataset.train);
    checkSplit('training', dataset.train, enc);
    const { trainRows, validation } = partition(desc, dataset, createUniform(deriveSeed(seed, STREAM.holdout)));
    if (validation && validation !== dataset.test) checkSplit('validation', validation, enc);
    if (dataset.test) checkSplit('test', dataset.test, enc);
    if (trainRows.length === 0) throw new TrainingError('data-mismatch', 'the training split is empty.');
    // Training ends by measuring the test split: an empty one would fail only after all the epochs.
    if (dataset.test && dataset.test.count === 0 && options.evaluateTest !== false) {
        throw new TrainingError('data-mismatch', `the test split is empty (the data has ${dataset.train.count} sample${dataset.train.count === 1 ? '' : 's'}); add samples so the holdout gets at least one.`);
    }
    const metrics: Metric[] = metricFunctions(tf, desc.metrics, enc);
    const lossFn = lossFunction(tf, loss, enc);
    checkMemory(desc.model.name, desc.memory, options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT);

    if (options.fastKernels !== false) installTrainingKernels(tf);
    const setup = createOptimizer(tf, desc.optimizer);
    let model: tfjs.LayersModel;
    try {
        model = buildModel(tf, desc.model, { rng: createUniform(deriveSeed(seed, STREAM.weights)) });
    } catch (e) {
        setup.optimizer.dispose();
        // A model near the memory limit can fail while its weights are allocated (wasm's heap).
        throw e instanceof TrainingError ? e : runtimeFailure(e, `building ${desc.model.name} failed`, tf.getBackend());
    }
    const shuffleRng = createUniform(deriveSeed(seed, STREAM.shuffle));
    const dropout = dropoutHooks(tf, model, createUniform(deriveSeed(seed, STREAM.dropout)));
    const variables = model.trainableWeights.map(w => w.read() as tfjs.Variable);
    if (variables.length === 0) {
        setup.optimizer.dispose();
        model.dispose();
        throw new TrainingError('bad-settings', `model ${desc.model.name} has no trainable parameters: there is nothing to train.`);
    }
    const updater: Updater =
        options.fusedOptimizer !== false && readsInPlace(tf)
            ? createFusedUpdater(tf, setup.settings as FusedSettings, variables)
            : tfjsUpdater(tf, setup);
    // On cpu and wasm the batch's loss and outputs are read where they lie and scored in JS.
    const scoreOnArrays = options.fusedOptimizer !== false && readsInPlace(tf) && metrics.every(m => m.onArrays);
    const lossOnArrays = scoreOnArrays ? arrayLoss(loss, enc) : undefined;
    const yieldFn = options.yieldFn ?? defaultYield;
    const yieldEveryMs = options.yieldEveryMs ?? 15;
    const evalBatch = options.evaluationBatchSize ?? 256;
    const batchesPerEpoch = Math.ceil(trainRows.length / batchSize);
    // Layers with trainable weights, by the names their variables have in `grads`.
    const statLayers = callbacks.onLayerStats
        ? model.layers.filter(l => l.trainableWeights.length > 0).map(l => ({ name: l.name, variables: l.trainableWeights.map(w => (w.read() as tfjs.Variable).name) }))
        : [];
    let gradientNorms: number[] | undefined;
    const history: EpochLogs[] = [];
    let stopped = false;
    let lastYield = now();
    const maybeYield = async () => {
        if (now() - lastYield >= yieldEveryMs) {
            await yieldFn();
            lastYield = now();
        }
    };

    let epoch = 0;
    let batch = 0;
    const fail = (e: unknown): never => {
        updater.dispose();
        setup.optimizer.dispose();
        model.dispose();
        if (e instanceof TrainingError) {
            e.details.history ??= history;
            throw e;
        }
        // Errors from tfjs itself (a kernel this backend lacks, memory) get the where and the backend.
        throw runtimeFailure(e, `training failed at epoch ${epoch}, batch ${batch}`, tf.getBackend(), { epoch, batch, history });
    };

    try {
        await callbacks.onStart?.({
            backend: tf.getBackend(),
            seed,
            epochs,
            batchSize,
            trainSamples: trainRows.length,
            validationSamples: validation?.count ?? 0,
            batchesPerEpoch,
            totalBatches: batchesPerEpoch * epochs,
            params: desc.model.params,
            memoryEstimateBytes: desc.memory.bytes
        });

        for (epoch = 1; epoch <= epochs && !stopped; epoch++) {
            const epochStart = now();
            const order = permutation(trainRows.length, shuffleRng);
            for (let i = 0; i < order.length; i++) order[i] = trainRows[order[i]];
            let seen = 0;
            let lossSum = 0;
            const metricSums = new Array<number>(metrics.length).fill(0);
            for (let b = 0; b < batchesPerEpoch; b++) {
                batch = b + 1;
                if (signal?.aborted) {
                    stopped = true;
                    break;
                }
                const start = b * batchSize;
                const end = Math.min(order.length, start + batchSize);
                const n = end - start;
                // The loss on arrays needs no target tensor.
                const { x, y, labels } = makeBatch(tf, dataset.train, order, start, end, enc, !lossOnArrays);
                dropout.reseed();
                let preds: tfjs.Tensor | undefined;
                let step: { value: tfjs.Scalar; grads: tfjs.NamedTensorMap };
                let values: ArrayLike<number>;
                try {
                    step = tf.variableGrads(() => {
                        const p = model.apply(x, { training: true }) as tfjs.Tensor;
                        // Kept for the metrics: Keras reports training metrics on the training-mode outputs.
                        preds = tf.keep(p);
                        let total = lossOnArrays ? lossOp(tf, lossOnArrays, labels, n)(p) : lossFn(y!, p);
                        for (const r of model.calculateLosses()) total = tf.add(total, r);
                        return total;
                    }, variables);
                    if (scoreOnArrays) {
                        const p = valuesOf(tf, preds!);
                        values = [valuesOf(tf, step.value)[0], ...metrics.map(m => m.onArrays!(labels, p, n))];
                    } else {
                        const stats = tf.tidy(() => tf.stack([step.value, ...metrics.map(m => m.fn(y!, preds!))]));
                        values = await stats.data();
                        stats.dispose();
                    }
                } finally {
                    tf.dispose(y ? [x, y] : [x]);
                    preds?.dispose();
                }
                const { value, grads } = step;
                if (!Number.isFinite(values[0])) {
                    tf.dispose([value, ...Object.values(grads)]);
                    throw new TrainingError('non-finite-loss', nonFiniteMessage(values[0], epoch, b + 1, batchesPerEpoch, Number(setup.settings.learning_rate)), {
                        epoch,
                        batch: b + 1
                    });
                }
                if (statLayers.length && b === batchesPerEpoch - 1) gradientNorms = layerNorms(tf, statLayers, grads);
                updater.apply(grads);
                tf.dispose(Object.values(grads));
                value.dispose();

                seen += n;
                lossSum += values[0] * n;
                const batchMetrics: Record<string, number> = {};
                metrics.forEach((m, i) => {
                    batchMetrics[m.name] = values[i + 1];
                    metricSums[i] += values[i + 1] * n;
                });
                await callbacks.onBatchEnd?.({
                    epoch,
                    batch: b + 1,
                    batchesPerEpoch,
                    loss: values[0],
                    metrics: batchMetrics,
                    samplesPerSec: seen / Math.max(1e-6, (now() - epochStart) / 1000)
                });
                await maybeYield();
            }
            if (stopped) break;

            const logs: EpochLogs = { epoch, loss: lossSum / seen, seconds: 0 };
            metrics.forEach((m, i) => (logs[m.name] = metricSums[i] / seen));
            if (validation) {
                try {
                    const val = await evaluateEncoded(tf, model, validation, enc, lossFn, metrics, evalBatch, maybeYield, signal);
                    for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
                } catch (e) {
                    if (!(e instanceof EvaluationStopped)) throw e;
                    // Stopped while validating: the epoch's updates are in the model, but its logs
                    // would lack what every other epoch has; it is not counted as finished.
                    stopped = true;
                    break;
                }
            }
            logs.seconds = (now() - epochStart) / 1000;
            history.push(logs);
            await callbacks.onEpochEnd?.(logs, model);
            if (callbacks.onLayerStats && gradientNorms) {
                const byName = Object.fromEntries(variables.map(v => [v.name, v as tfjs.Tensor]));
                const weightNorms = layerNorms(tf, statLayers, byName);
                await callbacks.onLayerStats({ epoch, layers: statLayers.map((l, i) => ({ name: l.name, weightNorm: weightNorms[i], gradientNorm: gradientNorms![i] })) });
            }
        }

        let test: EvaluationResult | undefined;
        if (!stopped && dataset.test && options.evaluateTest !== false) {
            test = await evaluateTest(tf, model, dataset, desc, enc, lossFn, metrics, history, evalBatch, maybeYield);
        }
        updater.dispose();
        setup.optimizer.dispose();
        const seconds = (now() - started) / 1000;
        await callbacks.onEnd?.({ stopped, test, seconds, epochsCompleted: history.length });
        return { model, history, stopped, test, seconds, seed, backend: tf.getBackend() };
    } catch (e) {
        return fail(e);
    }
}

/** Per layer, the L2 norm of its tensors in `byName` taken together; read at once, nothing kept. */
function layerNorms(tf: TF, layers: { variables: string[] }[], byName: Record<string, tfjs.Tensor>): number[] {
    const norms = tf.tidy(() => tf.stack(layers.map(l => tf.sqrt(tf.addN(l.variables.filter(n => byName[n]).map(n => tf.sum(tf.square(byName[n])))) as tfjs.Scalar))));
    const values = Array.from(norms.dataSync());
    norms.dispose();
    return values;
}

/**
 * The batch's loss as one op whose value and gradient are computed on the predictions where they
 * lie (cpu, wasm) — no kernels; `labels` are the batch's labels as arrays.
 */
function lossOp(tf: TF, loss: ArrayLoss, labels: Float32Array, n: number): (p: tfjs.Tensor) => tfjs.Scalar {
    const op = (p: tfjs.Tensor, save: tfjs.GradSaveFunc) => {
        save([p]);
        return {
            value: tf.scalar(loss.value(labels, valuesOf(tf, p), n)),
            gradFunc: (dy: tfjs.Tensor, saved: tfjs.Tensor[]) => {
                const pred = saved[0];
                const g = new Float32Array(pred.size);
                loss.gradient(labels, valuesOf(tf, pred), n, g);
                const scale = valuesOf(tf, dy)[0];
                if (scale !== 1) for (let i = 0; i < g.length; i++) g[i] *= scale;
                return tf.tensor(g, pred.shape, 'float32');
            }
        };
    };
    return tf.customGrad(op as unknown as Parameters<TF["customGrad"]>[0]) as (p: tfjs.Tensor) => tfjs.Scalar;
}

/** tfjs's own optimizer, with Keras's clipping applied first. */
function tfjsUpdater(tf: TF, setup: OptimizerSetup): Updater {
    return {
        apply(grads) {
            if (!setup.clip) return setup.optimizer.applyGradients(grads);
            const clipped = setup.clip(tf, grads);
            setup.optimizer.applyGradients(clipped);
            tf.dispose(Object.values(clipped));
        },
        dispose() {}
    };
}

async function evaluateTest(
    tf: TF,
    model: tfjs.LayersModel,
    dataset: DatasetLike,
    desc: TrainingDescription,
    enc: ReturnType<typeof resolveTargets>,
    lossFn: ReturnType<typeof lossFunction>,
    metrics: Metric[],
    history: EpochLogs[],
    batchSize: number,
    yieldFn: () => Promise<void>
): Promise<EvaluationResult> {
    const classifier = dataset.task === 'classification';
    const all: Metric[] = [...metrics];
    if (classifier && !metrics.some(m => m.name === 'accuracy')) all.unshift({ name: 'accuracy', fn: accuracyFunction(tf, enc) });
    const last = history[history.length - 1];
    // With validation = test, the last epoch already measured exactly this.
    if (desc.validation === 'test' && last && all.every(m => `val_${m.name}` in last)) {
        const out: EvaluationResult = { loss: last.val_loss };
        for (const m of all) out[m.name] = last[`val_${m.name}`];
        return out;
    }
    return (await evaluateEncoded(tf, model, dataset.test!, enc, lossFn, all, batchSize, yieldFn)) as EvaluationResult;
}
