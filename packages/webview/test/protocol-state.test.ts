import type { TrainingDescription } from '@nn-lang/language';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, makeNonce, trainingPageHtml } from '../src/html.js';
import { isBackendPreference, isHostMessage, isWebviewMessage, PROTOCOL_VERSION, readHostMessage, readWebviewMessage, type StartMessage } from '../src/protocol/index.js';
import { applyEvent, emptySeries, emptyState, isActive, MAX_SERIES_POINTS, pushPoint, restoreState } from '../src/state.js';

const description = {
    file: '/w/xor.nn',
    line: 9,
    model: { name: 'Xor', input: [2], layers: [], output: [1], params: { total: 113, trainable: 113, nonTrainable: 0 } },
    data: { kind: 'xor', n: 400, noise: 0.05 },
    loss: 'binary_crossentropy',
    lossKind: 'binary',
    task: 'classification',
    optimizer: { name: 'adam', learningRate: 0.03, args: {} },
    metrics: ['accuracy'],
    epochs: 2,
    batchSize: 16,
    validation: 'test',
    seed: 1,
    memory: { bytes: 1000, weights: 452, gradients: 452, optimizerState: 904, activations: 0, batchSize: 16 }
} satisfies TrainingDescription;

const start: StartMessage = { type: 'start', runId: 'r1', description, data: { kind: 'builtin' }, backend: 'webgl' };

describe('protocol guards', () => {
    it('accepts host messages and rejects look-alikes', () => {
        expect(isHostMessage(start)).toBe(true);
        expect(isHostMessage({ type: 'stop', runId: 'r1' })).toBe(true);
        expect(isHostMessage({ type: 'start', runId: 'r1', description, data: { kind: 'builtin' }, backend: 'gpu' })).toBe(false);
        expect(isHostMessage({ type: 'stop' })).toBe(false);
        // VS Code posts its own messages into webviews too.
        expect(isHostMessage({ type: 'didChangeTheme' })).toBe(false);
        expect(isHostMessage(null)).toBe(false);
    });
    it('recognises webview messages by their whole shape, not by type alone', () => {
        expect(isWebviewMessage({ type: 'ready', protocol: PROTOCOL_VERSION, restored: false })).toBe(true);
        // A `done` that says nothing used to pass for one (and broke the host): it is refused now.
        expect(isWebviewMessage({ type: 'done' })).toBe(false);
        expect(isWebviewMessage({ type: 'done', runId: 'r1', stopped: false, epochsCompleted: 0, epochs: 2, seconds: 0, seed: 1, backend: 'cpu', history: [] })).toBe(true);
        expect(isWebviewMessage({ type: 'start' })).toBe(false);
        expect(isBackendPreference('auto')).toBe(true);
        expect(isBackendPreference('webgpu')).toBe(false);
    });
});

describe('protocol readers', () => {
    it('say why a message was refused and what could still be read of it', () => {
        const refused = readWebviewMessage({ type: 'done', runId: 'r1', stopped: 'no' });
        expect(refused).toMatchObject({ ok: false, type: 'done', runId: 'r1' });
        expect(!refused.ok && refused.problem).toMatch(/stopped/);
        expect(readHostMessage({ type: 'start', runId: 'r2', description: { file: 1 } })).toMatchObject({ ok: false, type: 'start', runId: 'r2' });
        for (const garbage of [null, undefined, 0, 'start', [], {}, { type: 1 }, { runId: {} }]) {
            expect(readHostMessage(garbage).ok).toBe(false);
            expect(readWebviewMessage(garbage).ok).toBe(false);
        }
    });

    it('keep a NaN loss (a diverging run must still report), refuse a NaN count', () => {
        const progress = { type: 'progress', runId: 'r', epoch: 1, batch: 2, batchesPerEpoch: 4, epochs: 3, loss: NaN, metrics: { accuracy: NaN }, samplesPerSec: 10, elapsed: 1 };
        expect(readWebviewMessage(progress).ok).toBe(true);
        expect(readWebviewMessage({ ...progress, batch: NaN }).ok).toBe(false);
    });

    it('accept the description the checker writes, and nothing else in its place', () => {
        expect(readHostMessage(start)).toEqual({ ok: true, message: start });
        expect(readHostMessage({ ...start, description: { ...description, epochs: 0 } }).ok).toBe(false);
        expect(readHostMessage({ ...start, description: { ...description, data: { kind: 'imagenet' } } }).ok).toBe(false);
    });
});

describe('page HTML', () => {
    it('carries the strict CSP and a nonce on every script', () => {
        const nonce = makeNonce();
        expect(nonce).toMatch(/^[A-Za-z0-9]{32}$/);
        const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
        expect(csp).toBe(
            `default-src 'none'; script-src 'nonce-${nonce}' 'wasm-unsafe-eval'; style-src https://x.vscode-cdn.net 'nonce-${nonce}'; ` +
                `img-src https://x.vscode-cdn.net data: blob:; connect-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net`
        );
        const html = trainingPageHtml({
            cspSource: 'https://x.vscode-cdn.net',
            nonce,
            scriptUri: 'https://x/out/webview.js',
            styleUri: 'https://x/out/webview.css',
            wasmBase: 'https://x/out/wasm/',
            dataBase: 'https://x/out/data/',
            preludeScripts: ['window.a = 1;']
        });
        expect(html).toContain(`content="${csp.replace(/'/g, "'")}"`);
        const scripts = html.match(/<script[^>]*>/g) ?? [];
        expect(scripts).toHaveLength(2);
        for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
        expect(html).toContain('data-wasm-base="https://x/out/wasm/"');
        expect(html).not.toMatch(/style="/);
    });
});

describe('view state', () => {
    it('follows a run from start to done', () => {
        const s = emptyState();
        applyEvent(s, start);
        expect(s.run?.status).toBe('loading');
        expect(s.run?.dataLabel).toBe('xor(n=400, noise=0.05)');
        expect(isActive(s.run)).toBe(true);
        applyEvent(s, { type: 'started', runId: 'r1', seed: 1, epochs: 2, batchSize: 16, trainSamples: 200, validationSamples: 200, batchesPerEpoch: 13, totalBatches: 26, params: description.model.params, memoryEstimateBytes: 1000 });
        expect(s.run?.status).toBe('training');
        applyEvent(s, { type: 'batch', runId: 'r1', epoch: 1, batch: 13, batchesPerEpoch: 13, loss: 0.5, metrics: { accuracy: 0.75 }, samplesPerSec: 100, elapsed: 2 });
        expect(s.run?.progress?.fraction).toBeCloseTo(0.5);
        expect(s.run?.progress?.eta).toBeCloseTo(2);
        expect(s.run?.charts.loss.batch.points).toEqual([[1, 0.5]]);
        expect(s.run?.charts.metric.batch.points).toEqual([[1, 0.75]]);
        applyEvent(s, { type: 'epoch', runId: 'r1', epochs: 2, logs: { epoch: 1, loss: 0.6, accuracy: 0.7, val_loss: 0.55, val_accuracy: 0.72, seconds: 1 } });
        expect(s.run?.charts.loss.validation.points).toEqual([[1, 0.55]]);
        expect(s.run?.charts.metric.train.points).toEqual([[1, 0.7]]);
        // Another run's messages do not leak in.
        applyEvent(s, { type: 'epoch', runId: 'other', epochs: 2, logs: { epoch: 2, loss: 9, seconds: 1 } });
        expect(s.run?.charts.loss.train.points).toHaveLength(1);
        applyEvent(s, { type: 'done', runId: 'r1', stopped: false, epochsCompleted: 2, epochs: 2, seconds: 3, seed: 1, backend: 'webgl', history: [], test: { loss: 0.1, accuracy: 0.99 } });
        expect(s.run?.status).toBe('done');
        expect(s.run?.result?.test?.accuracy).toBe(0.99);
        expect(isActive(s.run)).toBe(false);
    });

    it('marks a run that was going when the page reloaded as interrupted', () => {
        const s = applyEvent(emptyState(), start);
        const restored = restoreState(JSON.parse(JSON.stringify(s)));
        expect(restored?.restored).toBe(true);
        expect(restored?.run?.status).toBe('interrupted');
        expect(restoreState({ version: PROTOCOL_VERSION + 1 })).toBeUndefined();
        expect(restoreState(undefined)).toBeUndefined();
    });

    it('an error keeps the finished epochs on the charts', () => {
        const s = applyEvent(emptyState(), start);
        applyEvent(s, { type: 'epoch', runId: 'r1', epochs: 2, logs: { epoch: 1, loss: 0.6, seconds: 1 } });
        applyEvent(s, { type: 'error', runId: 'r1', message: 'the loss became NaN', hint: 'lower the learning rate' });
        expect(s.run?.status).toBe('error');
        expect(s.run?.error?.hint).toBe('lower the learning rate');
        expect(s.run?.charts.loss.train.points).toHaveLength(1);
    });

    it('keeps long series bounded and evenly resolved from the first batch to the last', () => {
        const series = emptySeries();
        const n = 10 * MAX_SERIES_POINTS + 123;
        for (let i = 0; i < n; i++) pushPoint(series, [i, 1]);
        expect(series.points.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
        expect(series.points.length).toBeGreaterThan(MAX_SERIES_POINTS / 2);
        // Each point averages `stride` consecutive values: the first one sits near the start.
        expect(series.points[0][0]).toBe((series.stride - 1) / 2);
        const gaps = series.points.slice(1).map((p, i) => p[0] - series.points[i][0]);
        expect(new Set(gaps)).toEqual(new Set([series.stride]));
        const covered = series.points.length * series.stride + (series.pending?.[2] ?? 0);
        expect(covered).toBe(n);
        expect(series.points.every(p => p[1] === 1)).toBe(true);
    });
});
