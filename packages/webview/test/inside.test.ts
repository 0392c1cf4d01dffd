/** Inside the network: each layer's output for one sample, against tfjs run layer by layer; the first conv's filters. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { insideView, splitFilters, splitMaps } from '../src/inside.js';

beforeAll(() => tf.setBackend('cpu'));

describe('inside the network', () => {
    it('splits [h, w, c] maps and [kh, kw, in, out] kernels channel by channel', () => {
        // 1×2 image, 3 channels: pixel-major values 0..5.
        expect(splitMaps([0, 1, 2, 3, 4, 5], [1, 2, 3], 2)).toEqual([0, 3, 1, 4]);
        // 1×2 kernel, 2 in, 2 out: values index (i·in + c)·out + f.
        expect(splitFilters([0, 1, 2, 3, 4, 5, 6, 7], [1, 2, 2, 2], 2)).toEqual([0, 4, 1, 5]);
    });

    it('gives every layer’s output for one sample, equal to applying the layers one after another', async () => {
        const model = tf.sequential({
            layers: [
                tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
                tf.layers.maxPooling2d({ poolSize: 2 }),
                tf.layers.flatten(),
                tf.layers.dense({ units: 3, activation: 'softmax' })
            ]
        });
        const sample = Float32Array.from({ length: 36 }, (_, i) => Math.sin(i));
        const before = tf.memory().numTensors;
        const view = await insideView(tf, model, sample, 7);
        expect(tf.memory().numTensors).toBe(before);
        expect(view.sampleIndex).toBe(7);
        expect(view.layers.map(l => [l.shape, l.maps])).toEqual([[[4, 4, 4], 4], [[2, 2, 4], 4], [[16], undefined], [[3], undefined]]);
        // Differential: tfjs applying each layer in turn.
        let x: tf.Tensor = tf.tensor(sample, [1, 6, 6, 1]);
        const expected: number[][] = [];
        for (const layer of model.layers) {
            x = layer.apply(x) as tf.Tensor;
            const shape = x.shape.slice(1) as number[];
            const data = Array.from(x.dataSync());
            expected.push(shape.length === 3 ? splitMaps(data, shape, shape[2]) : data);
        }
        view.layers.forEach((l, i) => l.values.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 5)));
        expect(view.filters).toMatchObject({ height: 3, width: 3, count: 4 });
        expect(view.filters!.values).toEqual(splitFilters(model.layers[0].getWeights()[0].dataSync(), [3, 3, 1, 4], 4));
        model.dispose();
    });
});
