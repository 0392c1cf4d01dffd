/** `bad-argument`, `shape-mismatch`, `non-positive-dimension`: each reported on the narrowest range, each with its near miss. */
import { describe, it } from 'vitest';
import { expectClean, expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';

describe('bad-argument', () => {
    it('Dense(0): units must be at least 1, on the 0', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Dense(0)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: '0', says: ["Dense's units", 'at least 1', 'not 0'] });
    });

    it('Dropout(1.5): rate must be in [0, 1), on the 1.5', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Dropout(1.5)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: '1.5', says: ["Dropout's rate", '[0, 1)', 'not 1.5'] });
    });

    it('kernel_size=[3] on Conv2D needs two integers, on the list', async () => {
        await expectDiagnostic(nn`
            model M {
                input [28, 28, 1]
                Conv2D(8, kernel_size=[3])
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: '[3]', says: ['kernel_size needs 2 integers', '[3, 3], or just 3', 'got [3]'] });
    });

    it('a missing required argument is reported on the layer name', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense()
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: 'Dense', says: ['needs its units argument', 'Dense(64)'] });
    });

    it('strides > 1 with dilation_rate > 1 is refused on dilation_rate (tfjs fails at run time)', async () => {
        await expectDiagnostic(nn`
            model M {
                input [16, 16, 1]
                Conv2D(4, 3, strides=2, dilation_rate=5)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: '5', says: ['strides > 1 cannot be combined with dilation_rate > 1'] });
    });

    it('an axis outside the input is refused on the axis', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8, 4]
                BatchNormalization(axis=3)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: '3', says: ['axis=3 is outside its input [8, 4]', 'from 1 to 2'] });
    });

    it('bias_initializer=orthogonal is refused: a bias is a vector (tfjs refuses to build it)', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4, bias_initializer=orthogonal)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: 'orthogonal', says: ['bias is a vector', 'zeros'] });
    });

    it('leaky_relu inside a recurrent cell is refused: tfjs has no such cell activation', async () => {
        await expectDiagnostic(nn`
            model M {
                input [10, 3]
                LSTM(4, recurrent_activation=leaky_relu)
            }`, { code: 'bad-argument', severity: 'error', line: 3, range: 'leaky_relu', says: ['LSTM cannot use leaky_relu as its recurrent_activation'] });
    });

    it('near misses: Dense(1), Dropout(0) and Dropout(0.99), kernel_size=3 and [3, 3], an orthogonal kernel, leaky_relu on Dense', async () => {
        await expectNo(nn`
            model M {
                input [28, 28, 1]
                Conv2D(8, kernel_size=3, padding=same, kernel_initializer=orthogonal)
                Conv2D(8, kernel_size=[3, 3], strides=2)
                Flatten()
                Dropout(0)
                Dense(4, activation=leaky_relu, bias_initializer=zeros)
                Dropout(0.99)
                Dense(1)
            }`, 'bad-argument');
    });
});

describe('shape-mismatch', () => {
    it('Conv2D on [784] needs a 3-D input and suggests the Reshape', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Conv2D(32, 3)
            }`, { code: 'shape-mismatch', severity: 'error', line: 3, range: 'Conv2D', says: ['3-D input', '[784] (1-D)', 'Reshape([28, 28, 1])'] });
    });

    it('Add of [16] and [32] names both shapes', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                a = Dense(16, activation=relu)
                Dense(32, activation=relu)
                Add(a)
            }`, { code: 'shape-mismatch', severity: 'error', line: 5, range: 'Add', says: ['[32] and [16]', 'same shape'] });
    });

    it('LSTM on rank 1 needs [steps, features] and suggests the Reshape', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                LSTM(4)
            }`, { code: 'shape-mismatch', severity: 'error', line: 3, range: 'LSTM', says: ['2-D input [steps, features]', '[8] (1-D)', 'Reshape([8, 1])'] });
    });

    it('Flatten on a vector is refused with "remove this Flatten()"', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Flatten()
            }`, { code: 'shape-mismatch', severity: 'error', line: 3, range: 'Flatten', says: ['[784] is already flat', 'Remove this Flatten()'] });
    });

    it('Concatenate of different ranks names both shapes', async () => {
        await expectDiagnostic(nn`
            model M {
                input [4, 3]
                a = Dense(3, activation=relu)
                Flatten()
                Concatenate(a)
            }`, { code: 'shape-mismatch', severity: 'error', line: 5, range: 'Concatenate', says: ['same rank', '[12] and [4, 3]'] });
    });

    it('BatchNormalization on a 4-axis sample is refused (tfjs cannot run it)', async () => {
        await expectDiagnostic(nn`
            model M {
                input [2, 3, 4]
                Embedding(10, 2)
                BatchNormalization()
            }`, { code: 'shape-mismatch', severity: 'error', line: 4, range: 'BatchNormalization', says: ['[2, 3, 4, 2] has 4', 'at most 3 axes'] });
    });

    it('near misses: Conv2D on [28, 28, 1], Add of [16] and [16], Add broadcasting [16] with [1], LSTM on [10, 8]', async () => {
        await expectNo(nn`
            model M {
                input [28, 28, 1]
                Conv2D(4, 3, activation=relu)
                Flatten()
                a = Dense(16, activation=relu)
                Dense(16, activation=relu)
                Add(a)
                b = Dense(1, activation=relu)
                Dense(16, activation=relu)
                Add(b)
                Reshape([8, 2])
                LSTM(4)
            }`, 'shape-mismatch');
    });
});

describe('non-positive-dimension', () => {
    it('a kernel bigger than its input with valid padding, on the kernel size', async () => {
        await expectDiagnostic(nn`
            model M {
                input [4, 4, 1]
                Conv2D(8, 5)
            }`, { code: 'non-positive-dimension', severity: 'error', line: 3, range: '5', says: ['5×5 window', '4×4 input', 'padding=valid', '0×0', 'padding=same'] });
    });

    it('a pool bigger than its input (after an earlier downsampling), on pool_size', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8, 8, 1]
                MaxPooling2D(4)
                MaxPooling2D(pool_size=[3, 1])
            }`, { code: 'non-positive-dimension', severity: 'error', line: 4, range: '[3, 1]', says: ['3×1 window', '2×2 input', '0×2'] });
    });

    it('a dilated kernel that outgrows its input says so', async () => {
        await expectDiagnostic(nn`
            model M {
                input [6, 2]
                Conv1D(4, 2, dilation_rate=6)
            }`, { code: 'non-positive-dimension', severity: 'error', line: 3, range: '2', says: ['2 window (dilation 6)', '6 input', 'would be 0'] });
    });

    it('Reshape to a different element count, on the target', async () => {
        await expectDiagnostic(nn`
            model M {
                input [12]
                Reshape([5, 2])
            }`, { code: 'non-positive-dimension', severity: 'error', line: 3, range: '[5, 2]', says: ['10 elements', '[12] has 12'] });
    });

    it('Reshape with -1 that cannot divide the element count', async () => {
        await expectDiagnostic(nn`
            model M {
                input [12]
                Reshape(target_shape=[-1, 5])
            }`, { code: 'non-positive-dimension', severity: 'error', line: 3, range: '[-1, 5]', says: ['12 is not a multiple of 5'] });
    });

    it('near misses: a kernel exactly the input size, same padding, a fitting Reshape with -1', async () => {
        await expectClean(nn`
            model M {
                input [12]
                Reshape([-1, 2, 1])
                Conv2D(4, [6, 2], activation=relu)
                Reshape([4, 1, 1])
                MaxPooling2D(5, padding=same)
                Flatten()
                Dense(1)
            }`);
    });
});
