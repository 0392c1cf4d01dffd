import { describe, expect, it } from 'vitest';
import { generateDataset } from '../src/data/index.js';
import { train, TrainingError, type BatchEndEvent, type EpochLogs } from '../src/train/index.js';
import { blobs, cpu, dense, dropout, layer, mlp, model, training, xorData } from './train-fixtures.js';

const tf = await cpu();
const noYield = { yieldEveryMs: 1e9 };
const xorNet = () => mlp('Xor', [2, 8, 8, 1], 'tanh', 'sigmoid');

async function expectTrainingError(p: Promise<unknown>): Promise<TrainingError> {
    try {
        await p;
    } catch (e) {
        expect(e).toBeInstanceOf(TrainingError);
        return e as TrainingError;
    }
    throw new Error('expected a TrainingError');
}

describe('train', () => {
    it('learns xor (2-8-8-1) to ≥95% accuracy', async () => {
        const data = xorData(400, 1, 200);
        const result = await train(tf, training(xorNet(), { epochs: 15, batchSize: 16, validation: 'test' }), data, {}, undefined, noYield);
        const last = result.history.at(-1)!;
        expect(last.accuracy).toBeGreaterThanOrEqual(0.95);
        expect(last.val_accuracy).toBeGreaterThanOrEqual(0.95);
        expect(result.test!.accuracy).toBeGreaterThanOrEqual(0.95);
        expect(result.stopped).toBe(false);
        expect(result.backend).toBe('cpu');
        result.model.dispose();
    });

    it('trains on the data package\'s xor generator', async () => {
        const data = generateDataset({ kind: 'xor', n: 500, noise: 0 }, { seed: 3 });
        const result = await train(tf, training(xorNet(), { epochs: 25, batchSize: 16, validation: 'test' }), data, {}, undefined, noYield);
        expect(result.test!.accuracy).toBeGreaterThanOrEqual(0.95);
        result.model.dispose();
    });

    it('reports events: start, every batch, every epoch, end', async () => {
        const data = xorData(100, 2, 40);
        const events: string[] = [];
        const batches: BatchEndEvent[] = [];
        let start: unknown;
        let end: unknown;
        const result = await train(
            tf,
            training(xorNet(), { epochs: 3, batchSize: 32, metrics: ['accuracy', 'mse'] }),
            data,
            {
                onStart: e => void ((start = e), events.push('start')),
                onBatchEnd: e => void (batches.push(e), events.push('batch')),
                onEpochEnd: () => void events.push('epoch'),
                onEnd: e => void ((end = e), events.push('end'))
            },
            undefined,
            noYield
        );
        expect(events).toEqual(['start', ...Array(3).fill(['batch', 'batch', 'batch', 'batch', 'epoch']).flat(), 'end']);
        expect(start).toMatchObject({ backend: 'cpu', seed: 7, epochs: 3, batchSize: 32, trainSamples: 100, batchesPerEpoch: 4, totalBatches: 12 });
        expect(batches[5]).toMatchObject({ epoch: 2, batch: 2, batchesPerEpoch: 4 });
        expect(Object.keys(batches[0].metrics)).toEqual(['accuracy', 'mse']);
        expect(batches[0].samplesPerSec).toBeGreaterThan(0);
        expect(Object.keys(result.history[0]).sort()).toEqual(['accuracy', 'epoch', 'loss', 'mse', 'seconds']);
        expect(end).toMatchObject({ stopped: false, epochsCompleted: 3 });
        expect((end as { test: { accuracy: number } }).test.accuracy).toBeGreaterThan(0);
        result.model.dispose();
    });

    it('repeats a run exactly with the same seed (weights, shuffling and dropout)', async () => {
        const net = mlp('Drop', [2, 16, 16, 1], 'relu', 'sigmoid', i => [dropout(i, 16, 0.3)]);
        const run = async (seed: number) => {
            const losses: number[] = [];
            const r = await train(tf, training(net, { epochs: 3, seed }), xorData(200, 4), { onBatchEnd: e => void losses.push(e.loss) }, undefined, noYield);
            const prediction = Array.from((r.model.predict(tf.tensor2d([[0.3, -0.5]])) as ReturnType<typeof tf.tensor2d>).dataSync());
            r.model.dispose();
            return { losses, prediction };
        };
        const a = await run(11);
        const b = await run(11);
        const c = await run(12);
        expect(a.losses).toHaveLength(21);
        expect(b).toEqual(a);
        expect(c.losses).not.toEqual(a.losses);
    });

    it('draws a fresh dropout mask every batch (tfjs would reuse one for a fixed seed)', async () => {
        // With lr = 0 the weights never change: batch losses on the same batch differ only by the mask.
        const net = model('D', [2], [dense(0, 2, 64, 'relu'), dropout(1, 64, 0.5), dense(2, 64, 1, 'sigmoid')]);
        const losses: number[] = [];
        const data = xorData(32, 5);
        const r = await train(tf, training(net, { epochs: 3, batchSize: 32, optimizer: { name: 'sgd', learningRate: 1e-30, args: {} } }), data, { onBatchEnd: e => void losses.push(e.loss) }, undefined, noYield);
        expect(new Set(losses).size).toBe(3);
        r.model.dispose();
    });

    it('reports a random seed when none is given, and the run can be repeated with it', async () => {
        const first = await train(tf, training(xorNet(), { epochs: 1, seed: undefined }), xorData(64, 6), {}, undefined, noYield);
        const again = await train(tf, training(xorNet(), { epochs: 1, seed: first.seed }), xorData(64, 6), {}, undefined, noYield);
        expect(Number.isInteger(first.seed)).toBe(true);
        expect(again.history[0].loss).toBe(first.history[0].loss);
        first.model.dispose();
        again.model.dispose();
    });

    it('stops on a non-finite loss, naming epoch and batch, with a learning-rate hint', async () => {
        const before = tf.memory().numTensors;
        const net = mlp('Hot', [4, 32, 3], 'relu', 'linear');
        const desc = training(net, { loss: 'mse', metrics: [], epochs: 5, batchSize: 10, optimizer: { name: 'sgd', learningRate: 1e6, args: {} } });
        const err = await expectTrainingError(train(tf, desc, { ...blobs(60), task: 'regression', numClasses: 0, labelEncoding: 'value', train: { ...blobs(60).train, y: new Float32Array(180).fill(1) } }, {}, undefined, noYield));
        expect(err.code).toBe('non-finite-loss');
        expect(err.message).toMatch(/^the loss became (NaN|Infinity) at epoch \d+, batch \d+ of 6/);
        expect(err.message).toContain('Learning rate too high? Try 10x smaller: learning_rate=100000');
        expect(err.details.epoch).toBeGreaterThanOrEqual(1);
        expect(err.details.batch).toBeGreaterThanOrEqual(1);
        // The model and optimizer of a failed run are released.
        expect(tf.memory().numTensors).toBe(before);
    });

    it('does not leak tensors from epoch to epoch', async () => {
        const bn = layer(1, 'BatchNormalization', [{ className: 'BatchNormalization', config: {} }], [[16]], [16], { total: 64, trainable: 32, nonTrainable: 32 });
        const net = model('Leak', [4], [dense(0, 4, 16, 'relu'), bn, dropout(2, 16, 0.2), dense(3, 16, 3, 'softmax')]);
        const counts: number[] = [];
        const before = tf.memory().numTensors;
        const r = await train(
            tf,
            training(net, { loss: 'categorical_crossentropy', metrics: ['accuracy', 'mae'], epochs: 4, batchSize: 16, validation: 0.25 }),
            blobs(150, 3, 30),
            { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
            undefined,
            noYield
        );
        expect(counts).toHaveLength(4);
        expect(new Set(counts).size).toBe(1);
        // What remains is exactly the model's weights.
        expect(tf.memory().numTensors - before).toBe(r.model.weights.length);
        r.model.dispose();
        expect(tf.memory().numTensors).toBe(before);
    });

    it('stops between batches on abort and keeps the finished epochs and the model', async () => {
        const controller = new AbortController();
        const seen: number[] = [];
        const r = await train(
            tf,
            training(xorNet(), { epochs: 10, batchSize: 16 }),
            xorData(160, 7, 50),
            {
                onBatchEnd: e => {
                    seen.push(e.epoch);
                    if (e.epoch === 3 && e.batch === 4) controller.abort();
                }
            },
            controller.signal,
            noYield
        );
        expect(r.stopped).toBe(true);
        expect(r.history.map((h: EpochLogs) => h.epoch)).toEqual([1, 2]);
        expect(seen.filter(e => e === 3)).toHaveLength(4);
        expect(r.test).toBeUndefined();
        const p = r.model.predict(tf.tensor2d([[0.5, 0.5]])) as ReturnType<typeof tf.tensor2d>;
        expect(p.shape).toEqual([1, 1]);
        p.dispose();
        r.model.dispose();
    });

    it('stops promptly on an abort from outside (a timer), through the yield', async () => {
        const controller = new AbortController();
        let batches = 0;
        let yields = 0;
        setTimeout(() => controller.abort(), 0);
        const r = await train(
            tf,
            training(xorNet(), { epochs: 1000, batchSize: 8 }),
            xorData(80, 8),
            { onBatchEnd: () => void batches++ },
            controller.signal,
            { yieldEveryMs: 0, yieldFn: () => new Promise(res => setTimeout(() => (yields++, res()), 0)) }
        );
        expect(r.stopped).toBe(true);
        expect(yields).toBeGreaterThan(0);
        expect(batches).toBeLessThan(100);
        r.model.dispose();
    });

    it('implements sparse_categorical_crossentropy equal to categorical on one-hot labels', async () => {
        const net = mlp('Cls', [4, 8, 3], 'relu', 'softmax');
        const run = async (loss: string) => {
            const losses: number[] = [];
            const r = await train(tf, training(net, { loss, epochs: 2, batchSize: 25 }), blobs(75, 9, 30), { onBatchEnd: e => void losses.push(e.loss) }, undefined, noYield);
            r.model.dispose();
            return { losses, test: r.test };
        };
        const sparse = await run('sparse_categorical_crossentropy');
        const categorical = await run('categorical_crossentropy');
        expect(sparse.losses).toHaveLength(6);
        sparse.losses.forEach((l, i) => expect(l).toBeCloseTo(categorical.losses[i], 5));
        expect(sparse.test!.accuracy).toBeCloseTo(categorical.test!.accuracy!, 6);
    });

    it('computes categorical cross-entropy like Keras (tf.metrics.categoricalCrossentropy)', async () => {
        const { lossFunction, lossSpec, resolveTargets } = await import('../src/train/index.js');
        const data = blobs(6);
        const enc = resolveTargets(lossSpec('categorical_crossentropy'), [4], [3], data, data.train);
        const y = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3).toFloat();
        const p = tf.tensor2d([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]);
        const ours = lossFunction(tf, 'categorical_crossentropy', enc)(y, p).dataSync()[0];
        const reference = tf.mean(tf.metrics.categoricalCrossentropy(y, p)).dataSync()[0];
        expect(ours).toBeCloseTo(reference, 6);
        tf.dispose([y, p]);
    });

    it('holds out a seeded validation fraction', async () => {
        let start: { trainSamples: number; validationSamples: number } | undefined;
        const r = await train(tf, training(xorNet(), { epochs: 2, validation: 0.2 }), xorData(100, 10), { onStart: e => void (start = e) }, undefined, noYield);
        expect(start).toMatchObject({ trainSamples: 80, validationSamples: 20 });
        expect(Object.keys(r.history[0])).toEqual(expect.arrayContaining(['val_loss', 'val_accuracy']));
        r.model.dispose();
    });

    it('reshapes samples whose element count matches the model input (28×28×1 → [784])', async () => {
        const n = 20;
        const data = { sampleShape: [4, 4, 1], task: 'classification' as const, numClasses: 2, labelEncoding: 'index' as const, train: { x: Float32Array.from({ length: n * 16 }, (_, i) => (i % 7) / 7), y: Float32Array.from({ length: n }, (_, i) => i % 2), count: n } };
        const r = await train(tf, training(mlp('Flat', [16, 4, 1], 'relu', 'sigmoid'), { epochs: 1 }), data, {}, undefined, noYield);
        expect(r.history).toHaveLength(1);
        r.model.dispose();
    });

    it('refuses data that does not fit the model, before allocating anything', async () => {
        const before = tf.memory().numTensors;
        const wrongInput = await expectTrainingError(train(tf, training(mlp('W', [3, 4, 1], 'relu', 'sigmoid')), xorData(10), {}, undefined, noYield));
        expect(wrongInput.code).toBe('data-mismatch');
        expect(wrongInput.message).toMatch(/samples have shape \[2\] \(2 values\) but the model's input is \[3\]/);
        const wrongClasses = await expectTrainingError(train(tf, training(mlp('C', [4, 4, 5], 'relu', 'softmax'), { loss: 'categorical_crossentropy' }), blobs(9), {}, undefined, noYield));
        expect(wrongClasses.message).toMatch(/3 classes but the model's output has 5 units: use Dense\(3, activation=softmax\)/);
        const noTest = await expectTrainingError(train(tf, training(xorNet(), { validation: 'test' }), xorData(10), {}, undefined, noYield));
        expect(noTest.message).toMatch(/no test split/);
        const badMetric = await expectTrainingError(train(tf, training(xorNet(), { metrics: ['precision'] }), xorData(10), {}, undefined, noYield));
        expect(badMetric.message).toMatch(/unknown metric 'precision'/);
        expect(tf.memory().numTensors).toBe(before);
    });

    it('refuses a model too big for memory with the estimate, before allocating', async () => {
        const before = tf.memory().numTensors;
        const huge = model('Huge', [50_000], [dense(0, 50_000, 20_000, 'relu'), dense(1, 20_000, 1, 'sigmoid')]);
        const data = { ...xorData(4), sampleShape: [50_000], train: { x: new Float32Array(4 * 50_000), y: new Float32Array([0, 1, 0, 1]), count: 4 } };
        const err = await expectTrainingError(train(tf, training(huge), data, {}, undefined, noYield));
        expect(err.code).toBe('too-big');
        expect(err.message).toMatch(/model Huge would need about 14\.\d GB to train with batch_size=32 \(weights 3\.\d+ GB, gradients .*optimizer state 7\.\d+ GB.*\); the limit is 2\.00 GB/);
        expect(err.details.estimateBytes).toBeGreaterThan(2 ** 31);
        expect(tf.memory().numTensors).toBe(before);
    });

    it('applies Keras optimizer defaults and refuses unsupported arguments', async () => {
        const { createOptimizer } = await import('../src/train/index.js');
        const adam = createOptimizer(tf, { name: 'adam', learningRate: 0.001, args: {} });
        expect(adam.settings).toEqual({ name: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
        expect(adam.slotsPerParam).toBe(2);
        const rms = createOptimizer(tf, { name: 'rmsprop', learningRate: 0.001, args: {} });
        expect(rms.settings).toMatchObject({ rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
        const sgd = createOptimizer(tf, { name: 'sgd', learningRate: 0.01, args: { momentum: 0.9, nesterov: true } });
        expect(sgd.optimizer.getClassName()).toBe('Momentum');
        [adam, rms, sgd].forEach(o => o.optimizer.dispose());
        expect(() => createOptimizer(tf, { name: 'adam', learningRate: 0.001, args: { amsgrad: true } })).toThrow(/amsgrad/);
        expect(() => createOptimizer(tf, { name: 'sgd', learningRate: 0.01, args: { beta_1: 0.9 } })).toThrow(/no argument 'beta_1'/);
    });

    it('clips gradients with clipnorm (a huge learning rate stays finite)', async () => {
        const net = mlp('Clip', [2, 8, 1], 'tanh', 'sigmoid');
        const r = await train(tf, training(net, { epochs: 2, optimizer: { name: 'sgd', learningRate: 0.5, args: { clipnorm: 0.01 } } }), xorData(64, 12), {}, undefined, noYield);
        expect(r.history.every(h => Number.isFinite(h.loss))).toBe(true);
        r.model.dispose();
    });

    it('trains a regression model with mse and reports mae', async () => {
        const n = 200;
        const x = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 1.7));
        const y = Float32Array.from({ length: n }, (_, i) => 0.5 * x[2 * i] - 0.25 * x[2 * i + 1]);
        const data = { sampleShape: [2], task: 'regression' as const, numClasses: 0, labelEncoding: 'value' as const, train: { x, y, count: n } };
        const net = model('Lin', [2], [dense(0, 2, 1)]);
        const r = await train(tf, training(net, { loss: 'mse', metrics: ['mae'], epochs: 30, optimizer: { name: 'adam', learningRate: 0.05, args: {} } }), data, {}, undefined, noYield);
        expect(r.history.at(-1)!.loss).toBeLessThan(1e-3);
        expect(r.history.at(-1)!.mae).toBeLessThan(0.05);
        r.model.dispose();
    });
});
