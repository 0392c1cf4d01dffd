/** `data-mismatch`, `loss-mismatch`, `missing-setting`, `unknown-model`, and string values in train blocks. */
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { describeTraining } from '../src/analysis/describe.js';
import { expectClean, expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';
import { analysisOf, check } from './helpers.js';

describe('data-mismatch', () => {
    it('Dense(5, activation=softmax) on mnist: 10 classes, on the units, with the fix', async () => {
        await expectDiagnostic(nn`
            model M {
                input [784]
                Dense(5, activation=softmax)
            }
            train M {
                data = mnist
                loss = categorical_crossentropy
            }`, { code: 'data-mismatch', severity: 'error', line: 3, range: '5', says: ['mnist has 10 classes', 'outputs 5 values', 'needs 10 units'] });
    });

    it('input [10] on mnist: the sample shapes, on the data value', async () => {
        await expectDiagnostic(nn`
            model M {
                input [10]
                Dense(10, activation=softmax)
            }
            train M {
                data = mnist
                loss = categorical_crossentropy
            }`, { code: 'data-mismatch', severity: 'error', line: 6, range: 'mnist', says: ['[28, 28, 1] (784 values)', "M's input is [10] (10 values)", 'input [28, 28, 1]', 'input [784]'] });
    });

    it('an output that is not a vector of class scores suggests Flatten', async () => {
        await expectDiagnostic(nn`
            model M {
                input [28, 28, 1]
                Dense(10, activation=softmax)
            }
            train M {
                data = mnist
                loss = categorical_crossentropy
            }`, { code: 'data-mismatch', severity: 'error', line: 3, range: '10', says: ['[28, 28, 10]', 'Flatten()'] });
    });

    it('near misses: input [784] and [28, 28, 1] both feed mnist; 1 sigmoid unit fits a 2-class set', async () => {
        for (const [input, flatten] of [['[784]', ''], ['[28, 28, 1]', 'Flatten()']]) {
            await expectNo(nn`
                model M {
                    input ${input}
                    ${flatten}
                    Dense(10, activation=softmax)
                }
                train M {
                    data = mnist
                    loss = categorical_crossentropy
                }`, 'data-mismatch');
        }
        await expectClean(nn`
            model M {
                input [2]
                Dense(8, activation=tanh)
                Dense(1, activation=sigmoid)
            }
            train M {
                data = xor(n=200, noise=0.1)
                loss = binary_crossentropy
            }`);
    });
});

describe('loss-mismatch', () => {
    const model = (last: string, data: string, loss: string) => nn`
        model M {
            input ${data === 'iris' ? '[4]' : '[2]'}
            Dense(8, activation=relu)
            ${last}
        }
        train M {
            data = ${data}
            loss = ${loss}
        }`;

    it('softmax with binary_crossentropy over >1 units: warns on the loss', async () => {
        await expectDiagnostic(model('Dense(3, activation=softmax)', 'iris', 'binary_crossentropy'),
            { code: 'loss-mismatch', severity: 'warning', line: 8, range: 'binary_crossentropy', says: ['3 outputs', 'softmax makes them compete', 'categorical_crossentropy'] });
    });

    it('a binary output without sigmoid: warns, naming the activation', async () => {
        await expectDiagnostic(model('Dense(1)', 'xor', 'binary_crossentropy'),
            { code: 'loss-mismatch', severity: 'warning', line: 8, range: 'binary_crossentropy', says: ['probabilities in (0, 1)', 'activation is linear', 'activation=sigmoid'] });
    });

    it('softmax over 1 unit: always 1', async () => {
        await expectDiagnostic(model('Dense(1, activation=softmax)', 'xor', 'binary_crossentropy'),
            { code: 'loss-mismatch', severity: 'warning', line: 8, range: 'binary_crossentropy', says: ['softmax over a single unit always outputs 1'] });
    });

    it('categorical cross-entropy without softmax', async () => {
        await expectDiagnostic(model('Dense(3)', 'iris', 'categorical_crossentropy'),
            { code: 'loss-mismatch', severity: 'warning', line: 8, range: 'categorical_crossentropy', says: ['expects class probabilities', 'activation=softmax'] });
    });

    it('sparse categorical cross-entropy with a single unit', async () => {
        await expectDiagnostic(model('Dense(1, activation=sigmoid)', 'xor', 'sparse_categorical_crossentropy'),
            { code: 'loss-mismatch', severity: 'warning', line: 8, range: 'sparse_categorical_crossentropy', says: ['one output per class', 'single output unit'] });
    });

    it('near misses: sigmoid + binary, softmax + categorical and sparse, quoted loss names', async () => {
        await expectClean(model('Dense(1, activation=sigmoid)', 'xor', 'binary_crossentropy'));
        await expectClean(model('Dense(3, activation=softmax)', 'iris', 'categorical_crossentropy'));
        await expectClean(model('Dense(3, activation=softmax)', 'iris', 'sparse_categorical_crossentropy'));
        await expectClean(model('Dense(3, activation=softmax)', 'iris', '"categorical_crossentropy"'));
    });
});

describe('missing-setting and unknown-model', () => {
    it('a train block without data and loss: one diagnostic each, on the model name', async () => {
        const text = nn`
            model M {
                input [4]
                Dense(3, activation=softmax)
            }
            train M {
                epochs = 3
            }`;
        const diagnostics = await expectDiagnostic(text.replace('epochs = 3', 'loss = mse'), { code: 'missing-setting', severity: 'error', line: 5, range: 'M', says: ["needs 'data'", 'data = iris'] });
        expect(diagnostics.filter(d => d.code === 'missing-setting')).toHaveLength(1);
        const both = await check(text);
        expect(both.diagnostics.filter(d => d.code === 'missing-setting').map(d => d.message)).toEqual([
            expect.stringContaining("needs 'data'"),
            expect.stringContaining("needs 'loss'")
        ]);
    });

    it('train for a model that does not exist suggests the one that does', async () => {
        await expectDiagnostic(nn`
            model IrisNet {
                input [4]
                Dense(3, activation=softmax)
            }
            train IrisNe {
                data = iris
                loss = categorical_crossentropy
            }`, { code: 'unknown-model', severity: 'error', line: 5, range: 'IrisNe', says: ["no model 'IrisNe'", "Did you mean 'IrisNet'?"] });
    });

    it('near miss: two train blocks for the same model are fine', async () => {
        await expectClean(nn`
            model IrisNet {
                input [4]
                Dense(3, activation=softmax)
            }
            train IrisNet {
                data = iris
                loss = categorical_crossentropy
                optimizer = sgd
            }
            train IrisNet {
                data = iris
                loss = categorical_crossentropy
                optimizer = Adam(learning_rate=0.01)
            }`);
    });
});

describe('string values', () => {
    it('csv("data/houses.csv", label="price") keeps the whole path and label (Langium already unquotes strings)', async () => {
        const { document, diagnostics } = await check(nn`
            model Housing {
                input [3]
                Dense(1)
            }
            train Housing {
                data = csv("data/houses.csv", label="price")
                loss = "mse"
                optimizer = "adam"
            }`);
        expect(diagnostics).toEqual([]);
        const training = describeTraining(analysisOf(document).trains[0], URI.file('/project/model.nn'));
        expect(training?.data).toEqual({ kind: 'csv', path: URI.file('/project/data/houses.csv').fsPath, label: 'price' });
        expect(training?.loss).toBe('mse');
        expect(training?.optimizer.name).toBe('adam');
    });

    it('a quoted activation is the activation itself', async () => {
        const { document, diagnostics } = await check('model M {\n    input [4]\n    Dense(3, activation="softmax", kernel_initializer=\'he_normal\')\n}\n');
        expect(diagnostics).toEqual([]);
        expect(analysisOf(document).models[0].layers[0].args).toMatchObject({ activation: 'softmax', kernel_initializer: 'he_normal' });
    });
});
