/**
 * Where wasm starts to beat cpu (not a unit test): ms per epoch for small dense models, which
 * decides the size below which `selectBackend('auto')` keeps cpu.
 * Run: node scripts/run-ts.mjs packages/training/test/train-backend-crossover.ts
 */
import * as tf from '@tensorflow/tfjs';
import { train } from '../src/train/index.js';
import { registerWasm } from '../src/train/node/backend.js';
import { layer, mlp, model, dense, training } from './train-fixtures.js';

const cases = [
    { name: 'xor 2-8-8-1 (105 params), batch 16', m: mlp('A', [2, 8, 8, 1], 'tanh', 'sigmoid'), batch: 16 },
    { name: 'iris 4-BN-16-3 (131 params), batch 16', m: model('B', [4], [layer(0, 'BatchNormalization', [{ className: 'BatchNormalization', config: {} }], [[4]], [4], { total: 16, trainable: 8, nonTrainable: 8 }), { ...dense(1, 4, 16, 'relu'), inputs: [0] }, { ...dense(2, 16, 3, 'softmax'), inputs: [1] }]), batch: 16 },
    { name: '2-64-64-1 (4,417 params), batch 32', m: mlp('C', [2, 64, 64, 1], 'relu', 'sigmoid'), batch: 32 },
    { name: '784-16-16-10 (13,002 params), batch 32', m: mlp('D', [784, 16, 16, 10], 'relu', 'softmax'), batch: 32 },
    { name: '784-64-10 (50,890 params), batch 32', m: mlp('E', [784, 64, 10], 'relu', 'softmax'), batch: 32 }
];
await registerWasm(tf);
for (const c of cases) {
    const inSize = c.m.input[0];
    const units = c.m.output[0];
    const n = 1024;
    const data = {
        sampleShape: c.m.input, task: 'classification' as const, numClasses: Math.max(2, units), labelEncoding: 'index' as const,
        train: { x: Float32Array.from({ length: n * inSize }, (_, i) => Math.sin(i)), y: Float32Array.from({ length: n }, (_, i) => i % Math.max(2, units)), count: n }
    };
    const row = [c.name.padEnd(42)];
    for (const b of ['cpu', 'wasm']) {
        await tf.setBackend(b);
        const r = await train(tf, training(c.m, { loss: units === 1 ? 'binary_crossentropy' : 'categorical_crossentropy', epochs: 5, batchSize: c.batch }), data, {}, undefined, { yieldEveryMs: 1000 });
        const t = r.history.slice(1).map(h => h.seconds * 1000).sort((x, y) => x - y);
        row.push(`${b} ${Math.round(t[2])} ms`);
        r.model.dispose();
    }
    console.log(row.join(' | '));
}
