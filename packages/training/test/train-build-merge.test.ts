import * as tf from '@tensorflow/tfjs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { beforeAll, expect, it } from 'vitest';
import { createNnServices, describeModel, type ast } from '@nn-lang/language';
import { buildModel } from '../src/train/build-model.js';

const { Nn } = createNnServices(EmptyFileSystem);
const parse = parseHelper<ast.Document>(Nn);

beforeAll(async () => {
    await tf.setBackend('cpu');
});

// tfjs 4.22 disposes a tensor fed twice to one merge before a later layer reads it again.
it('builds and runs a model that feeds one label twice to a merge and reads it again later', async () => {
    const document = await parse('model M {\n    input [3]\n    x = Dense(3)\n    Add(x)\n    Dense(3)\n    Add(x)\n}\n', { validation: true });
    const description = describeModel(Nn.nn.Analyzer.analyze(document).models[0])!;
    expect(description.layers[1].inputs).toEqual([0, 0]);
    const model = buildModel(tf, description, { seed: 1 });
    const x = tf.zeros([2, 3]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    expect(model.countParams()).toBe(description.params.total);
    tf.dispose([x, y]);
    model.dispose();
});
