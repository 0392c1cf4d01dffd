/** The runs view's curves: from metrics.json's history, overlaid on the epochs of every run. */
import { describe, expect, it } from 'vitest';
import { overlay } from '../src/runs/overlay.js';
import { curvesOf, readRunsHostMessage } from '../src/runs/protocol.js';

describe('run curves', () => {
    it('takes loss, validation loss and the first metric per epoch; a NaN (null in JSON) stays a gap', () => {
        const c = curvesOf('Xor-1', '2/2 epochs', {
            model: 'Xor',
            settings: { metrics: ['accuracy', 'mae'] },
            history: [
                { epoch: 1, loss: 0.7, accuracy: 0.5, val_loss: 0.71, val_accuracy: 0.52 },
                { epoch: 2, loss: null, accuracy: 0.6 }
            ]
        });
        expect(c).toEqual({ name: 'Xor-1', model: 'Xor', outcome: '2/2 epochs', epochs: [1, 2], loss: [0.7, null], valLoss: [0.71, null], metric: 'accuracy', metricValues: [0.5, 0.6], valMetricValues: [0.52, null] });
        expect(readRunsHostMessage({ type: 'runs', runs: [c] }).ok).toBe(true);
        expect(readRunsHostMessage({ type: 'runs', runs: [{ ...c, loss: ['x'] }] }).ok).toBe(false);
    });

    it('overlays runs of different lengths on one epoch axis', () => {
        const a = curvesOf('a', '', { model: 'M', settings: { metrics: [] }, history: [1, 2, 3].map(epoch => ({ epoch, loss: epoch })) });
        const b = curvesOf('b', '', { model: 'M', settings: { metrics: [] }, history: [1, 2].map(epoch => ({ epoch, loss: 10 * epoch })) });
        expect(overlay([a, b], r => r.loss)).toEqual([[1, 2, 3], [1, 2, 3], [10, 20, null]]);
    });
});
