/**
 * The catalogue's `gradientKernels.wasm` declarations are measured, not guessed: on tfjs-backend-wasm
 * as it ships (the trainer's kernels NOT installed, so this file runs in its own process), a layer
 * that declares nothing trains, and one that declares kernels fails on exactly one of them.
 */
import { LAYERS } from '@nn-lang/language';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src/train/index.js';
import { registerWasm } from '../src/train/node/index.js';
import { exampleTraining } from './layer-examples.js';

beforeAll(async () => {
    await registerWasm(tf);
    await tf.setBackend('wasm');
    await tf.ready();
});

describe.each(LAYERS.map(kind => [kind.name, kind] as const))('%s', (_, kind) => {
    const declared = kind.gradientKernels.wasm ?? [];
    it(declared.length ? `cannot train on bare wasm: it lacks ${declared.join(', ')}` : 'trains on bare wasm', async () => {
        const example = await exampleTraining(kind);
        const run = train(tf, example.desc, example.data, {}, undefined, { yieldEveryMs: 1e9, fastKernels: false });
        if (declared.length === 0) {
            const result = await run;
            expect(result.backend).toBe('wasm');
            expect(result.history.every(h => Number.isFinite(h.loss))).toBe(true);
            result.model.dispose();
        } else {
            await expect(run).rejects.toThrow(new RegExp(`Kernel '(${declared.join('|')})' not registered for backend 'wasm'`));
        }
    });
});
