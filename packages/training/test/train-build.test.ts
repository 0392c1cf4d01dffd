import { describe, expect, it } from 'vitest';
import { buildModel, computeFans, orthogonal, TrainingError } from '../src/train/index.js';
import { createUniform } from '../src/train/random.js';
import { cpu, dense, dropout, layer, mlp, model } from './train-fixtures.js';

const tf = await cpu();

function weightsOf(m: { getWeights(): { dataSync(): ArrayLike<number> }[] }): number[][] {
    return m.getWeights().map(w => Array.from(w.dataSync()));
}

function std(values: ArrayLike<number>): number {
    let mean = 0;
    for (let i = 0; i < values.length; i++) mean += values[i];
    mean /= values.length;
    let v = 0;
    for (let i = 0; i < values.length; i++) v += (values[i] - mean) ** 2;
    return Math.sqrt(v / values.length);
}

describe('buildModel', () => {
    it('builds Dense 5→10 with the 60 parameters tfjs counts', () => {
        const m = buildModel(tf, model('D', [5], [dense(0, 5, 10)]), { seed: 1 });
        expect(m.countParams()).toBe(60);
        expect(m.outputs[0].shape).toEqual([null, 10]);
        m.dispose();
    });

    it('builds the seed MLP (669,706 parameters)', () => {
        const d = mlp('MnistMlp', [784, 512, 512, 10], 'relu', 'softmax', i => [dropout(i, 512, 0.2)]);
        const m = buildModel(tf, d, { seed: 1 });
        expect(m.countParams()).toBe(669_706);
        expect(m.layers.map(l => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
        m.dispose();
    });

    it('builds the seed CNN (1,199,882 parameters)', () => {
        const conv = (i: number, inS: number[], outS: number[], filters: number, p: number) =>
            layer(i, 'Conv2D', [{ className: 'Conv2D', config: { filters, kernelSize: [3, 3], activation: 'relu', padding: 'valid' } }], [inS], outS, p);
        const d = model('MnistCnn', [28, 28, 1], [
            conv(0, [28, 28, 1], [26, 26, 32], 32, 320),
            conv(1, [26, 26, 32], [24, 24, 64], 64, 18_496),
            layer(2, 'MaxPooling2D', [{ className: 'MaxPooling2D', config: { poolSize: [2, 2] } }], [[24, 24, 64]], [12, 12, 64], 0),
            layer(3, 'Dropout', [{ className: 'Dropout', config: { rate: 0.25 } }], [[12, 12, 64]], [12, 12, 64], 0),
            layer(4, 'Flatten', [{ className: 'Flatten', config: {} }], [[12, 12, 64]], [9216], 0),
            dense(5, 9216, 128, 'relu'),
            dropout(6, 128, 0.5),
            dense(7, 128, 10, 'softmax')
        ]);
        const m = buildModel(tf, d, { seed: 1 });
        expect(m.countParams()).toBe(1_199_882);
        m.dispose();
    });

    it('wires labelled merges through the functional API', () => {
        // input [4] → a = Dense(8) → Dense(8) → Add(a) → Concatenate(a) → Dense(1)
        const add = layer(2, 'Add', [{ className: 'Add', config: {} }], [[8], [8]], [8], 0, { inputs: [1, 0] });
        const cat = layer(3, 'Concatenate', [{ className: 'Concatenate', config: { axis: -1 } }], [[8], [8]], [16], 0, { inputs: [2, 0] });
        const d = model('Res', [4], [dense(0, 4, 8, 'relu', { label: 'a' }), dense(1, 8, 8), add, cat, dense(4, 16, 1, 'sigmoid')]);
        const m = buildModel(tf, d, { seed: 1 });
        expect(m.countParams()).toBe(40 + 72 + 17);
        const out = tf.tidy(() => m.predict(tf.ones([3, 4])) as ReturnType<typeof tf.ones>);
        expect(out.shape).toEqual([3, 1]);
        out.dispose();
        // The Add layer reads two tensors: the previous statement's and the labelled one.
        const addLayer = m.layers.find(l => l.getClassName() === 'Add')!;
        expect(addLayer.inboundNodes[0].inboundLayers.map(l => l.name)).toEqual(['dense_1', 'dense_0_a']);
        m.dispose();
    });

    it('applies a statement\'s extra tfjs layers in order (leaky_relu as a second layer)', () => {
        const d = model('L', [3], [
            layer(0, 'Dense', [
                { className: 'Dense', config: { units: 4, activation: 'linear' } },
                { className: 'LeakyReLU', config: { alpha: 0.2 } }
            ], [[3]], [4], 16)
        ]);
        const m = buildModel(tf, d, { seed: 1 });
        expect(m.layers.map(l => l.getClassName())).toEqual(['InputLayer', 'Dense', 'LeakyReLU']);
        m.dispose();
    });

    it('ignores inputShape in configs: the tf.input it creates decides', () => {
        const d = model('I', [5], [dense(0, 5, 10, 'linear', { config: { inputShape: [99] } })]);
        const m = buildModel(tf, d, { seed: 1 });
        expect(m.countParams()).toBe(60);
        m.dispose();
    });

    it('refuses a parameter count that disagrees, naming the layer', () => {
        const bad = dense(1, 8, 4, 'linear', { params: { total: 33, trainable: 33, nonTrainable: 0 } });
        const d = model('Bad', [3], [dense(0, 3, 8, 'relu'), bad]);
        try {
            buildModel(tf, d, { seed: 1 });
            expect.unreachable();
        } catch (e) {
            expect(e).toBeInstanceOf(TrainingError);
            expect((e as TrainingError).code).toBe('param-count');
            expect((e as Error).message).toMatch(/layer 2 \(Dense, line 3\).*33 parameters.*36/);
            expect((e as TrainingError).details.layerIndex).toBe(1);
        }
    });

    it('refuses trainable counts that disagree (BatchNormalization: 4·c total, 2·c trainable)', () => {
        const bn = (trainable: number) =>
            layer(1, 'BatchNormalization', [{ className: 'BatchNormalization', config: {} }], [[6]], [6], { total: 24, trainable, nonTrainable: 24 - trainable });
        const good = buildModel(tf, model('BN', [3], [dense(0, 3, 6), bn(12)]), { seed: 1 });
        expect(good.countParams()).toBe(24 + 24);
        good.dispose();
        expect(() => buildModel(tf, model('BN', [3], [dense(0, 3, 6), bn(24)]), { seed: 1 })).toThrow(/24 parameters \(24 trainable\) but tfjs built 24 \(12 trainable\)/);
    });

    it('names unknown classes and bad configs clearly', () => {
        const d = model('U', [3], [layer(0, 'Dense', [{ className: 'Densely', config: {} }], [[3]], [3], 0)]);
        expect(() => buildModel(tf, d)).toThrow(/layer 1 \(Dense, line 2\): tfjs has no layer class 'Densely'/);
        const shape = model('S', [3], [layer(0, 'Conv2D', [{ className: 'Conv2D', config: { filters: 2, kernelSize: 3 } }], [[3]], [1], 0)]);
        expect(() => buildModel(tf, shape)).toThrow(/layer 1 \(Conv2D, line 2\): tfjs could not apply Conv2D to shape \[3\]/);
    });
});

describe('seeded initial weights', () => {
    const net = () => mlp('N', [6, 16, 16, 3], 'relu', 'softmax');

    it('gives identical weights for the same seed and different ones for another', () => {
        const a = buildModel(tf, net(), { seed: 42 });
        const b = buildModel(tf, net(), { seed: 42 });
        const c = buildModel(tf, net(), { seed: 43 });
        expect(weightsOf(a)).toEqual(weightsOf(b));
        expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
        [a, b, c].forEach(m => m.dispose());
    });

    it('draws glorot_uniform within ±sqrt(6/(in+out)) and zero biases', () => {
        const m = buildModel(tf, model('G', [300], [dense(0, 300, 200)]), { seed: 5 });
        const [kernel, bias] = m.getWeights().map(w => w.dataSync());
        const limit = Math.sqrt(6 / 500);
        expect(Math.max(...Array.from(kernel, Math.abs))).toBeLessThanOrEqual(limit);
        expect(std(kernel)).toBeCloseTo(limit / Math.sqrt(3), 3);
        expect(Array.from(bias).every(v => v === 0)).toBe(true);
        m.dispose();
    });

    it('draws he_normal as Keras does: truncated at 2σ, stddev sqrt(2/fan_in) after truncation', () => {
        const m = buildModel(tf, model('H', [400], [dense(0, 400, 300, 'relu', { config: { kernelInitializer: 'heNormal' } })]), { seed: 5 });
        const kernel = m.getWeights()[0].dataSync();
        const target = Math.sqrt(2 / 400);
        expect(std(kernel) / target).toBeGreaterThan(0.98);
        expect(std(kernel) / target).toBeLessThan(1.02);
        expect(Math.max(...Array.from(kernel, Math.abs))).toBeLessThanOrEqual((2 * target) / 0.8796256610342398 + 1e-6);
        m.dispose();
    });

    it('uses Keras fans for conv kernels (receptive field × channels)', () => {
        expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
        expect(computeFans([5, 8, 4])).toEqual([40, 20]);
        expect(computeFans([7, 9])).toEqual([7, 9]);
    });

    it('initialises LSTM kernels: glorot input kernel, orthogonal recurrent kernel, forget-gate bias 1', () => {
        const units = 8;
        const lstm = layer(0, 'LSTM', [{ className: 'LSTM', config: { units, unitForgetBias: true } }], [[5, 3]], [units], 4 * units * (3 + units + 1));
        const m = buildModel(tf, model('R', [5, 3], [lstm]), { seed: 9 });
        const [kernel, recurrent, bias] = m.getWeights();
        expect(kernel.shape).toEqual([3, 32]);
        const r = recurrent.arraySync() as number[][];
        // [units, 4·units] with orthonormal rows: R·Rᵀ = I.
        for (let i = 0; i < units; i++) {
            for (let j = 0; j < units; j++) {
                const dot = r[i].reduce((s, v, k) => s + v * r[j][k], 0);
                expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
            }
        }
        const b = Array.from(bias.dataSync());
        expect(b.slice(units, 2 * units)).toEqual(new Array(units).fill(1));
        expect(b.slice(0, units).concat(b.slice(2 * units))).toEqual(new Array(3 * units).fill(0));
        m.dispose();
    });

    it('initialises BatchNormalization as gamma 1, beta 0, moving mean 0, moving variance 1', () => {
        const bn = layer(1, 'BatchNormalization', [{ className: 'BatchNormalization', config: {} }], [[4]], [4], { total: 16, trainable: 8, nonTrainable: 8 });
        const m = buildModel(tf, model('B', [3], [dense(0, 3, 4), bn]), { seed: 1 });
        const w = m.layers[2].getWeights().map(t => Array.from(t.dataSync()));
        expect(w).toEqual([[1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]);
        m.dispose();
    });

    it('builds orthogonal matrices for tall, wide and conv-shaped weights', () => {
        for (const shape of [[12, 5], [5, 12], [3, 3, 2, 4]]) {
            const v = orthogonal(shape, 1, createUniform(3));
            const cols = shape[shape.length - 1];
            const rows = v.length / cols;
            // The smaller side is orthonormal.
            const [n, m, at] = rows >= cols ? [cols, rows, (r: number, c: number) => v[r * cols + c]] : [rows, cols, (r: number, c: number) => v[c * cols + r]];
            for (let i = 0; i < n; i++) {
                for (let j = 0; j < n; j++) {
                    let dot = 0;
                    for (let k = 0; k < m; k++) dot += at(k, i) * at(k, j);
                    expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
                }
            }
        }
    });

    it('does not leave tensors behind', () => {
        const before = tf.memory().numTensors;
        const m = buildModel(tf, net(), { seed: 1 });
        const weights = m.weights.length;
        m.dispose();
        expect(weights).toBe(6);
        expect(tf.memory().numTensors).toBe(before);
    });
});
