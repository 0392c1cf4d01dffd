/**
 * The pure parts of `npm run bench:train` (bench/train/): arguments, the timing windows (and
 * their Python twin, on the same batch ends), numbers and tables, the --json document, the
 * docs/benchmarks.md section, the synthetic data. The benchmark itself is not a test.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgsError, parseBenchArgs, timing } from '../../bench/train/args.js';
import { BENCH_BATCH_SIZE, BENCH_GENERATED_POINTS, benchDescription, syntheticKind, syntheticMnistIdx } from '../../bench/train/models.js';
import {
    cellFromWindows,
    detailTable,
    formatRate,
    formatRatio,
    makeReport,
    naCell,
    ratioTable,
    replaceSection,
    seedRunsMarkdown,
    speedMarkdown,
    type Cell,
    type ReportInput
} from '../../bench/train/report.js';
import { pytorchCell } from '../../bench/train/pytorch-runner.js';
import { rateOf, WindowMeter, type BatchPoint, type MeterSettings } from '../../bench/train/windows.js';
import type { TrainingDescription } from '@nn-lang/language';
import { readIdxHeader, splitFromIdx } from '@nn-lang/training/data';

const root = path.resolve(__dirname, '../..');

describe('bench:train arguments', () => {
    it('runs everything by default, in the standard mode', () => {
        const a = parseBenchArgs([]);
        expect(a).toMatchObject({ help: false, mode: 'standard', full: false, write: false, install: true, build: true, fullEpochs: {} });
        expect(a.models).toEqual(['mlp', 'cnn', 'tiny']);
        expect(a.backends).toEqual(['pytorch', 'node-wasm', 'node-cpu', 'node-auto', 'browser-webgl', 'browser-wasm', 'browser-cpu']);
        expect(a.json).toBeUndefined();
    });

    it('takes lists in any order and keeps the table order', () => {
        const a = parseBenchArgs(['--quick', '--models', 'tiny,mlp', '--backends=browser-cpu,pytorch', '--json', 'out/b.json', '--write', '--no-install', '--no-build']);
        expect(a).toMatchObject({ mode: 'quick', write: true, json: 'out/b.json', install: false, build: false });
        expect(a.models).toEqual(['mlp', 'tiny']);
        expect(a.backends).toEqual(['pytorch', 'browser-cpu']);
    });

    it('reads the seed runs\' epochs', () => {
        expect(parseBenchArgs(['--full', '--full-epochs', 'mlp=2,cnn=1']).fullEpochs).toEqual({ mlp: 2, cnn: 1 });
        expect(parseBenchArgs(['--full']).fullEpochs).toEqual({});
    });

    it.each([
        [['--models', 'resnet'], /unknown model 'resnet': use mlp, cnn, tiny/],
        [['--backends', 'node-gpu'], /unknown backend 'node-gpu'/],
        [['--models', ','], /--models needs at least one/],
        [['--full-epochs', 'mlp=2'], /only applies with --full/],
        [['--full', '--full-epochs', 'tiny=2'], /the seed runs are mlp and cnn, not 'tiny'/],
        [['--full', '--full-epochs', 'mlp=0'], /not from 1 to 1000/],
        [['--full', '--full-epochs', 'mlp:2'], /MODEL=N pairs/],
        [['--json'], /--json/],
        [['--fast'], /--fast/],
        [['extra'], /extra/]
    ])('refuses %j', (argv, message) => {
        expect(() => parseBenchArgs(argv)).toThrow(ArgsError);
        expect(() => parseBenchArgs(argv)).toThrow(message);
    });

    it('times the quick mode shorter than the standard one', () => {
        const q = timing('quick');
        const s = timing('standard');
        expect(q.meter.windows).toBeGreaterThanOrEqual(3);
        expect(s.meter.windows).toBeGreaterThanOrEqual(3);
        expect(q.capSeconds).toBeLessThan(s.capSeconds);
        expect(q.meter.windowSeconds).toBeLessThan(s.meter.windowSeconds);
    });
});

const SETTINGS: MeterSettings = { warmupBatches: 2, warmupSeconds: 1, windowSeconds: 1, minWindowBatches: 2, windows: 3 };

/** Batch ends at a steady `perBatch` seconds, `batchesPerEpoch` full batches of 128 an epoch. */
function steady(count: number, perBatch: number, batchesPerEpoch = 1000, start = 0): BatchPoint[] {
    return Array.from({ length: count }, (_, i) => ({
        epoch: Math.floor(i / batchesPerEpoch) + 1,
        done: i + 1,
        samples: (i + 1) * 128,
        t: start + (i + 1) * perBatch
    }));
}

function feed(meter: WindowMeter, points: BatchPoint[]): number {
    let used = 0;
    for (const p of points) {
        used++;
        if (meter.add(p)) break;
    }
    return used;
}

describe('timing windows', () => {
    it('waits out the warm-up, then times windows of at least the set length and batches', () => {
        const meter = new WindowMeter(SETTINGS);
        const used = feed(meter, steady(100, 0.25));
        // Warm-up ends at batch 5 (1 s after batch 1); three windows of 4 batches (1 s) follow.
        expect(meter.windows).toEqual([
            { batches: 4, samples: 512, seconds: 1 },
            { batches: 4, samples: 512, seconds: 1 },
            { batches: 4, samples: 512, seconds: 1 }
        ]);
        expect(used).toBe(5 + 12);
        expect(meter.complete).toBe(true);
        expect(rateOf(meter.windows)).toEqual({ median: 512, min: 512, max: 512, perWindow: [512, 512, 512] });
    });

    it('needs the minimum of batches even when one batch outlasts the window', () => {
        const meter = new WindowMeter(SETTINGS);
        feed(meter, steady(20, 3));
        expect(meter.windows.map(w => w.batches)).toEqual([2, 2, 2]);
        expect(rateOf(meter.windows).median).toBeCloseTo(128 / 3, 10);
    });

    it('leaves out the stretch across an epoch end (validation and reshuffling happen there), however short the epochs', () => {
        for (const batchesPerEpoch of [6, 2]) {
            const meter = new WindowMeter({ ...SETTINGS, warmupBatches: 1, warmupSeconds: 0 });
            // 0.3 s a batch, and 10 s of epoch-end work before each later epoch's first batch ends.
            const points = steady(60, 0.3, batchesPerEpoch).map(p => ({ ...p, t: p.t + 10 * (p.epoch - 1) }));
            feed(meter, points);
            expect(meter.complete).toBe(true);
            for (const w of meter.windows) expect(w.samples / w.seconds).toBeCloseTo(128 / 0.3, 6);
        }
    });

    it('counts samples, so a short last batch does not inflate the rate', () => {
        const meter = new WindowMeter({ ...SETTINGS, warmupBatches: 1, warmupSeconds: 0, windows: 1, windowSeconds: 0.5 });
        meter.add({ epoch: 1, done: 1, samples: 128, t: 0 });
        meter.add({ epoch: 1, done: 2, samples: 256, t: 0.25 });
        meter.add({ epoch: 1, done: 3, samples: 288, t: 0.5 });
        expect(meter.windows).toEqual([{ batches: 2, samples: 160, seconds: 0.5 }]);
    });

    it('keeps what a capped run measured, and says how good it is', () => {
        const full = new WindowMeter(SETTINGS);
        feed(full, steady(100, 0.25));
        expect(full.finish()).toMatchObject({ partial: false, warmupOnly: false });

        const one = new WindowMeter(SETTINGS);
        feed(one, steady(10, 0.25));
        expect(one.finish()).toEqual({ windows: [{ batches: 4, samples: 512, seconds: 1 }], partial: true, warmupOnly: false });

        const unfinished = new WindowMeter(SETTINGS);
        feed(unfinished, steady(7, 0.25));
        expect(unfinished.finish()).toEqual({ windows: [{ batches: 2, samples: 256, seconds: 0.5 }], partial: true, warmupOnly: false });

        const warm = new WindowMeter({ ...SETTINGS, warmupBatches: 5 });
        feed(warm, steady(3, 10));
        expect(warm.finish()).toEqual({ windows: [{ batches: 2, samples: 256, seconds: 20 }], partial: true, warmupOnly: true });

        const none = new WindowMeter(SETTINGS);
        feed(none, steady(1, 10));
        expect(none.finish()).toEqual({ windows: [], partial: true, warmupOnly: true });
    });

    it('takes the median of an even number of windows as the mean of the middle two', () => {
        const r = rateOf([
            { batches: 1, samples: 100, seconds: 1 },
            { batches: 1, samples: 400, seconds: 1 },
            { batches: 1, samples: 200, seconds: 1 },
            { batches: 1, samples: 300, seconds: 1 }
        ]);
        expect(r).toMatchObject({ median: 250, min: 100, max: 400 });
        expect(() => rateOf([])).toThrow(/no timed window/);
    });

    // Debian's python starts faster than a pyenv shim; any python3 will do.
    const python = ['/usr/bin/python3', 'python3'].find(p => spawnSync(p, ['--version']).status === 0);
    it.skipIf(!python)('gives the same windows in Python (the PyTorch side) on the same batch ends (skipped without python3)', () => {
        // Irregular batch times, short epochs, a short last batch: every rule gets exercised.
        let seed = 7;
        const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const points: BatchPoint[] = [];
        let t = 0;
        for (let epoch = 1, done = 0, samples = 0; epoch <= 6; epoch++) {
            for (let b = 1; b <= 9; b++) {
                t += 0.05 + rand() * 0.4 + (b === 1 && epoch > 1 ? 2 : 0);
                done++;
                samples += b === 9 ? 40 : 128;
                points.push({ epoch, done, samples, t });
            }
        }
        const settings: MeterSettings[] = [
            SETTINGS,
            { warmupBatches: 1, warmupSeconds: 0.5, windowSeconds: 0.75, minWindowBatches: 1, windows: 5 },
            { ...SETTINGS, windowSeconds: 3, windows: 3 },
            { ...SETTINGS, windows: 40 }
        ];
        const script = [
            'import json, sys',
            `sys.path.insert(0, ${JSON.stringify(path.join(root, 'bench/train'))})`,
            'from windows import Meter',
            'job = json.load(sys.stdin)',
            'out = []',
            "for s in job['settings']:",
            '    m = Meter(s)',
            "    for p in job['points']:",
            "        if m.add(p['epoch'], p['done'], p['samples'], p['t']): break",
            '    out.append(m.finish())',
            'print(json.dumps(out))'
        ].join('\n');
        const r = spawnSync(python!, ['-c', script], { input: JSON.stringify({ settings, points }), encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
        expect(r.stderr).toBe('');
        const fromPython = JSON.parse(r.stdout) as ReturnType<WindowMeter['finish']>[];
        settings.forEach((s, k) => {
            const meter = new WindowMeter(s);
            feed(meter, points);
            const ts = meter.finish();
            const py = fromPython[k];
            expect(py.partial).toBe(ts.partial);
            expect(py.warmupOnly).toBe(ts.warmupOnly);
            expect(py.windows.length).toBe(ts.windows.length);
            expect(ts.windows.length).toBeGreaterThan(0);
            py.windows.forEach((w, i) => {
                expect(w.batches).toBe(ts.windows[i].batches);
                expect(w.samples).toBe(ts.windows[i].samples);
                expect(w.seconds).toBeCloseTo(ts.windows[i].seconds, 9);
            });
        });
        // Complete (windows longer than an epoch included), and cut short by the end of the data.
        expect(fromPython.map(f => f.partial)).toEqual([false, false, false, true]);
    });
});

describe('numbers and tables', () => {
    it('formats samples/s and ratios as people read them', () => {
        expect(formatRate(52369.4)).toBe('52,369');
        expect(formatRate(696.2)).toBe('696');
        expect(formatRate(4.66)).toBe('4.7');
        expect(formatRatio(0.1322)).toBe('0.13×');
        expect(formatRatio(0.00834)).toBe('0.0083×');
        expect(formatRatio(1)).toBe('1.0×');
        expect(formatRatio(12.4)).toBe('12×');
        expect(formatRatio(250)).toBe('250×');
        expect(formatRatio(undefined)).toBe('–');
    });

    const w = (samplesPerSec: number) => ({ batches: 10, samples: samplesPerSec, seconds: 1 });
    const info = { batchSize: 128, partial: false, warmupOnly: false, capped: false, capSeconds: 30, expected: 3 };
    const cells: Cell[] = [
        cellFromWindows('tiny', 'node-wasm', [w(50000), w(52000), w(54000)], info),
        cellFromWindows('mlp', 'node-auto', [w(700)], { ...info, partial: true, capped: true, ran: 'wasm', reason: 'wasm (SIMD)' }),
        cellFromWindows('mlp', 'pytorch', [w(5000), w(5265), w(5300)], { ...info, ran: 'torch' }),
        cellFromWindows('mlp', 'node-wasm', [w(690), w(696), w(700)], info),
        cellFromWindows('cnn', 'node-cpu', [], { ...info, capped: true }),
        naCell('cnn', 'browser-webgl', 'webgl could not be used, the page fell back to wasm: no GPU'),
        cellFromWindows('cnn', 'pytorch', [w(1337)], { ...info, warmupOnly: true, partial: true, capped: true }),
        cellFromWindows('tiny', 'pytorch', [w(600000)], info)
    ];

    function report(extra: Partial<ReportInput> = {}) {
        return makeReport({
            date: new Date('2025-01-02T03:04:05Z'),
            mode: 'quick',
            command: 'npm run bench:train -- --quick',
            machine: { cpu: 'AMD EPYC', cores: 2, memoryGiB: 24, loadAverage: [0.5, 1.25], niceness: 0, os: 'Debian GNU/Linux 12', node: 'v20.20.2', tfjs: '4.22.0' },
            settings: { batchSize: 128, ...timing('quick') },
            models: [{ key: 'mlp', label: 'seed MLP 784-512-512-10', file: 'examples/mnist-mlp.nn', params: 669706 }],
            cells,
            wallSeconds: 123.456,
            ...extra
        });
    }

    it('explains missing and rough figures', () => {
        expect(cells[4]).toMatchObject({ ok: false, error: 'fewer than 2 batches within the 30 s cap: too slow to time here' });
        expect(cells[1].note).toBe('1 of 3 windows within the 30 s cap');
        expect(cells[6].note).toBe('rough: only warm-up batches within the 30 s cap');
    });

    it('puts ratios to PyTorch in table order, and records what auto chose', () => {
        const r = report();
        expect(r.cells.map(c => `${c.model}/${c.backend}`)).toEqual([
            'mlp/pytorch', 'mlp/node-wasm', 'mlp/node-auto', 'cnn/pytorch', 'cnn/node-cpu', 'cnn/browser-webgl', 'tiny/pytorch', 'tiny/node-wasm'
        ]);
        const ratio = (m: string, b: string) => r.cells.find(c => c.model === m && c.backend === b)!.ratio;
        expect(ratio('mlp', 'node-wasm')).toBeCloseTo(696 / 5265, 12);
        expect(ratio('mlp', 'pytorch')).toBe(1);
        expect(ratio('cnn', 'node-cpu')).toBeUndefined();
        expect(ratio('tiny', 'node-wasm')).toBeCloseTo(52000 / 600000, 12);
        expect(r.auto).toEqual({ mlp: 'wasm' });
    });

    it('writes a JSON document of a fixed shape', () => {
        const r = JSON.parse(JSON.stringify(report({ seedRuns: [] }))) as Record<string, unknown>;
        expect(Object.keys(r)).toEqual(['schema', 'date', 'mode', 'command', 'machine', 'settings', 'models', 'cells', 'auto', 'seedRuns', 'wallSeconds']);
        expect(r).toMatchObject({ schema: 1, date: '2025-01-02T03:04:05.000Z', mode: 'quick', wallSeconds: 123.5 });
        const cell = (r.cells as Record<string, unknown>[])[1];
        expect(cell).toMatchObject({ model: 'mlp', backend: 'node-wasm', ok: true, rate: { median: 696, min: 690, max: 700, perWindow: [690, 696, 700] } });
        expect((r.cells as Record<string, unknown>[])[5]).toEqual({ model: 'cnn', backend: 'browser-webgl', ok: false, error: 'webgl could not be used, the page fell back to wasm: no GPU' });
        expect('seedRuns' in (JSON.parse(JSON.stringify(report())) as object)).toBe(false);
    });

    it('draws the ratio matrix and the detail table', () => {
        const r = report();
        const matrix = ratioTable(r).split('\n');
        expect(matrix[0]).toBe('| model | PyTorch samples/s | Node wasm | Node cpu | Node auto | browser webgl |');
        expect(matrix[1]).toBe('|---|---:|---:|---:|---:|---:|');
        expect(matrix[2]).toBe('| seed MLP 784-512-512-10 | 5,265 | 696 (0.13×) | – | 700 (0.13×) | – |');
        expect(matrix[3]).toBe('| seed CNN (Conv32-Conv64-Pool-Dense128) | 1,337 | – | n/a | – | n/a |');
        const detail = detailTable(r);
        expect(detail).toContain('| seed MLP 784-512-512-10 | Node auto → wasm | 700 | 700–700 | 0.13× | 1 of 3 windows within the 30 s cap |');
        expect(detail).toContain('| seed CNN (Conv32-Conv64-Pool-Dense128) | Node cpu | n/a (fewer than 2 batches within the 30 s cap: too slow to time here) |  | – |  |');
        expect(detail).toContain('| Playground net 2-8-8-1 | PyTorch (CPU) | 600,000 | 600,000–600,000 | 1 |  |');
        const md = speedMarkdown(r);
        expect(md).toContain('`npm run bench:train -- --quick` (quick, 124 s in all)');
        expect(md).toContain('load average 0.5 at the start, 1.3 at the end');
        expect(md).toContain('Node `auto` (what `nn train` uses) chose: seed MLP 784-512-512-10 → wasm');
    });

    it('compares against PyTorch\'s faster thread setting, and says which', () => {
        const run = (threads: number, perSec: number[]) => ({ threads, windows: perSec.map(w), partial: false, warmupOnly: false, capped: false });
        const oneWins = pytorchCell('mlp', [run(2, [220, 230, 240]), run(1, [3500, 3583, 3600])], 128, 20, 3);
        expect(oneWins).toMatchObject({ ok: true, ran: 'torch, 1 thread', note: '1 thread; 2 threads: 230' });
        expect(oneWins.rate!.median).toBe(3583);
        const twoWin = pytorchCell('tiny', [run(2, [300000]), run(1, [150000])], 128, 20, 3);
        expect(twoWin).toMatchObject({ ran: 'torch, 2 threads', note: '2 threads; 1 thread: 150,000' });
        const oneFails = pytorchCell('cnn', [run(2, [131]), { ...run(1, []), capped: true }], 128, 20, 3);
        expect(oneFails).toMatchObject({ ok: true, ran: 'torch, 2 threads' });
        expect(oneFails.note).toContain('1 thread: n/a');
        expect(pytorchCell('cnn', [{ ...run(1, []), capped: true }], 128, 20, 3)).toMatchObject({ ok: false });
    });

    it('summarises the seed runs with their curves', () => {
        const md = seedRunsMarkdown(
            [
                { model: 'mlp', file: 'examples/mnist-mlp.nn', backend: 'wasm', epochs: 2, perEpoch: [{ epoch: 1, seconds: 70, testAccuracy: 0.9689 }, { epoch: 2, seconds: 68, testAccuracy: 0.9737 }], testAccuracy: 0.9737, wallSeconds: 150, kerasAccuracy: 0.984 },
                { model: 'cnn', file: 'examples/mnist-cnn.nn', epochs: 1, perEpoch: [], wallSeconds: 3, kerasAccuracy: 0.9925, error: 'nn train exited with 1' }
            ],
            '2025-01-02T03:04:05.000Z'
        );
        expect(md).toContain('| seed MLP 784-512-512-10 | wasm | 2 | 97.37% | 69.0 s | 150 s | 98.40% |');
        expect(md).toContain('| seed CNN (Conv32-Conv64-Pool-Dense128) | – | 1 | n/a (nn train exited with 1) |  |  | 99.25% |');
        expect(md).toContain('test accuracy after each epoch (%): 96.89, 97.37; seconds per epoch: 70.0, 68.0');
    });
});

describe('the docs/benchmarks.md section', () => {
    const doc = '# Benchmarks\n\nintro\n\n## Speed\n\n<!-- bench:train -->\nold table\n<!-- /bench:train -->\n\n## Later\n\nkept\n';

    it('replaces only what lies between the markers', () => {
        const out = replaceSection(doc, 'bench:train', '| new |\n');
        expect(out).toBe('# Benchmarks\n\nintro\n\n## Speed\n\n<!-- bench:train -->\n| new |\n<!-- /bench:train -->\n\n## Later\n\nkept\n');
        expect(replaceSection(out, 'bench:train', '| new |')).toBe(out);
    });

    it('tells sections apart by name', () => {
        const both = replaceSection(doc, 'bench:train-full', 'seed runs', '## Seed runs');
        expect(both).toBe(`${doc}\n## Seed runs\n\n<!-- bench:train-full -->\nseed runs\n<!-- /bench:train-full -->\n`);
        const again = replaceSection(both, 'bench:train', 'speed');
        expect(again).toContain('<!-- bench:train -->\nspeed\n<!-- /bench:train -->');
        expect(again).toContain('<!-- bench:train-full -->\nseed runs\n<!-- /bench:train-full -->');
    });

    it('appends the section, under its heading, when the file has none', () => {
        expect(replaceSection('# Benchmarks', 'bench:train', 'table', '## Training speed')).toBe('# Benchmarks\n\n## Training speed\n\n<!-- bench:train -->\ntable\n<!-- /bench:train -->\n');
    });

    it('refuses unpaired or swapped markers instead of guessing', () => {
        expect(() => replaceSection('<!-- bench:train -->\nx\n', 'bench:train', 'y')).toThrow(/found 1 and 0/);
        expect(() => replaceSection('<!-- /bench:train -->\n<!-- bench:train -->\n', 'bench:train', 'y')).toThrow(/comes before/);
        expect(() => replaceSection(`${doc}${doc}`, 'bench:train', 'y')).toThrow(/found 2 and 2/);
    });
});

describe('what the benchmark trains on', () => {
    it('makes MNIST-format files the trainer\'s own IDX reader accepts, 20% ink, seeded', () => {
        // MNIST's own counts by default (the loaders insist on them); a small set reads the same way.
        expect(readIdxHeader(syntheticMnistIdx(1, { train: 3, test: 2 }).trainImages, 'x', 3).dims).toEqual([3, 28, 28]);
        const idx = syntheticMnistIdx(5, { train: 2000, test: 100 });
        const split = splitFromIdx({ images: idx.trainImages, labels: idx.trainLabels, imagesFile: 'a', labelsFile: 'b' }, 2000, 10);
        const test = splitFromIdx({ images: idx.testImages, labels: idx.testLabels, imagesFile: 'c', labelsFile: 'd' }, 100, 10);
        expect([split.count, test.count]).toEqual([2000, 100]);
        let ink = 0;
        for (const v of split.x) if (v > 0) ink++;
        expect(ink / split.x.length).toBeGreaterThan(0.19);
        expect(ink / split.x.length).toBeLessThan(0.21);
        expect(Math.max(...split.x.subarray(0, 10000))).toBeGreaterThan(0.99);
        expect(new Set(split.y).size).toBe(10);
        // Buffer.compare: vitest's deep equality takes seconds over a million bytes.
        const again = syntheticMnistIdx(5, { train: 2000, test: 100 });
        for (const part of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) expect(Buffer.compare(again[part], idx[part])).toBe(0);
        expect(Buffer.compare(syntheticMnistIdx(6, { train: 2000, test: 100 }).trainImages, idx.trainImages)).not.toBe(0);
    });

    it('keeps the file\'s model and training settings, at batch 128 and with enough generated points', () => {
        const base = {
            file: '/x/xor.nn',
            line: 9,
            model: { name: 'Xor', input: [2], layers: [], output: [1], params: { total: 105, trainable: 105, nonTrainable: 0 } },
            data: { kind: 'xor', n: 400, noise: 0.05 },
            loss: 'binary_crossentropy',
            lossKind: 'binary',
            task: 'classification',
            optimizer: { name: 'adam', learningRate: 0.03, args: {} },
            metrics: ['accuracy'],
            epochs: 60,
            batchSize: 16,
            validation: 'test',
            seed: 1,
            memory: { bytes: 2000, weights: 420, gradients: 420, optimizerState: 840, activations: 320, batchSize: 16 }
        } as TrainingDescription;
        const b = benchDescription(base);
        expect(b).toEqual({ ...base, batchSize: BENCH_BATCH_SIZE, epochs: b.epochs, data: { kind: 'xor', n: BENCH_GENERATED_POINTS, noise: 0.05 }, memory: b.memory });
        expect(b.memory.batchSize).toBe(BENCH_BATCH_SIZE);
        expect(b.epochs).toBeGreaterThan(1000);
        expect(syntheticKind(b)).toBe('generated');
        expect(syntheticKind({ ...base, data: { kind: 'mnist' } })).toBe('mnist');
        expect(syntheticKind({ ...base, data: { kind: 'iris' } })).toBeUndefined();
        expect(benchDescription({ ...base, data: { kind: 'mnist' } }).data).toEqual({ kind: 'mnist' });
    });
});
