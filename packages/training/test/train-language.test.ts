/**
 * The contract end to end: descriptions produced by the language package from the repository's
 * example files build in tfjs with exactly the parameter counts the editor shows, and train a step.
 */
import { createNnServices, describeModel, describeTraining, type ModelDescription, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, train } from '../src/train/index.js';
import { cpu, derived } from './train-fixtures.js';

const tf = await cpu();
const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const { shared, Nn } = createNnServices(EmptyFileSystem);

/** Every model of a file, with its train block's settings when one names it. */
async function descriptions(file: string): Promise<TrainingDescription[]> {
    const uri = URI.file(join(examples, file));
    const document = shared.workspace.LangiumDocumentFactory.fromString(readFileSync(join(examples, file), 'utf8'), uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analysis = Nn.nn.Analyzer.analyze(document);
    const errors = analysis.issues.filter(i => i.severity === 'error');
    expect(errors.map(e => e.message), file).toEqual([]);
    const trains = analysis.trains.map(t => describeTraining(t, uri)).filter((d): d is TrainingDescription => d !== undefined);
    const models = analysis.models.map(m => describeModel(m)).filter((m): m is ModelDescription => m !== undefined);
    expect(models.length, file).toBe(analysis.models.length);
    return models.map(model => trains.find(t => t.model.name === model.name) ?? untrained(model, uri.fsPath));
}

/** Settings for a model no train block names: the loss its output layer suggests. */
function untrained(model: ModelDescription, file: string): TrainingDescription {
    const activation = String(model.layers[model.layers.length - 1].args.activation ?? 'linear');
    const loss = activation === 'softmax' ? 'sparse_categorical_crossentropy' : activation === 'sigmoid' ? 'binary_crossentropy' : 'mse';
    return derived({ file, line: 1, model, data: { kind: 'iris' }, loss, optimizer: { name: 'adam', learningRate: 0.001, args: {} }, metrics: [], epochs: 1, batchSize: 4 });
}

const files = readdirSync(examples).filter(f => f.endsWith('.nn')).sort();

describe('examples/*.nn through the trainer', () => {
    it('has examples to check', () => {
        expect(files.length).toBeGreaterThanOrEqual(5);
    });

    it.each(files)('%s builds every model with the promised parameter counts and trains a step', async file => {
        const descs = await descriptions(file);
        expect(descs.length, `${file} has models`).toBeGreaterThan(0);
        for (const desc of descs) {
            const built = buildModel(tf, desc.model, { seed: 1 });
            expect(built.countParams()).toBe(desc.model.params.total);
            built.dispose();
            // One batch of synthetic data: the step exercises every layer's gradient on cpu.
            const n = 2;
            const size = desc.model.input.reduce((p, d) => p * d, 1);
            const units = desc.model.output.reduce((p, d) => p * d, 1);
            const classification = desc.loss.includes('crossentropy');
            const classes = classification ? Math.max(2, units) : 0;
            const data = {
                sampleShape: desc.model.input,
                task: classification ? ('classification' as const) : ('regression' as const),
                numClasses: classes,
                labelEncoding: classification ? ('index' as const) : ('value' as const),
                train: {
                    x: Float32Array.from({ length: n * size }, (_, i) => (i % 5) / 5),
                    y: Float32Array.from({ length: n * (classification ? 1 : units) }, (_, i) => (classification ? i % classes : i / 4)),
                    count: n
                }
            };
            const r = await train(tf, { ...desc, epochs: 1, batchSize: n, validation: undefined }, data, {}, undefined, { yieldEveryMs: 1e9 });
            expect(Number.isFinite(r.history[0].loss)).toBe(true);
            r.model.dispose();
        }
    });
});
