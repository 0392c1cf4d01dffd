import { describe, expect, it } from 'vitest';
import { analysisOf, check } from './helpers.js';

describe('smoke', () => {
    it('checks the seed MLP', async () => {
        const { document, diagnostics } = await check(`
model MnistMlp {
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
    validation = test
    seed       = 42
}`);
        expect(diagnostics).toEqual([]);
        const a = analysisOf(document);
        expect(a.models[0].params?.total).toBe(669706);
    });
});
