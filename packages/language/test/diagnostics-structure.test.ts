/** Codes beyond the spec's list: `unknown-label`, `duplicate-name`, `missing-input`. */
import { describe, it } from 'vitest';
import { expectDiagnostic, expectNo, nn } from './gen/diagnostics.js';

describe('unknown-label', () => {
    it('a label nobody defined, with "did you mean" for a close one, on the label', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                skip = Dense(8, activation=relu)
                Dense(8, activation=relu)
                Add(skp)
            }`, { code: 'unknown-label', severity: 'error', line: 5, range: 'skp', says: ["No layer above is labelled 'skp'", "Did you mean 'skip'?"] });
    });

    it('a label defined below its use says so', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(8, activation=relu)
                Add(later)
                later = Dense(8, activation=relu)
            }`, { code: 'unknown-label', severity: 'error', line: 4, range: 'later', says: ["'later' is defined below", 'defined above its use'] });
    });

    it('a label from another model is not visible', async () => {
        await expectDiagnostic(nn`
            model A {
                input [8]
                skip = Dense(8, activation=relu)
            }
            model B {
                input [8]
                Dense(8, activation=relu)
                Add(skip)
            }`, { code: 'unknown-label', severity: 'error', line: 8, range: 'skip', says: ["labelled 'skip' in B"] });
    });

    it('near miss: the label defined above', async () => {
        await expectNo(nn`
            model M {
                input [8]
                skip = Dense(8, activation=relu)
                Dense(8, activation=relu)
                Add(skip)
            }`, 'unknown-label');
    });
});

describe('duplicate-name', () => {
    it('a label used twice in one model, on the second label', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                a = Dense(8, activation=relu)
                a = Dense(8, activation=relu)
            }`, { code: 'duplicate-name', severity: 'error', line: 4, range: 'a', says: ["label 'a' is already used above in M"] });
    });

    it('two models with one name, on the second name', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                Dense(1)
            }
            model M {
                input [4]
                Dense(1)
            }`, { code: 'duplicate-name', severity: 'error', line: 5, range: 'M', says: ['model named M is already defined above'] });
    });

    it('near miss: the same label in two different models', async () => {
        await expectNo(nn`
            model A {
                input [8]
                a = Dense(8, activation=relu)
            }
            model B {
                input [8]
                a = Dense(8, activation=relu)
            }`, 'duplicate-name');
    });
});

describe('missing-input', () => {
    it('a model without input, on the model name', async () => {
        await expectDiagnostic(nn`
            model M {
                Dense(8)
            }`, { code: 'missing-input', severity: 'error', line: 1, range: 'M', says: ['has no input', 'input [784]'] });
    });

    it('an input after a layer, on the input statement', async () => {
        await expectDiagnostic(nn`
            model M {
                Dense(8)
                input [8]
            }`, { code: 'missing-input', severity: 'error', line: 3, range: 'input [8]', says: ['must come first'] });
    });

    it('a second input, on the second one', async () => {
        await expectDiagnostic(nn`
            model M {
                input [8]
                input [4]
                Dense(1)
            }`, { code: 'missing-input', severity: 'error', line: 3, range: 'input [4]', says: ['exactly one input'] });
    });

    it('near miss: one input, first', async () => {
        await expectNo(nn`
            model M {
                input [8]
                Dense(1)
            }`, 'missing-input');
    });
});
