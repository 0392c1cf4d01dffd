/** The terminal progress bar of `nn train` and what each Ctrl-C does. */
import { describe, expect, it } from 'vitest';
import { InterruptPolicy } from '../src/interrupt.js';
import { formatDuration, ProgressLine } from '../src/progress.js';

describe('Ctrl-C during nn train', () => {
    it('stops first, then quits; while saving it waits for the folder to be complete', () => {
        const training = new InterruptPolicy();
        expect(training.interrupt()).toBe('stop');
        expect(training.interrupt()).toBe('quit');

        const saving = new InterruptPolicy();
        expect(saving.interrupt()).toBe('stop');
        saving.enter('saving');
        expect(saving.interrupt()).toBe('quit-after-save');
        expect(saving.interrupt()).toBe('ignore');
        expect(saving.quitAfterSave).toBe(true);

        // A run that ended by itself: the first Ctrl-C comes during saving.
        const ended = new InterruptPolicy();
        ended.enter('saving');
        expect(ended.interrupt()).toBe('quit-after-save');
    });
});

/** A terminal stand-in: what was written, with carriage returns and erase sequences kept. */
function terminal(columns = 120) {
    const writes: string[] = [];
    return { writes, stream: { isTTY: true, columns, write: (s: string) => (writes.push(s), true) } };
}

/** The text the terminal shows on its current line after all writes (CR and erase-line honoured). */
/* eslint-disable no-control-regex -- terminal escape sequences are what this reads */
function visibleLine(writes: string[]): string {
    let line = '';
    for (const w of writes.join('').split(/(\r|\x1b\[\d*[GK]|\x1b\[\d*;?\d*H)/)) {
        if (w === '\r' || /^\x1b\[\d*G$/.test(w)) line = '';
        else if (/^\x1b\[\d*K$/.test(w)) continue;
        else if (!w.startsWith('\x1b')) line += w;
    }
    return line;
}
/* eslint-enable no-control-regex */

describe('progress bar', () => {
    it('draws the epoch, its batches, the loss, metrics, speed and the run’s time left', () => {
        const { writes, stream } = terminal();
        const bar = new ProgressLine(stream, { fps: 1000 });
        bar.update({ epoch: 2, epochs: 60, batch: 12, batchesPerEpoch: 24, loss: 0.123456, metrics: { accuracy: 0.9 }, samplesPerSec: 15234.4, etaSeconds: 185 });
        expect(visibleLine(writes)).toBe('epoch 2/60 [============            ] 12/24 loss 0.1235 accuracy 0.9000 · 15,234 samples/s · ETA 3m05s');
        bar.clear();
        expect(visibleLine(writes)).toBe('');
        // A new epoch draws a new bar.
        bar.update({ epoch: 3, epochs: 60, batch: 24, batchesPerEpoch: 24, loss: 0.1, metrics: {}, samplesPerSec: 10, etaSeconds: Infinity });
        expect(visibleLine(writes)).toBe('epoch 3/60 [========================] 24/24 loss 0.1000 · 10 samples/s · ETA ?');
        bar.clear();
    });

    it('fits the terminal width', () => {
        const { writes, stream } = terminal(40);
        const bar = new ProgressLine(stream, { fps: 1000 });
        bar.update({ epoch: 1, epochs: 1, batch: 1, batchesPerEpoch: 2, loss: 1, metrics: {}, samplesPerSec: 1, etaSeconds: 1 });
        expect(visibleLine(writes).length).toBeLessThanOrEqual(40);
        bar.clear();
    });

    it('formats durations', () => {
        expect([42, 185, 7300, Infinity].map(formatDuration)).toEqual(['42s', '3m05s', '2h01m', '?']);
    });
});
