/**
 * The extension host's side of the training view's boundary, with the real panel and run
 * controller (VS Code itself is a stand-in: fake-vscode.ts): whatever the page posts, a run ends
 * exactly once, malformed messages are logged and dropped, and the page's word about files is
 * not trusted.
 */
import { PROTOCOL_VERSION, type DoneMessage } from '@nn-lang/webview';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { TrainingRunController } from '../src/training/run-controller.js';
import { panels, shown, type FakeWebviewPanel } from './fake-vscode.js';

const root = mkdtempSync(path.join(tmpdir(), 'nn-host-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const description = {
    file: path.join(root, 'xor.nn'),
    line: 9,
    model: { name: 'Xor', input: [2], layers: [], output: [1], params: { total: 105, trainable: 105, nonTrainable: 0 } },
    data: { kind: 'csv' as const, path: path.join(root, 'data.csv'), label: 'y' },
    loss: 'binary_crossentropy',
    lossKind: 'binary' as const,
    task: 'classification' as const,
    optimizer: { name: 'adam' as const, learningRate: 0.03, args: {} },
    metrics: ['accuracy'],
    epochs: 2,
    batchSize: 16,
    seed: 1,
    memory: { bytes: 2000, weights: 420, gradients: 420, optimizerState: 840, activations: 320, batchSize: 16 }
};

interface Logged {
    level: string;
    line: string;
}

function context(logged: Logged[], diagnostics: Map<string, unknown[]>) {
    const log = (level: string) => (line: string) => logged.push({ level, line });
    return {
        extensionUri: vscode.Uri.file('/extension'),
        documentUri: vscode.Uri.file(description.file),
        output: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
        diagnostics: {
            get: (uri: vscode.Uri) => diagnostics.get(uri.fsPath),
            set: (uri: vscode.Uri, list: unknown[]) => void diagnostics.set(uri.fsPath, list)
        },
        backend: 'cpu' as const,
        outputDirectory: path.join(root, 'runs')
    } as unknown as ConstructorParameters<typeof TrainingRunController>[2];
}

/** A run whose page has said `ready` and received its `start`. */
async function startedRun() {
    const logged: Logged[] = [];
    const diagnostics = new Map<string, unknown[]>();
    const run = new TrainingRunController(description, { kind: 'csv-text', file: description.data.path, text: 'a,y\n1,0\n' }, context(logged, diagnostics));
    const page = panels.at(-1)! as FakeWebviewPanel;
    const starting = run.start();
    page.fromPage({ type: 'ready', protocol: PROTOCOL_VERSION, restored: false });
    await starting;
    expect(page.posted).toMatchObject([{ type: 'start', runId: run.runId, backend: 'cpu' }]);
    return { run, page, logged, diagnostics };
}

/** Lets the controller's message handlers (async) run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

const GARBAGE: unknown[] = [
    null,
    undefined,
    42,
    'done',
    [],
    {},
    { type: 'nope' },
    { type: 'ready' },
    { type: 'progress', epoch: 'one' },
    { type: 'epoch', logs: null },
    { type: 'backend', name: 'webgpu', requested: 'cpu', softwareRendered: false, reason: 'x' },
    { type: 'data', name: 1 },
    { type: '__proto__' },
    { type: 'started', runId: 7 }
];

beforeEach(() => {
    shown.length = 0;
});

describe('the host reads what the training view posts', () => {
    it('logs and drops garbage; the run goes on', async () => {
        const { run, page, logged } = await startedRun();
        for (const g of GARBAGE) page.fromPage(g);
        for (const g of GARBAGE.filter(g => typeof g === 'object' && g !== null)) page.fromPage({ ...(g as object), runId: run.runId });
        await settle();
        expect(run.active).toBe(true);
        expect(logged.filter(l => l.level === 'warn' && /dropped a malformed/.test(l.line)).length).toBeGreaterThanOrEqual(GARBAGE.length);
        expect(logged.some(l => l.level === 'error')).toBe(false);
        expect(shown).toEqual([]);
        run.dispose();
    });

    it('a malformed `done` ends the run (nothing saved) instead of leaving it active for good', async () => {
        const { run, page, logged } = await startedRun();
        page.fromPage({ type: 'done', runId: run.runId, stopped: 'no', history: 'lots' });
        expect(await run.finished).toBe('error');
        expect(run.active).toBe(false);
        expect(logged.some(l => l.level === 'error' && /'done' message this extension could not read/.test(l.line))).toBe(true);
        expect(shown).toMatchObject([{ kind: 'error', message: expect.stringMatching(/^Training Xor ended: .*Nothing was saved\.$/) }]);
        expect(existsSync(path.join(root, 'runs'))).toBe(false);
    });

    it('ignores another run’s messages, valid or not', async () => {
        const { run, page } = await startedRun();
        page.fromPage({ type: 'done', runId: 'someone-else', stopped: 'no' });
        page.fromPage({ type: 'error', runId: 'someone-else', message: 'not yours' });
        await settle();
        expect(run.active).toBe(true);
        run.dispose();
    });

    it('marks an error only in a file the run was given; the page’s other files are not opened', async () => {
        const outside = await startedRun();
        outside.page.fromPage({ type: 'error', runId: outside.run.runId, message: 'bad row', file: '/etc/passwd', line: 3 });
        expect(await outside.run.finished).toBe('error');
        expect(outside.diagnostics.size).toBe(0);
        expect(shown.at(-1)).toEqual({ kind: 'error', message: 'Training Xor failed: bad row', items: [] });
        expect(outside.logged.some(l => l.level === 'warn' && /'\/etc\/passwd', a file this run was not given/.test(l.line))).toBe(true);

        const inside = await startedRun();
        inside.page.fromPage({ type: 'error', runId: inside.run.runId, message: 'bad row', file: description.data.path, line: 3 });
        expect(await inside.run.finished).toBe('error');
        expect([...inside.diagnostics.keys()]).toEqual([description.data.path]);
        expect(shown.at(-1)?.items).toEqual(['Show problem']);
    });

    it('refuses to run in a page of another protocol version', async () => {
        const logged: Logged[] = [];
        const run = new TrainingRunController(description, { kind: 'builtin' }, context(logged, new Map()));
        const page = panels.at(-1)! as FakeWebviewPanel;
        const starting = run.start();
        page.fromPage({ type: 'ready', protocol: PROTOCOL_VERSION + 1, restored: false });
        await starting;
        expect(await run.finished).toBe('error');
        expect(page.posted).toEqual([]);
        expect(shown.at(-1)?.message).toMatch(/another version of the extension \(protocol 2\)/);
    });

    it('a run stopped before its first epoch says it saved only metrics.json, and does', async () => {
        const { run, page } = await startedRun();
        const done: DoneMessage = { type: 'done', runId: run.runId, stopped: true, epochsCompleted: 0, epochs: 2, seconds: 0.4, seed: 1, backend: 'cpu', stoppedAt: { epoch: 1, batch: 3, batchesPerEpoch: 10 }, history: [] };
        page.fromPage(done);
        expect(await run.finished).toBe('stopped');
        const [folder] = readdirSync(path.join(root, 'runs'));
        expect(readdirSync(path.join(root, 'runs', folder))).toEqual(['metrics.json']);
        const metrics = JSON.parse(readFileSync(path.join(root, 'runs', folder, 'metrics.json'), 'utf8'));
        expect(metrics).toMatchObject({ stopped: true, epochsCompleted: 0, files: ['metrics.json'], note: expect.stringMatching(/no model was saved/) });
        await settle();
        expect(shown.at(-1)?.message).toMatch(/No epoch finished, so there is no model to save: only metrics\.json is in /);
        rmSync(path.join(root, 'runs'), { recursive: true });
    });
});
