import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormatting, parseDocument } from 'langium/test';
import { TextDocument } from 'langium';
import { Nn } from './helpers.js';

const formatting = expectFormatting(Nn);

async function format(text: string): Promise<string> {
    const document = await parseDocument(Nn, text);
    const edits = await Nn.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.textDocument.uri }, options: { tabSize: 4, insertSpaces: true }
    });
    return TextDocument.applyEdits(TextDocument.create('x', 'nn', 0, text), edits);
}

const MESSY = `model   MnistMlp{input[784]
  Dense( 512 ,activation = relu )
        Dropout(0.2)   Dense(512,activation=relu)
Dropout (0.2)
 Dense(10, activation=softmax)}
train MnistMlp{
data=mnist
  loss =categorical_crossentropy
    optimizer=RMSprop( learning_rate = 0.001 )
 metrics=[ accuracy ]
    epochs=20
batch_size  =   128
}`;

const TIDY = `model MnistMlp {
    input [784]
    Dense(512, activation=relu)
    Dropout(0.2)
    Dense(512, activation=relu)
    Dropout(0.2)
    Dense(10, activation=softmax)
}

train MnistMlp {
    data       = mnist
    loss       = categorical_crossentropy
    optimizer  = RMSprop(learning_rate=0.001)
    metrics    = [accuracy]
    epochs     = 20
    batch_size = 128
}`;

describe('formatting', () => {
    it('indents blocks by 4, puts one statement per line, spaces arguments, aligns settings', async () => {
        await formatting({ before: MESSY, after: TIDY });
    });

    it('leaves formatted text alone (idempotent)', async () => {
        await formatting({ before: TIDY, after: TIDY });
        expect(await format(await format(MESSY))).toBe(TIDY);
    });

    it('leaves every example file as it is', async () => {
        const dir = join(__dirname, '../../../examples');
        for (const file of readdirSync(dir).filter(f => f.endsWith('.nn'))) {
            const text = readFileSync(join(dir, file), 'utf8');
            expect(await format(text), file).toBe(text);
        }
    });

    it('spaces labels, lists and calls: `skip = Conv2D(16, [3, 3])`', async () => {
        await formatting({
            before: 'model R {\n    input [ 28,28 , 1 ]\n    skip=Conv2D(16,[3,3],padding=same)\n    Conv2D( 16 , 3 , padding = same )\n    Add( skip )\n    Flatten( )\n}',
            after: 'model R {\n    input [28, 28, 1]\n    skip = Conv2D(16, [3, 3], padding=same)\n    Conv2D(16, 3, padding=same)\n    Add(skip)\n    Flatten()\n}'
        });
    });

    it('keeps comments, re-indented, and at most one blank line', async () => {
        await formatting({
            before: `// The seed network.
model M { // after the brace
input [4]  // the sample


        // a comment line
  Dense(3)
}
// about the training
train M {
  data = iris // flowers
}`,
            after: `// The seed network.
model M { // after the brace
    input [4]  // the sample

    // a comment line
    Dense(3)
}
// about the training
train M {
    data = iris // flowers
}`
        });
    });

    it('separates blocks by one blank line', async () => {
        await formatting({
            before: 'model A { input [2] Dense(1) }\nmodel B { input [2] Dense(1) }\n\n\n\ntrain A { data = xor loss = mse }',
            after: 'model A {\n    input [2]\n    Dense(1)\n}\n\nmodel B {\n    input [2]\n    Dense(1)\n}\n\ntrain A {\n    data = xor\n    loss = mse\n}'
        });
    });

    it('keeps a line break the author put after a comma, as a continuation indent', async () => {
        const after = 'model M {\n    input [8, 8, 1]\n    Conv2D(16, 3,\n        padding=same,\n        activation=relu)\n}';
        await formatting({ before: 'model M {\n    input [8, 8, 1]\n    Conv2D( 16, 3,\n  padding=same,\n            activation=relu\n    )\n}', after });
        await formatting({ before: after, after });
    });

    it('is stable with trailing commas and tabs', async () => {
        const once = await format('model M {\n\tinput [4,]\n\tDense(10,)\n\tDense(1, activation=sigmoid , )\n}');
        expect(once).toBe('model M {\n    input [4,]\n    Dense(10,)\n    Dense(1, activation=sigmoid,)\n}');
        expect(await format(once)).toBe(once);
    });

    it('does not touch a document with syntax errors', async () => {
        const broken = 'model M {\n  input [4]\n  Dense(10, activation=\n}';
        expect(await format(broken)).toBe(broken);
    });

    it('formats a range only', async () => {
        await formatting({
            before: 'model A {\ninput [2]\nDense(1)\n}\nmodel B {\ninput [2]\nDense(1)\n}',
            range: { start: { line: 4, character: 0 }, end: { line: 7, character: 1 } },
            after: 'model A {\ninput [2]\nDense(1)\n}\nmodel B {\n    input [2]\n    Dense(1)\n}'
        });
    });
});
