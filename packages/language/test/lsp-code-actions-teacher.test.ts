import { TextDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { check, Nn } from './helpers.js';

/** The quick fixes offered for the first diagnostic with `code` in `text`. */
async function fixesFor(text: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const { document, diagnostics } = await check(text);
    const diagnostic = diagnostics.find(d => d.code === code);
    expect(diagnostic, `no ${code} in ${JSON.stringify(diagnostics.map(d => d.code))}`).toBeDefined();
    const actions = (await Nn.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.textDocument.uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } })) ?? [];
    return { diagnostic: diagnostic!, actions: actions as CodeAction[] };
}

function apply(text: string, action: CodeAction): string {
    const edits = Object.values(action.edit!.changes!)[0] as TextEdit[];
    return TextDocument.applyEdits(TextDocument.create('file:///x.nn', 'nn', 1, text), edits);
}

/**
 * Applies the fix titled `title` for `code` and checks the result: the diagnostic is gone and
 * the file has no other error or warning. Returns the fixed text.
 */
async function applyFix(text: string, code: string, title: string): Promise<string> {
    const { actions } = await fixesFor(text, code);
    const action = actions.find(a => a.title === title);
    expect(action, `no "${title}" among ${JSON.stringify(actions.map(a => a.title))}`).toBeDefined();
    const fixed = apply(text, action!);
    const after = (await check(fixed)).diagnostics;
    expect(after.filter(d => d.code === code || d.severity === 1 || d.severity === 2).map(d => `${d.code}: ${d.message}`), fixed).toEqual([]);
    return fixed;
}

const train = (modelBody: string, settings: string, input = '[4]') => `model M {\n    input ${input}\n${modelBody}\n}\n\ntrain M {\n${settings}\n}\n`;

describe('quick fixes a teacher would offer', () => {
    it('data-mismatch on the input: change the input to the data set\'s shape (or its flat size)', async () => {
        const text = train('    Flatten()\n    Dense(10, activation=softmax)', '    data = mnist\n    loss = categorical_crossentropy', '[32, 32, 3]');
        const { actions } = await fixesFor(text, 'data-mismatch');
        expect(actions.map(a => a.title)).toEqual(['Change the input to [28, 28, 1]', 'Change the input to [784]']);
        expect(actions.some(a => a.isPreferred)).toBe(false);
        expect(await applyFix(text, 'data-mismatch', 'Change the input to [28, 28, 1]')).toContain('input [28, 28, 1]');
        // The flat alternative fits the data too (its Flatten() is then flagged as needless, with its own fix).
        const flat = apply(text, actions[1]);
        expect((await check(flat)).diagnostics.map(d => d.code)).not.toContain('data-mismatch');
    });

    it('data-mismatch on the classes: set the output units to the class count', async () => {
        const text = train('    Dense(8, activation=relu)\n    Dense(5, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(text, 'data-mismatch', 'Set units to 3')).toContain('Dense(3, activation=softmax)');
    });

    it('loss-mismatch: change the loss, or the output activation (both offered)', async () => {
        const text = train('    Dense(8, activation=relu)\n    Dense(3, activation=softmax)', '    data = iris\n    loss = binary_crossentropy');
        const { actions } = await fixesFor(text, 'loss-mismatch');
        expect(actions.map(a => a.title)).toEqual(['Use categorical_crossentropy', 'End with activation=sigmoid']);
        expect(await applyFix(text, 'loss-mismatch', 'Use categorical_crossentropy')).toContain('loss = categorical_crossentropy');
        const sigmoid = apply(text, actions[1]);
        expect(sigmoid).toContain('Dense(3, activation=sigmoid)');
        expect((await check(sigmoid)).diagnostics.filter(d => d.code === 'loss-mismatch')).toEqual([]);
    });

    it('loss-mismatch: a linear output for categorical_crossentropy gets softmax', async () => {
        const text = train('    Dense(8, activation=relu)\n    Dense(3)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(text, 'loss-mismatch', 'End with activation=softmax')).toContain('Dense(3, activation=softmax)');
    });

    it('loss-mismatch: softmax over one unit becomes sigmoid with binary_crossentropy, in one fix', async () => {
        const text = train('    Dense(8, activation=relu)\n    Dense(1, activation=softmax)', '    data = breast_cancer\n    loss = categorical_crossentropy', '[30]');
        const fixed = await applyFix(text, 'loss-mismatch', 'End with activation=sigmoid and use binary_crossentropy');
        expect(fixed).toContain('Dense(1, activation=sigmoid)');
        expect(fixed).toContain('loss = binary_crossentropy');
    });

    it('loss-mismatch: an Activation layer at the end has its argument changed', async () => {
        const text = train('    Dense(3)\n    Activation(relu)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(text, 'loss-mismatch', 'End with activation=softmax')).toContain('Activation(softmax)');
    });

    it('linear-collapse: add an activation', async () => {
        const text = train('    Dense(8)\n    Dense(3, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(text, 'linear-collapse', 'Add activation=relu')).toContain('Dense(8, activation=relu)');
    });

    it('sigmoid-hidden: relu or tanh', async () => {
        const text = train('    Dense(8, activation=sigmoid)\n    Dense(3, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        const { actions } = await fixesFor(text, 'sigmoid-hidden');
        expect(actions.map(a => a.title)).toEqual(['Use relu', 'Use tanh']);
        expect(await applyFix(text, 'sigmoid-hidden', 'Use relu')).toContain('Dense(8, activation=relu)');
        expect(await applyFix(text, 'sigmoid-hidden', 'Use tanh')).toContain('Dense(8, activation=tanh)');
    });

    it('zero-init: remove the initializer, wherever it stands among the arguments', async () => {
        const last = train('    Dense(8, activation=relu, kernel_initializer=zeros)\n    Dense(3, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(last, 'zero-init', 'Remove kernel_initializer (use the default)')).toContain('    Dense(8, activation=relu)\n');
        const first = train('    Dense(units=8, kernel_initializer=zeros, activation=relu)\n    Dense(3, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(first, 'zero-init', 'Remove kernel_initializer (use the default)')).toContain('    Dense(units=8, activation=relu)\n');
    });

    it('missing-setting: insert a data set that fits the model, and a loss that fits its output', async () => {
        const noData = train('    Dense(8, activation=relu)\n    Dense(3, activation=softmax)', '    loss = categorical_crossentropy');
        expect(await applyFix(noData, 'missing-setting', 'Add data = iris')).toContain('train M {\n    data = iris\n    loss = categorical_crossentropy');
        const noLoss = train('    Dense(8, activation=relu)\n    Dense(1, activation=sigmoid)', '    data = breast_cancer', '[30]');
        expect(await applyFix(noLoss, 'missing-setting', 'Add loss = binary_crossentropy')).toContain('loss = binary_crossentropy');
        const image = train('    Flatten()\n    Dense(10, activation=softmax)', '    epochs = 2', '[28, 28, 1]');
        const both = await fixesFor(image, 'missing-setting');
        expect(both.actions.map(a => a.title)).toEqual(['Add data = mnist']);
    });
});

describe('shape errors: fixes only where sensible, and where the shape came from', () => {
    it('a flat model input under Conv2D: declare the input as the image it is', async () => {
        const text = train('    Conv2D(8, 3, activation=relu)\n    Flatten()\n    Dense(10, activation=softmax)', '    data = mnist\n    loss = categorical_crossentropy', '[784]');
        expect(await applyFix(text, 'shape-mismatch', 'Change the input to [28, 28, 1]')).toContain('input [28, 28, 1]');
    });

    it('no Reshape to [10, 1, 1] after a 10-unit Dense', async () => {
        const text = train('    Dense(10, activation=relu)\n    Conv2D(8, 3)', '    data = iris\n    loss = categorical_crossentropy');
        const { diagnostic, actions } = await fixesFor(text, 'shape-mismatch');
        expect(actions).toEqual([]);
        expect(diagnostic.message).not.toContain('Reshape');
    });

    it('a square flat output under Conv2D gets the Reshape', async () => {
        const text = train('    Dense(64, activation=relu)\n    Conv2D(8, 3, activation=relu)\n    Flatten()\n    Dense(3, activation=softmax)', '    data = iris\n    loss = categorical_crossentropy');
        expect(await applyFix(text, 'shape-mismatch', 'Insert Reshape([8, 8, 1]) before Conv2D')).toContain('Reshape([8, 8, 1])\n    Conv2D');
    });

    it('related information points at the statement that produced the shape', async () => {
        const text = train('    Dense(10, activation=relu)\n    Conv2D(8, 3)', '    data = iris\n    loss = categorical_crossentropy');
        const { diagnostic } = await fixesFor(text, 'shape-mismatch');
        expect(diagnostic.relatedInformation).toHaveLength(1);
        expect(diagnostic.relatedInformation![0].location.range.start.line).toBe(2);
        expect(diagnostic.relatedInformation![0].message).toContain('[10] is the output of this Dense');
        const fromInput = await fixesFor(train('    Conv2D(8, 3)', '    data = iris\n    loss = mse'), 'shape-mismatch');
        expect(fromInput.diagnostic.relatedInformation![0]).toMatchObject({ message: "[4] is the model's input", location: { range: { start: { line: 1 } } } });
    });
});

describe('shape errors on the model input: the input in the right shape, or a Reshape', () => {
    it('Conv2D on a flat input: both, the Reshape at the layer\'s indentation', async () => {
        const text = 'model M {\n    input [784]\n    Conv2D(8, 3, activation=relu)\n}';
        const { actions } = await fixesFor(text, 'shape-mismatch');
        expect(actions.map(a => a.title)).toEqual(['Change the input to [28, 28, 1]', 'Insert Reshape([28, 28, 1]) before Conv2D']);
        expect(apply(text, actions[1])).toBe('model M {\n    input [784]\n    Reshape([28, 28, 1])\n    Conv2D(8, 3, activation=relu)\n}');
    });

    it('LSTM on rank 1, labelled and indented by a tab', async () => {
        const text = 'model S {\n\tinput [100]\n\tseq = LSTM(8)\n}';
        const { actions } = await fixesFor(text, 'shape-mismatch');
        expect(apply(text, actions[0])).toBe('model S {\n\tinput [100, 1]\n\tseq = LSTM(8)\n}');
        expect(apply(text, actions[1])).toBe('model S {\n\tinput [100]\n\tReshape([100, 1])\n\tseq = LSTM(8)\n}');
    });
});
