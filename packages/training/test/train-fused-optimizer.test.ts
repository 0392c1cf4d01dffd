/**
 * The fused optimizer step against tfjs's own optimizers: the same gradients applied to the same
 * starting weights for several steps give the same weights, on cpu and on wasm, for every
 * optimizer and option the language accepts (and Keras's clipping).
 */
import type { OptimizerSpec } from '@nn-lang/language';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createFusedUpdater, type FusedSettings } from '../src/train/fused-optimizer.js';
import { createOptimizer } from '../src/train/optimizers.js';
import { registerWasm } from '../src/train/node/backend.js';
import { createUniform } from '../src/train/random.js';

const SPECS: [string, OptimizerSpec][] = [
    ['sgd', { name: 'sgd', learningRate: 0.1, args: {} }],
    ['sgd momentum', { name: 'sgd', learningRate: 0.05, args: { momentum: 0.9 } }],
    ['sgd nesterov', { name: 'sgd', learningRate: 0.05, args: { momentum: 0.8, nesterov: true } }],
    ['rmsprop', { name: 'rmsprop', learningRate: 0.001, args: {} }],
    ['rmsprop momentum', { name: 'rmsprop', learningRate: 0.01, args: { momentum: 0.5, rho: 0.8 } }],
    ['rmsprop centered', { name: 'rmsprop', learningRate: 0.001, args: { centered: true } }],
    ['adam', { name: 'adam', learningRate: 0.001, args: {} }],
    ['adam betas', { name: 'adam', learningRate: 0.03, args: { beta_1: 0.5, beta_2: 0.9, epsilon: 1e-4 } }],
    ['adagrad', { name: 'adagrad', learningRate: 0.1, args: { initial_accumulator_value: 0.3 } }],
    ['adam clipnorm', { name: 'adam', learningRate: 0.01, args: { clipnorm: 0.5 } }],
    ['sgd clipvalue', { name: 'sgd', learningRate: 0.1, args: { clipvalue: 0.05 } }],
    ['rmsprop global_clipnorm', { name: 'rmsprop', learningRate: 0.01, args: { global_clipnorm: 1 } }]
];

const SHAPES = [[7, 5], [5], [3, 3, 2, 4], [1]];
const STEPS = 6;

function randomValues(size: number, rng: () => number, scale: number): Float32Array {
    return Float32Array.from({ length: size }, () => (rng() * 2 - 1) * scale);
}

/** Runs `STEPS` steps with tfjs's optimizer and with the fused one; returns both final weights. */
function runBoth(spec: OptimizerSpec, seed: number): { ours: Float32Array[]; theirs: Float32Array[] } {
    const rng = createUniform(seed);
    const init = SHAPES.map(s => randomValues(s.reduce((p, d) => p * d, 1), rng, 1));
    const gradSteps = Array.from({ length: STEPS }, () => SHAPES.map(s => randomValues(s.reduce((p, d) => p * d, 1), rng, 2)));
    const make = (tag: string) =>
        SHAPES.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(init[i], s), true, `${tag}_${seed}_${i}_${Math.random()}`)));
    const theirsVars = make('theirs');
    const oursVars = make('ours');
    const setup = createOptimizer(tf, spec);
    const updater = createFusedUpdater(tf, setup.settings as FusedSettings, oursVars);
    for (const grads of gradSteps) {
        const named = (vars: tf.Variable[]) => Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor(grads[i], SHAPES[i])]));
        const g1 = named(theirsVars);
        const clipped = setup.clip ? setup.clip(tf, g1) : g1;
        setup.optimizer.applyGradients(clipped);
        if (clipped !== g1) tf.dispose(Object.values(clipped));
        tf.dispose(Object.values(g1));
        const before = tf.memory().numTensors;
        const g2 = named(oursVars);
        updater.apply(g2);
        tf.dispose(Object.values(g2));
        // The fused step keeps no tensors of its own and leaves none behind.
        expect(tf.memory().numTensors).toBe(before);
    }
    const theirs = theirsVars.map(v => v.dataSync() as Float32Array);
    const ours = oursVars.map(v => v.dataSync() as Float32Array);
    setup.optimizer.dispose();
    updater.dispose();
    tf.dispose([...theirsVars, ...oursVars]);
    return { ours, theirs };
}

function maxRelativeError(a: Float32Array[], b: Float32Array[]): number {
    let worst = 0;
    a.forEach((x, i) =>
        x.forEach((v, j) => {
            // tfjs's centered RMSprop takes sqrt(ms − mg² − ε): NaN where that is negative; ours must agree.
            const e = Number.isNaN(v) && Number.isNaN(b[i][j]) ? 0 : Math.abs(v - b[i][j]) / Math.max(1e-3, Math.abs(b[i][j]));
            worst = Math.max(worst, Number.isNaN(e) ? Infinity : e);
        })
    );
    return worst;
}

await registerWasm(tf);

describe.each(['cpu', 'wasm'])('fused optimizer step on %s', backend => {
    it.each(SPECS)('%s matches tfjs\'s optimizer over several steps', async (_name, spec) => {
        await tf.setBackend(backend);
        await tf.ready();
        for (const seed of [1, 2, 3]) {
            const { ours, theirs } = runBoth(spec, seed);
            expect(maxRelativeError(ours, theirs)).toBeLessThan(1e-5);
        }
    });
});

afterAll(async () => {
    await tf.setBackend('cpu');
});
