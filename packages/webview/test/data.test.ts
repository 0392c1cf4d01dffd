/**
 * The webview's data loading, run in Node against the files the build copies to out/data (served
 * over HTTP as the webview fetches them): it must give exactly the samples the Node loaders give
 * the CLI.
 */
import { DATA_SETS, findLoss, taskOfLossKind, type TrainingDescription } from '@nn-lang/language';
import { loadDataset } from '@nn-lang/training';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWebviewAssets } from '../scripts/copy-assets.mjs';
import { loadData } from '../src/data.js';
import { repoRoot } from './browser-harness.js';

let server: Server;
let base = '';

beforeAll(async () => {
    copyWebviewAssets(repoRoot);
    server = createServer((req, res) => {
        const file = path.join(repoRoot, 'out', 'data', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
        let bytes: Buffer;
        try {
            bytes = readFileSync(file);
        } catch {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200).end(bytes);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

/** The task travels in the description: the analysis takes it from the loss for a CSV file. */
const taskOfLoss = (loss: string) => taskOfLossKind(findLoss(loss)!.kind);
const desc = (data: TrainingDescription['data'], seed?: number, loss = 'sparse_categorical_crossentropy'): TrainingDescription =>
    ({ file: '/w/a.nn', line: 1, data, loss, task: taskOfLoss(loss), seed } as TrainingDescription);

describe('webview data loading', () => {
    it.each(['iris', 'wine', 'breast_cancer', 'digits'] as const)('%s: fetched and parsed like the Node loader, same seed, same split', async name => {
        const { dataset } = await loadData(desc({ kind: name }, 7), { kind: 'builtin' }, base);
        const node = await loadDataset({ kind: name }, { seed: 7 });
        expect(dataset.train.count).toBe(node.train.count);
        expect(dataset.train.x).toEqual(node.train.x);
        expect(dataset.test?.y).toEqual(node.test?.y);
        expect(dataset.classNames).toEqual(node.classNames);
    });

    it('MNIST: the official split from out/data/mnist, identical to the Node loader', async () => {
        const { dataset, loadMs } = await loadData(desc({ kind: 'mnist' }), { kind: 'builtin' }, base);
        const node = await loadDataset({ kind: 'mnist' });
        expect(dataset.train.count).toBe(60000);
        expect(dataset.test?.count).toBe(10000);
        expect(dataset.train.x.length).toBe(node.train.x.length);
        expect(dataset.train.x.subarray(0, 784 * 50)).toEqual(node.train.x.subarray(0, 784 * 50));
        expect(dataset.test?.y).toEqual(node.test?.y);
        expect(loadMs).toBeGreaterThan(0);
    });

    it('Fashion-MNIST: the Debian package\'s files as the host sends them, identical to the Node loader', async () => {
        // npm test installs the package first (scripts/setup-data.sh); the folder is the catalogue's.
        const { dir } = DATA_SETS.fashion_mnist.install;
        const file = (stem: string) => {
            const bytes = readFileSync(path.join(dir, `${stem}-ubyte.gz`));
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        };
        const payload = { kind: 'idx-gz' as const, dir, trainImages: file('train-images-idx3'), trainLabels: file('train-labels-idx1'), testImages: file('t10k-images-idx3'), testLabels: file('t10k-labels-idx1') };
        const { dataset } = await loadData(desc({ kind: 'fashion_mnist' }), payload, base);
        const node = await loadDataset({ kind: 'fashion_mnist' });
        expect({ train: dataset.train.count, test: dataset.test?.count, classes: dataset.classNames }).toEqual({ train: node.train.count, test: node.test?.count, classes: node.classNames });
        expect(dataset.train.x.subarray(0, 784 * 50)).toEqual(node.train.x.subarray(0, 784 * 50));
        expect(dataset.test?.y).toEqual(node.test?.y);
    });

    it('generators: seeded by the train block', async () => {
        const a = await loadData(desc({ kind: 'spiral', n: 100, noise: 0.1 }, 3), { kind: 'builtin' }, base);
        const b = await loadDataset({ kind: 'spiral', n: 100, noise: 0.1 }, { seed: 3 });
        expect(a.dataset.train.x).toEqual(b.train.x);
    });

    it('csv: parsed from the text the host sends, the task taken from the loss', async () => {
        const file = path.join(repoRoot, 'examples', 'data', 'houses.csv');
        const text = readFileSync(file, 'utf8');
        const { dataset } = await loadData(desc({ kind: 'csv', path: file, label: 'price' }, 10, 'mse'), { kind: 'csv-text', file, text }, base);
        const node = await loadDataset({ kind: 'csv', path: file, label: 'price' }, { seed: 10, task: 'regression' });
        expect(dataset.task).toBe('regression');
        expect(dataset.train.y).toEqual(node.train.y);
        expect(taskOfLoss('categorical_crossentropy')).toBe('classification');
        expect(taskOfLoss('mae')).toBe('regression');
    });

    it('csv errors name the file and line', async () => {
        const file = '/w/bad.csv';
        const text = 'a,b,price\n1,2,3\n4,x,6\n';
        await expect(loadData(desc({ kind: 'csv', path: file, label: 'price' }, 1, 'mse'), { kind: 'csv-text', file, text }, base)).rejects.toMatchObject({
            file,
            line: 3
        });
    });

    it('a missing data file says how to get it', async () => {
        await expect(loadData(desc({ kind: 'iris' }), { kind: 'builtin' }, `${base}nowhere/`)).rejects.toThrow(/HTTP 404.*npm run build/);
    });
});
