/** `syntax`, `unknown-layer`, `unknown-argument`, `unknown-activation`: each reported, each with its near miss. */
import { describe, expect, it } from 'vitest';
import { expectClean, expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';
import { check } from './helpers.js';

describe('syntax', () => {
    it('a missing parenthesis is a syntax error on the token where reading failed', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(10, activation=relu
                Dense(4)
            }`, { code: 'syntax', severity: 'error', line: 4, range: 'Dense', says: ['Syntax error', 'expected )', "found 'Dense'"] });
    });

    it('the rest of the file is still checked: a shape error in another model is reported too', async () => {
        const text = nn`
            model Broken {
                input [8]
                Dense(10, activation=relu
                Dense(4)
            }
            model Other {
                input [8]
                Conv2D(4, 3)
            }`;
        const diagnostics = await expectDiagnostic(text, { code: 'shape-mismatch', severity: 'error', line: 8, range: 'Conv2D', says: ['[8]', 'Conv2D needs a 3-D input'] });
        expect(diagnostics.map(d => d.code)).toContain('syntax');
    });

    it('a broken train block does not hide a model error above it', async () => {
        const text = nn`
            model M {
                input [784]
                Dense(0)
            }
            train M {
                data = mnist
                loss = = mse
            }`;
        const diagnostics = await expectDiagnostic(text, { code: 'bad-argument', severity: 'error', line: 3, range: '0' });
        const syntaxLines = diagnostics.filter(d => d.code === 'syntax').map(d => d.range.start.line + 1);
        expect(syntaxLines[0]).toBe(7);
        expect(syntaxLines.every(line => line >= 7)).toBe(true);
    });

    it('an unexpected character is a syntax error at that character', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4) #
            }`, { code: 'syntax', severity: 'error', line: 3, range: '#', says: ["unexpected character '#'"] });
    });

    it('an unterminated block comment is a syntax error, not a crash', async () => {
        const { diagnostics } = await check('model M {\n    input [8]\n    /* never closed\n    Dense(4)\n}\n');
        expect(diagnostics.map(d => d.code)).toContain('syntax');
        expect(diagnostics.map(d => d.code)).not.toContain('internal-error');
    });

    it('near miss: a well-formed file with comments everywhere has no syntax error', async () => {
        await expectClean(nn`
            // a comment
            model M { /* inline */
                input [8] // trailing
                Dense(4, activation=relu,) /* trailing comma allowed */
                Dense(1, activation=sigmoid)
            }`);
    });
});

describe('unknown-layer', () => {
    it('Conv2d is unknown, with "did you mean Conv2D" on the layer name', async () => {
        await expectDiagnostic(nn`
            model M {
                input [28, 28, 1]
                Conv2d(8, 3)
            }`, { code: 'unknown-layer', severity: 'error', line: 3, range: 'Conv2d', says: ["Unknown layer 'Conv2d'", "Did you mean 'Conv2D'?"] });
    });

    it('a name far from every layer gets no guess but a pointer to the list', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Transformer(4)
            }`, { code: 'unknown-layer', severity: 'error', line: 3, range: 'Transformer', says: ["Unknown layer 'Transformer'", 'layer list'] });
    });

    it('near miss: Conv2D itself', async () => {
        await expectNo(nn`
            model M {
                input [28, 28, 1]
                Conv2D(8, 3)
            }`, 'unknown-layer');
    });
});

describe('unknown-argument', () => {
    it('Dense(10, activaton=relu) names the argument and suggests activation', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(10, activaton=relu)
            }`, { code: 'unknown-argument', severity: 'error', line: 3, range: 'activaton', says: ["Dense has no argument 'activaton'", "Did you mean 'activation'?"] });
    });

    it('an argument with no near name lists what the layer takes', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dropout(0.5, seed=3)
            }`, { code: 'unknown-argument', severity: 'error', line: 3, range: 'seed', says: ["Dropout has no argument 'seed'", 'Dropout takes: rate'] });
    });

    it('a misspelt training setting is an unknown-argument with a suggestion', async () => {
        await expectDiagnostic(nn`
            model M {
                input [4]
                Dense(3, activation=softmax)
            }
            train M {
                data = iris
                loss = categorical_crossentropy
                epoch = 3
            }`, { code: 'unknown-argument', severity: 'error', line: 8, range: 'epoch', says: ["'epoch'", "Did you mean 'epochs'?"] });
    });

    it('near miss: activation spelt right', async () => {
        await expectNo(nn`
            model M {
                input [8]
                Dense(10, activation=relu)
            }`, 'unknown-argument');
    });
});

describe('unknown-activation', () => {
    it('rellu suggests relu, underlining the value', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4, activation=rellu)
            }`, { code: 'unknown-activation', severity: 'error', line: 3, range: 'rellu', says: ["Unknown activation 'rellu'", "Did you mean 'relu'?"] });
    });

    it('Activation(Relu) suggests relu (case only)', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Activation(Relu)
            }`, { code: 'unknown-activation', severity: 'error', line: 3, range: 'Relu', says: ["Did you mean 'relu'?"] });
    });

    it('a far-off name lists the known activations', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(4, activation=mish)
            }`, { code: 'unknown-activation', severity: 'error', line: 3, range: 'mish', says: ['Known activations:', 'relu6', 'hard_sigmoid'] });
    });

    it('near miss: relu6, gelu and a quoted "relu" are known', async () => {
        await expectClean(nn`
            model M {
                input [8]
                Dense(4, activation=relu6)
                Dense(4, activation=gelu)
                Dense(4, activation="relu")
                Activation('tanh')
            }`);
    });
});
