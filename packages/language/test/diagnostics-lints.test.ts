/** The advice codes: `linear-collapse`, `dense-on-rank`, `zero-init`, `sigmoid-hidden`, `huge-model`. */
import { describe, expect, it } from 'vitest';
import { expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';

describe('linear-collapse', () => {
    it('Dense without activation feeding Dense (through a Dropout): on the first Dense', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Dense(64)
                Dropout(0.2)
                Dense(10, activation=softmax)
            }`, { code: 'linear-collapse', severity: 'warning', line: 3, range: 'Dense', says: ['Dense(64) has no activation', 'collapse into one', 'activation=relu'] });
    });

    it('near misses: an activation argument, an Activation layer, or a linear output layer', async () => {
        await expectNo(nn`
            model M {
                input [784]
                Dense(64, activation=relu)
                Dense(32)
                Activation(tanh)
                Dense(32)
                LeakyReLU()
                Dense(1)
            }`, 'linear-collapse');
    });
});

describe('dense-on-rank', () => {
    it('Dense on [10, 8] acts on the last axis only: suggests Flatten', async () => {
        await expectDiagnostic(nn`
            model M {
                input [10, 8]
                Dense(4, activation=relu)
            }`, { code: 'dense-on-rank', severity: 'warning', line: 3, range: 'Dense', says: ['2-D input [10, 8]', 'last axis only', 'output [10, 4]', 'Flatten() first'] });
    });

    it('near miss: Flatten first', async () => {
        await expectNo(nn`
            model M {
                input [10, 8]
                Flatten()
                Dense(4, activation=relu)
            }`, 'dense-on-rank');
    });
});

describe('zero-init', () => {
    it('kernel_initializer=zeros on a wide layer: on the value', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4, activation=relu, kernel_initializer=zeros)
                Dense(1, activation=sigmoid)
            }`, { code: 'zero-init', severity: 'warning', line: 3, range: 'zeros', says: ['all 4 units', 'symmetry is never broken', 'glorot_uniform'] });
    });

    it('near misses: zero biases, and a single unit that has no twin to stay equal to', async () => {
        await expectNo(nn`
            model M {
                input [8]
                Dense(4, activation=relu, bias_initializer=zeros)
                Dense(1, activation=sigmoid, kernel_initializer=zeros)
            }`, 'zero-init');
    });
});

describe('sigmoid-hidden', () => {
    it('sigmoid in a hidden layer is a hint on the activation', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4, activation=sigmoid)
                Dense(1, activation=sigmoid)
            }`, { code: 'sigmoid-hidden', severity: 'hint', line: 3, range: 'sigmoid', says: ['hidden layer', 'tanh or relu'] });
    });

    it('an Activation(sigmoid) layer in the middle too', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4)
                Activation(sigmoid)
                Dense(1)
            }`, { code: 'sigmoid-hidden', severity: 'hint', line: 4, range: 'sigmoid' });
    });

    it('near misses: sigmoid on the output, and a labelled sigmoid gate', async () => {
        await expectNo(nn`
            model M {
                input [8]
                gate = Dense(8, activation=sigmoid)
                Dense(8, activation=tanh)
                Multiply(gate)
                Dense(1, activation=sigmoid)
            }`, 'sigmoid-hidden');
    });
});

describe('huge-model', () => {
    it('a model too big for a browser tab: the byte estimate is in the message, on the model name', async () => {
        await expectDiagnostic(nn`
            model Big {
                input [100000]
                Dense(100000)
            }`, { code: 'huge-model', severity: 'warning', line: 1, range: 'Big', says: ['160,052,800,000 bytes', '10,000,100,000 parameters', 'browser tab'] });
    });

    it('near miss: the seed CNN is well within a tab', async () => {
        const diagnostics = await expectNo(nn`
            model MnistCnn {
                input [28, 28, 1]
                Conv2D(32, kernel_size=[3, 3], activation=relu)
                Conv2D(64, [3, 3], activation=relu)
                MaxPooling2D(pool_size=[2, 2])
                Dropout(0.25)
                Flatten()
                Dense(128, activation=relu)
                Dropout(0.5)
                Dense(10, activation=softmax)
            }`, 'huge-model');
        expect(diagnostics).toEqual([]);
    });
});
