import { describe, expect, it } from 'vitest';
import { testCodeAction } from 'langium/test';
import { Nn } from './helpers.js';

const fix = testCodeAction(Nn);

/** A model around `body` (indented statements after an input). */
const model = (input: string, body: string) => `model M {\n    input ${input}\n${body}\n}`;

describe('quick fixes: replace a misspelt name', () => {
    it('unknown-layer', async () => {
        const result = await fix(model('[4]', '    Dens(10)'), 'unknown-layer', model('[4]', '    Dense(10)'));
        expect(result.action?.title).toBe("Change to 'Dense'");
        expect(result.action?.isPreferred).toBe(true);
        expect(result.action?.kind).toBe('quickfix');
    });

    it('unknown-argument', async () => {
        await fix(model('[4]', '    Dense(10, activaton=relu)'), 'unknown-argument', model('[4]', '    Dense(10, activation=relu)'));
    });

    it('unknown-activation, bare or quoted', async () => {
        await fix(model('[4]', '    Dense(10, activation=rellu)'), 'unknown-activation', model('[4]', '    Dense(10, activation=relu)'));
        await fix(model('[4]', '    Dense(10, activation="sigmoi")'), 'unknown-activation', model('[4]', '    Dense(10, activation="sigmoid")'));
    });

    it('unknown-label', async () => {
        const body = (label: string) => `    skip = Dense(4, activation=relu)\n    Dense(4, activation=relu)\n    Add(${label})`;
        await fix(model('[4]', body('skp')), 'unknown-label', model('[4]', body('skip')));
    });

    it('unknown-model', async () => {
        const text = (name: string) => `${model('[4]', '    Dense(3, activation=softmax)').replace('model M', 'model IrisNet')}\ntrain ${name} {\n    data = iris\n    loss = categorical_crossentropy\n}`;
        await fix(text('IrisNt'), 'unknown-model', text('IrisNet'));
    });

    it('bad-argument with a suggestion: a padding, a loss, an optimizer call keeps its arguments', async () => {
        await fix(model('[8, 8, 1]', '    Conv2D(4, 3, padding=sam)'), 'bad-argument', model('[8, 8, 1]', '    Conv2D(4, 3, padding=same)'));
        const train = (setting: string) => `${model('[4]', '    Dense(3, activation=softmax)')}\ntrain M {\n    data = iris\n    ${setting}\n}`;
        await fix(train('loss = categorical_crosentropy'), 'bad-argument', train('loss = categorical_crossentropy'));
        await fix(
            train('loss = categorical_crossentropy\n    optimizer = Adamm(learning_rate=0.01)'), 'bad-argument',
            train('loss = categorical_crossentropy\n    optimizer = Adam(learning_rate=0.01)')
        );
    });

    it('unknown-argument in a train block: a setting name, an optimizer argument', async () => {
        const train = (lines: string) => `${model('[4]', '    Dense(3, activation=softmax)')}\ntrain M {\n    data = iris\n${lines}\n}`;
        await fix(train('    los = categorical_crossentropy'), 'unknown-argument', train('    loss = categorical_crossentropy'));
        await fix(
            train('    loss = categorical_crossentropy\n    optimizer = SGD(momentun=0.9)'), 'unknown-argument',
            train('    loss = categorical_crossentropy\n    optimizer = SGD(momentum=0.9)')
        );
    });

    it('offers nothing when there is no suggestion', async () => {
        await fix(model('[4]', '    Frobnicate(10)'), 'unknown-layer', undefined);
        await fix(model('[4]', '    a = Dense(16)\n    Dense(32)\n    Add(a)'), 'shape-mismatch', undefined);
    });
});

describe('quick fixes: insert a layer before', () => {
    it('dense-on-rank gets Flatten()', async () => {
        await fix(
            model('[28, 28, 1]', '    Dense(10, activation=softmax)'), 'dense-on-rank',
            model('[28, 28, 1]', '    Flatten()\n    Dense(10, activation=softmax)')
        );
    });
});

describe('quick fixes: other edits', () => {
    it('remove-layer removes a Flatten on a flat input, line and all', async () => {
        await fix(model('[784]', '    Flatten()\n    Dense(10)'), 'shape-mismatch', model('[784]', '    Dense(10)'));
    });

    it('set-units makes the last Dense match the class count', async () => {
        const text = (units: number) => `${model('[784]', `    Dense(64, activation=relu)\n    Dense(${units}, activation=softmax)`)}\ntrain M {\n    data = mnist\n    loss = categorical_crossentropy\n}`;
        const result = await fix(text(5), 'data-mismatch', text(10));
        expect(result.action?.title).toBe('Set units to 10');
        const keyword = (units: number) => text(units).replace(`Dense(${units},`, `Dense(units=${units},`);
        await fix(keyword(7), 'data-mismatch', keyword(10));
    });

    it('add-activation gives the first of two stacked Dense layers a relu', async () => {
        await fix(model('[4]', '    Dense(8)\n    Dense(2)'), 'linear-collapse', model('[4]', '    Dense(8, activation=relu)\n    Dense(2)'));
        await fix(model('[4]', '    Dense(8, activation=linear)\n    Dense(2)'), 'linear-collapse', model('[4]', '    Dense(8, activation=relu)\n    Dense(2)'));
    });
});
