/**
 * One memory estimate: the analysis computes it (the editor's hover and huge-model warning show it
 * for batch 32 and Adam), the description carries it at the block's own batch size and optimizer,
 * and the trainer refuses by exactly that number, not a recomputation of its own.
 */
import { createNnServices, describeTraining, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { train, TrainingError } from '../src/train/index.js';
import { cpu, xorData } from './train-fixtures.js';

const tf = await cpu();
const { shared, Nn } = createNnServices(EmptyFileSystem);

async function analyse(text: string) {
    const uri = URI.file('/tmp/nn-memory/model.nn');
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analysis = Nn.nn.Analyzer.analyze(document);
    shared.workspace.LangiumDocuments.deleteDocument(uri);
    expect(analysis.issues.filter(i => i.severity === 'error').map(i => i.message)).toEqual([]);
    return { analysis, desc: describeTraining(analysis.trains[0], uri) as TrainingDescription };
}

const cnn = (batch: number, optimizer: string) => `model Cnn {
    input [2, 1, 1]
    Conv2D(4, 1, padding=same, activation=relu)
    BatchNormalization()
    Flatten()
    Dense(1, activation=sigmoid)
}
train Cnn {
    data = xor
    loss = binary_crossentropy
    optimizer = ${optimizer}
    batch_size = ${batch}
}
`;

describe('the memory estimate', () => {
    it('is the editor\'s figure when the block trains as the editor assumes (batch 32, Adam)', async () => {
        const { analysis, desc } = await analyse(cnn(32, 'Adam()'));
        expect(desc.memory).toEqual(analysis.models[0].memory);
        // weights of all parameters; gradients and two Adam slots for the trainable ones only.
        const { total, trainable } = desc.model.params;
        expect(desc.memory).toMatchObject({ weights: 4 * total, gradients: 4 * trainable, optimizerState: 8 * trainable, batchSize: 32 });
    });

    it('follows the block\'s batch size and optimizer', async () => {
        const { analysis, desc } = await analyse(cnn(8, 'SGD(momentum=0.9)'));
        expect(desc.memory.batchSize).toBe(8);
        expect(desc.memory.optimizerState).toBe(4 * desc.model.params.trainable);
        expect(desc.memory.bytes).toBeLessThan(analysis.models[0].memory!.bytes);
    });

    it('is what the trainer refuses by: one byte over the limit fails, at the limit it trains', async () => {
        const { desc } = await analyse(cnn(4, 'Adam()'));
        const data = xorData(8);
        const over = train(tf, { ...desc, epochs: 1 }, { ...data, sampleShape: [2, 1, 1] }, {}, undefined, { yieldEveryMs: 1e9, memoryLimitBytes: desc.memory.bytes - 1 });
        await expect(over).rejects.toBeInstanceOf(TrainingError);
        await expect(over).rejects.toMatchObject({ code: 'too-big', details: { estimateBytes: desc.memory.bytes } });
        const fits = await train(tf, { ...desc, epochs: 1 }, { ...data, sampleShape: [2, 1, 1] }, {}, undefined, { yieldEveryMs: 1e9, memoryLimitBytes: desc.memory.bytes });
        expect(fits.history).toHaveLength(1);
        fits.model.dispose();
    });
});
