/**
 * Both ways between the checker and the loaders: every kind of `DataSpec` in the catalogue is
 * accepted by the checker and loaded by the Node loader, as the catalogue describes it; a name
 * outside the catalogue is refused by both.
 */
import { createNnServices, DATA_KINDS, DATA_SETS, describeTraining, type DataKind, type DataSetEntry, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../src/data/index.js';
import { loadDataset } from '../src/data/node/index.js';

const { shared, Nn } = createNnServices(EmptyFileSystem);
const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
let documents = 0;

async function check(text: string) {
    const uri = URI.file(join(examples, `registry-${documents++}.nn`));
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analysis = Nn.nn.Analyzer.analyze(document);
    return { analysis, uri };
}

/** A train block for the kind, with a model that fits what the catalogue says its samples are. */
function trainText(kind: DataKind, entry: DataSetEntry): string {
    const facts = entry.facts;
    const data = kind === 'csv' ? 'csv("data/houses.csv", label="price")' : kind;
    const input = facts?.sampleShape ?? [3];
    const head = facts?.task === 'classification' ? `Dense(${facts.numClasses}, activation=softmax)` : 'Dense(1)';
    const loss = facts?.task === 'classification' ? 'sparse_categorical_crossentropy' : 'mse';
    const layers = [...(input.length > 1 ? ['Flatten()'] : []), head];
    return `model M {\n    input [${input.join(', ')}]\n    ${layers.join('\n    ')}\n}\ntrain M {\n    data = ${data}\n    loss = ${loss}\n}\n`;
}

describe.each(DATA_KINDS.map(kind => [kind, DATA_SETS[kind] as DataSetEntry] as const))('%s', (kind, entry) => {
    it('the checker accepts it, and the Node loader loads what the catalogue says', async () => {
        const { analysis, uri } = await check(trainText(kind, entry));
        expect(analysis.issues.filter(i => i.severity === 'error').map(i => i.message)).toEqual([]);
        const desc = describeTraining(analysis.trains[0], uri) as TrainingDescription;
        expect(desc.data.kind).toBe(kind);
        if (entry.install && !existsSync(entry.install.dir)) {
            throw new Error(`${kind} needs the Debian package ${entry.install.debianPackage}: run \`npm run setup:data\` (npm test does)`);
        }
        const dataset = await loadDataset(desc.data, { task: desc.task, seed: 1 });
        expect(dataset.task).toBe(desc.task);
        if (entry.facts) {
            const { sampleShape, numClasses, classNames, trainCount, testCount, task } = entry.facts;
            expect({ sampleShape: dataset.sampleShape, numClasses: dataset.numClasses, classNames: dataset.classNames, task: dataset.task, trainCount: dataset.train.count, testCount: dataset.test?.count })
                .toEqual({ sampleShape, numClasses, classNames, task, trainCount, testCount });
        }
    }, 60_000);
});

describe('a data set outside the catalogue', () => {
    it('is refused by the checker and by the loader', async () => {
        const { analysis } = await check('model M {\n    input [2]\n    Dense(2)\n}\ntrain M {\n    data = imagenet\n    loss = mse\n}\n');
        expect(analysis.issues.map(i => i.message)).toContainEqual(expect.stringMatching(/^Unknown data set imagenet\. Data sets: mnist, iris, .*fashion_mnist.*, csv\.$/));
        const load = loadDataset({ kind: 'imagenet' } as never);
        await expect(load).rejects.toBeInstanceOf(DataError);
        await expect(load).rejects.toThrow(`unknown data set 'imagenet'; known: ${DATA_KINDS.join(', ')}`);
    });
});
