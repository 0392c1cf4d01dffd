/**
 * Node backend speeds (not a unit test): ms per epoch on cpu and wasm for a few models, with
 * synthetic data (speed does not depend on the values). Decides what `selectBackend('auto')` picks.
 * Run: node scripts/run-ts.mjs packages/training/test/train-backend-speed.ts [cpu|wasm ...] [--tfjs-kernels]
 * (`--tfjs-kernels` keeps tfjs's own slow cpu gradient kernels; CASES=regex picks models.)
 */
import * as tf from '@tensorflow/tfjs';
import { EmptyFileSystem, URI } from 'langium';
import { createNnServices, describeModel, type ModelDescription, type TrainingDescription } from '@nn-lang/language';
import { train } from '../src/train/index.js';
import { registerWasm } from '../src/train/node/backend.js';
import { derived } from './train-fixtures.js';

const { shared, Nn } = createNnServices(EmptyFileSystem);

async function modelOf(body: string): Promise<ModelDescription> {
    const uri = URI.parse(`memory:///speed-${Math.random()}.nn`);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(`model M {\n${body}\n}`, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const analysis = Nn.nn.Analyzer.analyze(doc);
    const errors = analysis.issues.filter(i => i.severity === 'error');
    if (errors.length) throw new Error(errors.map(e => e.message).join('\n'));
    return describeModel(analysis.models[0])!;
}

const CASES: { name: string; body: string; samples: number; batch: number; classes: number }[] = [
    { name: 'xor 2-8-8-1, 1k samples, batch 32', body: 'input [2]\nDense(8, activation=tanh)\nDense(8, activation=tanh)\nDense(1, activation=sigmoid)', samples: 1000, batch: 32, classes: 2 },
    { name: 'MLP 784-128-10, 10k samples, batch 128', body: 'input [784]\nDense(128, activation=relu)\nDense(10, activation=softmax)', samples: 10000, batch: 128, classes: 10 },
    { name: 'MLP 784-512-512-10 (seed), 10k, batch 128', body: 'input [784]\nDense(512, activation=relu)\nDropout(0.2)\nDense(512, activation=relu)\nDropout(0.2)\nDense(10, activation=softmax)', samples: 10000, batch: 128, classes: 10 },
    { name: 'LSTM(32) on [20, 8], 2k, batch 64', body: 'input [20, 8]\nLSTM(32)\nDense(4, activation=softmax)', samples: 2000, batch: 64, classes: 4 },
    { name: 'small CNN 28x28 Conv(8)-Pool-Dense, 2k, batch 128', body: 'input [28, 28, 1]\nConv2D(8, 3, activation=relu)\nMaxPooling2D(2)\nFlatten()\nDense(10, activation=softmax)', samples: 2000, batch: 128, classes: 10 },
    { name: 'seed CNN (MnistCnn, 1.2M params), 1k, batch 128', body: 'input [28, 28, 1]\nConv2D(32, 3, activation=relu)\nConv2D(64, 3, activation=relu)\nMaxPooling2D(2)\nDropout(0.25)\nFlatten()\nDense(128, activation=relu)\nDropout(0.5)\nDense(10, activation=softmax)', samples: 1000, batch: 128, classes: 10 },
    { name: 'pooling-only 28x28 MaxPool-Dense, 2k, batch 128', body: 'input [28, 28, 1]\nMaxPooling2D(2)\nFlatten()\nDense(64, activation=relu)\nDense(10, activation=softmax)', samples: 2000, batch: 128, classes: 10 }
];

const args = process.argv.slice(2);
const fastKernels = !args.includes('--tfjs-kernels');
const backends = args.filter(a => !a.startsWith('--')).length ? args.filter(a => !a.startsWith('--')) : ['cpu', 'wasm'];
const only = process.env.CASES ? new RegExp(process.env.CASES) : undefined;
await registerWasm(tf);
for (const c of CASES.filter(c => !only || only.test(c.name))) {
    const model = await modelOf(c.body);
    const size = model.input.reduce((p, d) => p * d, 1);
    const x = Float32Array.from({ length: c.samples * size }, (_, i) => Math.sin(i * 0.37));
    const y = Float32Array.from({ length: c.samples }, (_, i) => i % c.classes);
    const data = { sampleShape: model.input, task: 'classification' as const, numClasses: c.classes, labelEncoding: 'index' as const, train: { x, y, count: c.samples } };
    const desc: TrainingDescription = derived({
        file: '/tmp/speed.nn', line: 1, model, data: { kind: 'iris' }, loss: c.classes === 2 ? 'binary_crossentropy' : 'categorical_crossentropy',
        optimizer: { name: 'adam', learningRate: 0.001, args: {} }, metrics: ['accuracy'], epochs: 3, batchSize: c.batch, seed: 1
    });
    const row: string[] = [c.name.padEnd(52)];
    for (const b of backends) {
        await tf.setBackend(b);
        await tf.ready();
        try {
            const r = await train(tf, desc, data, {}, undefined, { yieldEveryMs: 1000, fastKernels });
            // The first epoch includes warm-up (kernel setup, optimizer slots): report the median of the rest.
            const times = r.history.slice(1).map(h => h.seconds * 1000).sort((a, b) => a - b);
            row.push(`${b} ${Math.round(times[Math.floor(times.length / 2)])} ms/epoch (loss ${r.history.at(-1)!.loss.toFixed(4)})`);
            r.model.dispose();
        } catch (e) {
            row.push(`${b} fails: ${(e as Error).message.slice(0, 90)}`);
        }
    }
    console.log(row.join(' | '));
}
