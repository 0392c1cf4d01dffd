import { describe, expect, it } from 'vitest';
import { expectCompletion } from 'langium/test';
import { InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { LAYERS } from '../src/catalogue/layers.js';
import { ACTIVATIONS } from '../src/catalogue/vocabulary.js';
import { Nn } from './helpers.js';

const complete = expectCompletion(Nn);

/** The labels offered at the single `<|>` in `text`, in the order an editor lists them (sortText, then label). */
async function labels(text: string): Promise<string[]> {
    let result: string[] = [];
    const key = (i: CompletionItem) => i.sortText ?? i.label;
    await complete({
        text, index: 0,
        assert: (list: CompletionList) => {
            result = [...list.items].sort((a, b) => key(a).localeCompare(key(b)) || a.label.localeCompare(b.label)).map(i => i.label);
        }
    });
    return result;
}

async function item(text: string, label: string): Promise<CompletionItem> {
    let found: CompletionItem | undefined;
    await complete({ text, index: 0, assert: list => { found = list.items.find(i => i.label === label); } });
    expect(found, `no completion item ${label}`).toBeDefined();
    return found!;
}

const layerNames = LAYERS.map(l => l.name);
const activationNames = ACTIVATIONS.map(a => a.name);

describe('completion in a model', () => {
    it('offers every layer kind at the start of a statement, and `input` only first', async () => {
        expect(await labels('model M {\n    input [4]\n    <|>\n}')).toEqual(layerNames);
        expect(await labels('model M {\n    <|>\n}')).toEqual(['input', ...layerNames]);
        expect(await labels('model M {\n    input [4]\n    Dense(10) <|>\n}')).toEqual(layerNames);
        expect(await labels('model M {\n    input [4]\n    skip = <|>\n}')).toEqual(layerNames);
    });

    it('filters layer kinds by what is typed, and inserts required arguments as a snippet', async () => {
        expect(await labels('model M {\n    input [4]\n    Conv<|>\n}')).toEqual(['Conv1D', 'Conv2D', 'Conv2DTranspose']);
        const dense = await item('model M {\n    input [4]\n    Den<|>\n}', 'Dense');
        expect(dense.textEdit).toMatchObject({ newText: 'Dense(${1:units})' });
        expect(dense.insertTextFormat).toBe(InsertTextFormat.Snippet);
        expect(dense.documentation).toMatchObject({ kind: 'markdown', value: expect.stringContaining('`y = activation(x·W + b)`') });
        expect((await item('model M {\n    input [4]\n    <|>\n}', 'Conv2D')).insertText).toBe('Conv2D(${1:filters}, ${2:kernel_size})');
        expect((await item('model M {\n    input [4]\n    <|>\n}', 'Flatten')).insertText).toBe('Flatten()');
        expect((await item('model M {\n    input [4]\n    <|>\n}', 'Activation')).insertText).toBe(`Activation(\${1|${activationNames.join(',')}|})`);
    });

    it('offers the labels above as the choices of a merge snippet', async () => {
        const add = await item('model M {\n    input [4]\n    a = Dense(4)\n    b = Dense(4)\n    <|>\n}', 'Add');
        expect(add.insertText).toBe('Add(${1|a,b|})');
    });

    it('offers only the argument names of that layer, minus those already given', async () => {
        expect(await labels('model M {\n    input [4]\n    Dense(10, <|>)\n}')).toEqual(['activation', 'use_bias', 'kernel_initializer', 'bias_initializer']);
        expect(await labels('model M {\n    input [4]\n    Dense(10, use_bias=false, <|>)\n}')).toEqual(['activation', 'kernel_initializer', 'bias_initializer']);
        expect(await labels('model M {\n    input [4]\n    Dense(<|>)\n}')).toContain('units');
        expect(await labels('model M {\n    input [4]\n    Dropout(0.5, <|>)\n}')).toEqual([]);
        const activation = await item('model M {\n    input [4]\n    Dense(10, act<|>)\n}', 'activation');
        expect(activation.textEdit).toMatchObject({ newText: 'activation=' });
        expect(activation.command?.command).toBe('editor.action.triggerSuggest');
    });

    it('offers the values of the argument\'s type', async () => {
        expect(await labels('model M {\n    input [4]\n    Dense(10, activation=<|>)\n}')).toEqual(activationNames);
        expect(await labels('model M {\n    input [4]\n    Dense(10, activation=re<|>)\n}')).toEqual(['relu', 'leaky_relu', 'relu6']);
        expect(await labels('model M {\n    input [4, 4, 1]\n    Conv2D(4, 3, padding=<|>)\n}')).toEqual(['valid', 'same']);
        expect(await labels('model M {\n    input [4]\n    Dense(4, kernel_initializer=he<|>)\n}')).toEqual(['he_uniform', 'he_normal']);
        expect(await labels('model M {\n    input [4]\n    Dense(4, use_bias=<|>)\n}')).toEqual(['true', 'false']);
        expect(await labels('model M {\n    input [4]\n    Dense(<|>)\n}')).not.toContain('relu');
        // A positional activation (Activation's first argument) gets the activations too.
        expect(await labels('model M {\n    input [4]\n    Activation(<|>)\n}')).toEqual([...activationNames, 'activation']);
        const relu = await item('model M {\n    input [4]\n    Dense(10, activation=<|>)\n}', 'relu');
        expect(relu.detail).toBe('activation · f(x) = max(0, x)');
    });

    it('offers in a merge layer only the labels above it in the same model, with their shapes', async () => {
        const text = `model Other {
    input [4]
    elsewhere = Dense(3)
}
model M {
    input [4]
    a = Dense(4)
    b = Dense(4)
    Add(<|>)
    later = Dense(4)
}`;
        expect(await labels(text)).toEqual(['a', 'b']);
        expect((await item(text, 'a')).detail).toBe('label · [4]');
        expect(await labels('model M {\n    input [4]\n    a = Dense(4)\n    b = Dense(4)\n    Add(a, <|>)\n}')).toEqual(['b']);
    });

    it('offers nothing inside comments and strings', async () => {
        expect(await labels('model M {\n    input [4]\n    // Den<|>\n}')).toEqual([]);
        expect(await labels('model M {\n    input [4]\n    /* Den<|> */\n}')).toEqual([]);
        expect(await labels('train M {\n    data = csv("da<|>")\n}')).toEqual([]);
        // An unterminated string on an earlier line does not silence the lines after it.
        expect(await labels('model M {\n    input [4]\n    Dense(4, activation="relu)\n    <|>\n}')).toContain('Dense');
    });
});

describe('completion in a train block', () => {
    const MODEL = 'model M {\n    input [4]\n    Dense(3, activation=softmax)\n}\n';

    it('offers the model names after `train`, with their shapes', async () => {
        expect(await labels(`${MODEL}model N {\n    input [2]\n    Dense(1)\n}\ntrain <|>`)).toEqual(['M', 'N']);
        expect((await item(`${MODEL}train M<|>`, 'M')).detail).toBe('model · [4] → [3]');
        expect(await labels(`${MODEL}<|>`)).toEqual(['model', 'train']);
    });

    it('offers the settings not yet given, required ones first', async () => {
        expect(await labels(`${MODEL}train M {\n    <|>\n}`)).toEqual(['data', 'loss', 'optimizer', 'metrics', 'epochs', 'batch_size', 'validation', 'seed']);
        expect(await labels(`${MODEL}train M {\n    data = iris\n    <|>\n}`)).toEqual(['loss', 'optimizer', 'metrics', 'epochs', 'batch_size', 'validation', 'seed']);
        expect(await labels(`${MODEL}train M {\n    data = iris\n    lo<|>\n}`)).toEqual(['loss']);
        expect((await item(`${MODEL}train M {\n    <|>\n}`, 'epochs')).insertText).toBe('epochs = ');
    });

    it('offers data sets, losses, optimizers and metrics as the values of their settings', async () => {
        expect(await labels('train M {\n    data = <|>\n}')).toEqual(['mnist', 'iris', 'wine', 'breast_cancer', 'digits', 'fashion_mnist', 'xor', 'circle', 'spiral', 'gaussian', 'csv']);
        expect(await labels('train M {\n    loss = <|>\n}')).toEqual(['mse', 'mae', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy']);
        expect(await labels('train M {\n    optimizer = <|>\n}')).toEqual(['SGD', 'RMSprop', 'Adam', 'Adagrad']);
        expect((await item('train M {\n    optimizer = <|>\n}', 'Adam')).insertText).toBe('Adam(learning_rate=${1:0.001})');
        expect((await item('train M {\n    data = <|>\n}', 'csv')).insertText).toBe('csv("${1:data/file.csv}", label="${2:label}")');
        expect((await item('train M {\n    metrics = <|>\n}', 'accuracy')).insertText).toBe('[accuracy]');
        expect(await labels('train M {\n    metrics = [accuracy, <|>]\n}')).toEqual(['mse', 'mae']);
        expect(await labels('train M {\n    validation = <|>\n}')).toEqual(['test', '0.1']);
        expect(await labels('train M {\n    epochs = <|>\n}')).toEqual([]);
    });

    it('offers the arguments of an optimizer or a generated data set, and their values', async () => {
        expect(await labels('train M {\n    optimizer = Adam(<|>)\n}')).toEqual(['learning_rate', 'beta_1', 'beta_2', 'epsilon']);
        expect(await labels('train M {\n    optimizer = SGD(learning_rate=0.1, <|>)\n}')).toEqual(['momentum', 'nesterov']);
        expect(await labels('train M {\n    optimizer = SGD(nesterov=<|>)\n}')).toEqual(['true', 'false']);
        expect(await labels('train M {\n    data = xor(n=100, <|>)\n}')).toEqual(['noise']);
    });
});
