/**
 * Every layer kind of the catalogue trains on cpu and, with the trainer's kernels installed, on
 * wasm to the same losses, or its entry declares a gradient kernel wasm lacks. The backend check
 * reads those declarations: nothing else knows which layer needs what.
 */
import { LAYERS } from '@nn-lang/language';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installTrainingKernels, train, type TF } from '../src/train/index.js';
import { registerWasm, selectBackend, wasmBlockers } from '../src/train/node/index.js';
import { exampleTraining } from './layer-examples.js';

const noYield = { yieldEveryMs: 1e9 };

beforeAll(async () => {
    await registerWasm(tf);
    installTrainingKernels(tf);
});

async function lossesOn(backend: 'cpu' | 'wasm', example: Awaited<ReturnType<typeof exampleTraining>>): Promise<number[]> {
    await tf.setBackend(backend);
    await tf.ready();
    const result = await train(tf, example.desc, example.data, {}, undefined, noYield);
    result.model.dispose();
    expect(result.backend).toBe(backend);
    return result.history.map(h => h.loss);
}

describe.each(LAYERS.map(kind => [kind.name, kind] as const))('%s', (_, kind) => {
    it('trains a step on cpu, and on wasm to the same losses unless its entry declares a kernel wasm lacks', async () => {
        const example = await exampleTraining(kind);
        const cpu = await lossesOn('cpu', example);
        expect(cpu.every(Number.isFinite), `${example.text}cpu losses ${cpu}`).toBe(true);

        const blockers = wasmBlockers(tf as TF, example.desc.model);
        if (blockers.length > 0) {
            // Declared unable: every missing kernel is one its entry names, and auto falls back to cpu.
            expect(blockers.map(b => b.kernel).every(k => kind.gradientKernels.wasm?.includes(k))).toBe(true);
            expect((await selectBackend(tf as TF, 'auto', example.desc.model)).backend).toBe('cpu');
            return;
        }
        const wasm = await lossesOn('wasm', example);
        // The second loss follows one update: equal losses mean equal gradients, within float error.
        wasm.forEach((loss, i) => expect(loss, `${example.text}epoch ${i + 1}: wasm ${wasm}, cpu ${cpu}`).toBeCloseTo(cpu[i], 4));
        await tf.setBackend('cpu');
    });

    it('the backend check reports exactly the kernels its entry declares, when the registry lacks them', async () => {
        const example = await exampleTraining(kind);
        const empty = { getKernel: () => undefined } as unknown as TF;
        const declared = (kind.gradientKernels.wasm ?? []).map(kernel => ({ layer: kind.name, kernel }));
        // The example's own head (Flatten, Dense) declares nothing.
        expect(wasmBlockers(empty, example.desc.model).map(({ layer, kernel }) => ({ layer, kernel }))).toEqual(declared);
    });
});
