/**
 * What would fail only after the last epoch is refused before the first (issue 9, item 7): a
 * data set whose test split is empty (a 2-row CSV's 20% holdout), which training ends by measuring.
 */
import { describe, expect, it } from 'vitest';
import { runtimeFailure } from '../src/train/errors.js';
import { train, TrainingError } from '../src/train/index.js';
import { cpu, mlp, training, xorData } from './train-fixtures.js';

describe('late checks come first', () => {
    it('an empty test split is refused before any batch runs', async () => {
        const tf = await cpu();
        const data = { ...xorData(2, 1), test: { x: new Float32Array(0), y: new Float32Array(0), count: 0 } };
        let batches = 0;
        const error = await train(tf, training(mlp('Tiny', [2, 1], 'relu', 'sigmoid'), { epochs: 2, batchSize: 1, loss: 'binary_crossentropy' }), data, { onBatchEnd: () => void batches++ }).catch(e => e);
        expect(error).toBeInstanceOf(TrainingError);
        expect((error as Error).message).toMatch(/test split is empty \(the data has 2 samples\)/);
        expect(batches).toBe(0);
    });
});

describe('a backend out of memory', () => {
    it('is a TrainingError that says so and what to do, not an engine message with a stack', () => {
        const wasm = runtimeFailure(engineError('RuntimeError', 'memory access out of bounds'), 'building Big failed', 'wasm');
        expect(wasm).toBeInstanceOf(TrainingError);
        expect(wasm.code).toBe('runtime');
        expect(wasm.message).toBe('building Big failed on the wasm backend: memory access out of bounds — the wasm backend ran out of memory (WebAssembly can address at most 4 GB, less in practice); use a smaller batch_size or model, or the cpu backend');
        const cpuError = runtimeFailure(new RangeError('Array buffer allocation failed'), 'training failed at epoch 1, batch 3', 'cpu', { epoch: 1, batch: 3 });
        expect(cpuError.message).toMatch(/cpu backend ran out of memory; use a smaller batch_size or model$/);
        expect(cpuError.details).toMatchObject({ epoch: 1, batch: 3 });
        expect(runtimeFailure(new Error('kernel Foo not found'), 'training failed', 'webgl').message).toBe('training failed on the webgl backend: kernel Foo not found');
    });
});

/** What V8 throws from WebAssembly (WebAssembly.RuntimeError, typed only in the DOM library). */
function engineError(name: string, message: string): Error {
    const RuntimeError = (globalThis as unknown as { WebAssembly: Record<string, new (m: string) => Error> }).WebAssembly[name];
    return new RuntimeError(message);
}
