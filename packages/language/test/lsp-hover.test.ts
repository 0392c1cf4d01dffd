import { describe, it } from 'vitest';
import { expectHover } from 'langium/test';
import { Nn } from './helpers.js';

const hover = expectHover(Nn);

const SMALL = `model Small {
    input [5]
    Den<|>se(10, act<|>ivation=re<|>lu)
}
train Sm<|>all {
    da<|>ta      = ir<|>is
    loss      = categorical_cross<|>entropy
    optimizer = Ad<|>am(learning_<|>rate=0.01)
    metrics   = [accu<|>racy]
}`;

describe('hover', () => {
    it('on a layer type: summary, input → output, the formula with numbers, what it computes', async () => {
        await hover({
            text: SMALL, index: 0,
            hover: [
                '**Dense** — core layer',
                'A fully connected layer: every output unit is a weighted sum of all inputs plus a bias, then the activation.',
                '`[5]` → `[10]`',
                '**Parameters:** 5×10 weights + 10 biases = 60',
                '**Forward:** 50 multiply-accumulates (100 FLOPs) per sample · output 40 bytes per sample',
                'Computes `y = activation(x·W + b)`, with relu: `f(x) = max(0, x)`'
            ].join('\n\n')
        });
    });

    it('on an argument name: its doc, type and default', async () => {
        await hover({
            text: SMALL, index: 1,
            hover: /^\*\*activation\*\* — argument of Dense\n\nActivation applied to the output\.\n\nType: activation: `linear`, `relu`.*· default: `linear`$/s
        });
    });

    it('on an activation value: summary and formula', async () => {
        await hover({
            text: SMALL, index: 2,
            hover: '**relu** — activation\n\nRectified linear unit: zero for negative inputs, identity otherwise.\n\n`f(x) = max(0, x)`'
        });
    });

    it('on the model named by a train block, and on the model name: totals', async () => {
        const expected = '**model Small** — 1 layer\n\n`[5]` → `[10]`\n\n**60 parameters** (60 trainable) · weights 240 bytes · training needs about 4.7 KB (batch of 32)\n\n**Forward pass:** 50 multiply-accumulates = 100 FLOPs per sample · activations 60 bytes per sample';
        await hover({ text: SMALL, index: 3, hover: expected });
        await hover({ text: 'model Sm<|>all {\n    input [5]\n    Dense(10)\n}', index: 0, hover: expected });
    });

    it('on setting names and their values in a train block', async () => {
        await hover({ text: SMALL, index: 4, hover: /^\*\*data\*\* — training setting \(required\)\n\nThe data set: mnist, iris/ });
        await hover({ text: SMALL, index: 5, hover: /^\*\*iris\*\* — data set\n\nFisher's iris flowers.*\n\nSamples \[4\] · 3 classes$/s });
        await hover({ text: SMALL, index: 6, hover: /^\*\*categorical_crossentropy\*\* — loss\n\n.*\n\n`L = −mean\(Σₖ yₖ·log ŷₖ\)`/s });
        await hover({ text: SMALL, index: 7, hover: /^\*\*Adam\*\* — optimizer\n\nAdaptive moment estimation.*`m ← β₁m/s });
        await hover({ text: SMALL, index: 8, hover: /^\*\*learning_rate\*\* — argument of optimizer Adam\n\nStep size of each update\.\n\nType: number in \(0, 1,000,000\] · default: `0\.001` · positional #1$/ });
        await hover({ text: 'train M {\n    loss = "m<|>se"\n}', index: 0, hover: /^\*\*mse\*\* — loss\n\nMean squared error/ });
        await hover({ text: SMALL, index: 9, hover: '**accuracy** — metric\n\nFraction of samples whose predicted class is right.\n\n`acc = mean(argmax ŷ = y)`' });
    });

    it('on csv\'s arguments and on a label\'s definition', async () => {
        await hover({
            text: 'train M {\n    data = csv("d.csv", la<|>bel="y")\n}', index: 0,
            hover: '**label** — argument of data set csv\n\nThe column holding the label (classes) or target (regression).\n\nType: string · required'
        });
        await hover({
            text: 'model R {\n    input [8]\n    sk<|>ip = Dense(4)\n}', index: 0,
            hover: /^\*\*skip\*\* = \*\*Dense\*\* — core layer\n\n.*`\[8\]` → `\[4\]`/s
        });
    });

    it('on a label reference: the labelled layer\'s output shape', async () => {
        await hover({
            text: `model R {
    input [28, 28, 1]
    skip = Conv2D(16, 3, padding=same)
    Conv2D(16, 3, padding=same)
    Add(sk<|>ip)
}`,
            index: 0,
            hover: '**skip** — label of `Conv2D(…)` on line 3\n\nOutput `[28, 28, 16]`'
        });
    });

    it('on a merge layer: each input with its label', async () => {
        await hover({
            text: `model R {
    input [8]
    a = Dense(4)
    Dense(6)
    Conc<|>atenate(a)
}`,
            index: 0,
            hover: /`\[6\]` \(previous\) \+ `\[4\]` \(a\) → `\[10\]`\n\n\*\*Parameters:\*\* none/
        });
    });

    it('on BatchNormalization: the trainable / non-trainable split', async () => {
        await hover({
            text: 'model B {\n    input [4, 4, 8]\n    Batch<|>Normalization()\n}',
            index: 0,
            hover: /\*\*Parameters:\*\* .* = 32 \(16 trainable, 16 non-trainable\)/
        });
    });

    it('on padding and initializer values, and on a positional activation', async () => {
        await hover({ text: 'model P {\n    input [8, 8, 1]\n    Conv2D(4, 3, padding=sa<|>me, kernel_initializer=he_no<|>rmal)\n    Activation(tan<|>h)\n}', index: 0, hover: /^\*\*same\*\* — padding\n\n.*`out = ⌈in \/ s⌉`$/s });
        await hover({ text: 'model P {\n    input [8, 8, 1]\n    Conv2D(4, 3, padding=sa<|>me, kernel_initializer=he_no<|>rmal)\n    Activation(tan<|>h)\n}', index: 1, hover: /^\*\*he_normal\*\* — initializer\n\nHe normal, suited to ReLU\.\n\n`N\(0, σ²\) truncated, σ = √\(2 \/ fan_in\)`$/ });
        await hover({ text: 'model P {\n    input [8, 8, 1]\n    Conv2D(4, 3, padding=sa<|>me, kernel_initializer=he_no<|>rmal)\n    Activation(tan<|>h)\n}', index: 2, hover: /^\*\*tanh\*\* — activation/ });
    });

    it('on a layer after an error: what it is, without invented shapes', async () => {
        await hover({
            text: 'model E {\n    input [784]\n    Conv2D(8, 3)\n    Den<|>se(10)\n}',
            index: 0,
            hover: /^\*\*Dense\*\* — core layer\n\n.*\n\nShape unknown: fix the errors on this layer or above it first\.\n\nComputes/s
        });
    });

    it('on the input statement, and nothing on numbers or unknown names', async () => {
        await hover({ text: 'model I {\n    in<|>put [28, 28, 1]\n    Flatten()\n}', index: 0, hover: '**input** `[28, 28, 1]`\n\nThe shape of one sample (784 values), without the batch axis.' });
        await hover({ text: 'model I {\n    input [4]\n    Dense(1<|>0)\n    Frob<|>nicate()\n}', index: 0, hover: undefined });
        await hover({ text: 'model I {\n    input [4]\n    Dense(1<|>0)\n    Frob<|>nicate()\n}', index: 1, hover: undefined });
    });
});
