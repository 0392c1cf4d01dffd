/**
 * Each catalogue layer's own example (`LayerKind.example`) as a checked, trainable description:
 * the example's statements, a Flatten when they end above rank 1, and a sigmoid unit, checked by
 * the language package itself. The data is one batch of small integers, which every layer takes
 * (an Embedding reads them as indices).
 */
import { createNnServices, describeModel, type LayerKind, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import type { DatasetLike } from '../src/train/index.js';
import { derived } from './train-fixtures.js';

const { shared, Nn } = createNnServices(EmptyFileSystem);
let documents = 0;

async function analyse(text: string) {
    const uri = URI.file(`/tmp/nn-layer-examples/${documents++}.nn`);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analysis = Nn.nn.Analyzer.analyze(document);
    const errors = analysis.issues.filter(i => i.severity === 'error').map(i => i.message);
    if (errors.length) throw new Error(`the example does not check:\n${text}\n${errors.join('\n')}`);
    return analysis.models[0];
}

export const BATCH = 2;

export async function exampleTraining(kind: LayerKind): Promise<{ desc: TrainingDescription; data: DatasetLike; text: string }> {
    const { input, statements } = kind.example;
    const body = [`input [${input.join(', ')}]`, ...statements];
    const open = await analyse(`model Example {\n    ${body.join('\n    ')}\n}\n`);
    const rank = open.output!.length;
    const text = `model Example {\n    ${[...body, ...(rank > 1 ? ['Flatten()'] : []), 'Dense(1, activation=sigmoid)'].join('\n    ')}\n}\n`;
    const model = describeModel(await analyse(text))!;
    const desc = derived({
        file: '/tmp/nn-layer-examples/example.nn', line: 1, model, data: { kind: 'xor', n: 4, noise: 0 }, loss: 'binary_crossentropy',
        optimizer: { name: 'adam', learningRate: 0.01, args: {} }, metrics: [], epochs: 2, batchSize: BATCH, seed: 3
    });
    const size = input.reduce((p, d) => p * d, 1);
    const data: DatasetLike = {
        sampleShape: input, task: 'classification', numClasses: 2, classNames: ['a', 'b'], labelEncoding: 'index',
        train: { x: Float32Array.from({ length: BATCH * size }, (_, i) => (i * 7) % 3), y: Float32Array.from({ length: BATCH }, (_, i) => i % 2), count: BATCH }
    };
    return { desc, data, text };
}
