import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer, wasmBlocker } from '../src/backend.js';
import { observeRate, remainingFrom, type RateWindow } from '../src/eta.js';
import { formatDuration, formatMs, formatPercent, formatValue, fractionDone, metricLabel } from '../src/format.js';
import { describeFailure, gridRange } from '../src/run.js';
import { alignedData, fitRange, tickStep, xExtent } from '../src/views/chart.js';
import { imageSize } from '../src/views/samples.js';
import { parseColor } from '../src/views/theme.js';
import { DataError } from '@nn-lang/training/data';

describe('formatting', () => {
    it('formats values, percentages and durations', () => {
        expect(formatValue(0.123456)).toBe('0.1235');
        expect(formatValue(0.0000123)).toBe('1.23e−5');
        expect(formatValue(12345.6)).toBe('12,346');
        expect(formatValue(Number.NaN)).toBe('–');
        expect(formatValue(Infinity)).toBe('∞');
        expect(formatPercent(0.98412)).toBe('98.41%');
        expect(formatDuration(3.21)).toBe('3.2 s');
        expect(formatDuration(185)).toBe('3 min 05 s');
        expect(formatDuration(3720)).toBe('1 h 02 min');
        expect(formatMs(0.42)).toBe('0.4 ms');
        expect(formatMs(1530)).toBe('1.5 s');
        expect(metricLabel('val_accuracy')).toBe('Validation accuracy');
        expect(metricLabel('mae')).toBe('MAE');
    });
    it('estimates the time left from the first batches, leaving the first (warm-up) out', () => {
        expect(fractionDone(2, 5, 10, 4)).toBeCloseTo(15 / 40);
        // 1000 batches; the first takes 5 s (compiling), then 0.1 s each.
        let w: RateWindow | undefined;
        const etas: (number | undefined)[] = [];
        for (let b = 1; b <= 6; b++) {
            w = observeRate(w, 5 + (b - 1) * 0.1, b / 1000);
            etas.push(remainingFrom(w));
        }
        // Nothing from one batch's time alone; from the fourth batch on, the steady rate.
        expect(etas.slice(0, 3)).toEqual([undefined, undefined, undefined]);
        expect(etas[3]).toBeCloseTo(0.1 * 996, 6);
        expect(etas[5]).toBeCloseTo(0.1 * 994, 6);
        expect(remainingFrom(observeRate(w, 105, 1))).toBe(0);
        // A new run (the share goes back) starts a new window.
        expect(observeRate(w, 0.2, 0.001).batches).toBe(0);
    });
});

describe('backend helpers', () => {
    it('recognises software WebGL renderers', () => {
        expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
        expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
        expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
        expect(isSoftwareRenderer(undefined)).toBe(false);
    });
    it('names the layer wasm cannot train, asking the live kernel registry', () => {
        const model = {
            name: 'M', input: [28, 28, 1], output: [10], params: { total: 1, trainable: 1, nonTrainable: 0 },
            layers: [
                { index: 0, line: 3, type: 'Conv2D', inputs: [-1], args: {}, tfjs: [{ className: 'Conv2D', config: {} }], inputShapes: [], outputShape: [], params: { total: 1, trainable: 1, nonTrainable: 0 } }
            ]
        };
        const missing = { getKernel: () => undefined } as never;
        const present = { getKernel: () => ({}) } as never;
        expect(wasmBlocker(missing, model)).toMatch(/Conv2D \(line 3\).*Conv2DBackpropFilter/);
        expect(wasmBlocker(present, model)).toBeUndefined();
    });
});

describe('chart and result helpers', () => {
    it('picks round tick steps', () => {
        expect(tickStep(1, 4)).toBe(0.5);
        expect(tickStep(0.7, 4)).toBe(0.2);
        expect(tickStep(60, 6)).toBe(10);
        expect(tickStep(0, 4)).toBe(1);
    });
    it('fits the y range to epoch values and all but the top 2% of batch values', () => {
        const batch = Array.from({ length: 100 }, (_, i): [number, number] => [i, i === 0 ? 100 : 1 + (i % 3) * 0.1]);
        const series = (points: [number, number][]) => ({ points, stride: 1 });
        const [lo, hi] = fitRange({ batch: series(batch), train: series([[1, 1.1]]), validation: series([]) })!;
        expect(lo).toBeCloseTo(0.99);
        expect(hi).toBeCloseTo(1.21);
        // Near zero, the axis starts at zero.
        expect(fitRange({ batch: series([]), train: series([[1, 0.1], [2, 0.5]]), validation: series([]) })![0]).toBe(0);
        expect(fitRange({ batch: series([]), train: series([]), validation: series([]) })).toBeUndefined();
    });
    it('grows the x axis with the run: whole epochs reached so far, at least one', () => {
        const series = (points: [number, number][]) => ({ points, stride: 1 });
        const chart = (batch: [number, number][], train: [number, number][] = []) => ({ batch: series(batch), train: series(train), validation: series([]) });
        expect(xExtent(chart([]))).toBe(1);
        expect(xExtent(chart([[0.25, 1]]))).toBe(1);
        expect(xExtent(chart([[0.5, 1], [1, 0.9]], [[1, 0.9]]))).toBe(1);
        expect(xExtent(chart([[2.1, 1]], [[1, 0.9], [2, 0.8]]))).toBe(3);
    });
    it('aligns batch and epoch series on one x axis, with gaps where a series has no point', () => {
        const series = (points: [number, number][]) => ({ points, stride: 1 });
        expect(alignedData({ batch: series([[0.5, 2], [1, 1.5]]), train: series([[1, 1.6]]), validation: series([[1, NaN]]) })).toEqual([
            [0.5, 1],
            [2, 1.5],
            [null, 1.6],
            [null, null]
        ]);
    });
    it('draws MNIST and digits samples as images and nothing else', () => {
        expect(imageSize([28, 28, 1], 'mnist')).toEqual([28, 28]);
        expect(imageSize([64], 'digits')).toEqual([8, 8]);
        expect(imageSize([4], 'iris')).toBeUndefined();
        expect(imageSize([2], 'xor')).toBeUndefined();
    });
    it('parses theme colours', () => {
        expect(parseColor('#3794ff')).toEqual([0x37, 0x94, 0xff]);
        expect(parseColor('#abc')).toEqual([0xaa, 0xbb, 0xcc]);
        expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3]);
        expect(parseColor('var(--x)')).toBeUndefined();
    });
    it('widens the grid 10% around the data', () => {
        const ds = { train: { x: new Float32Array([0, 0, 10, 5]), y: new Float32Array([0, 1]), count: 2 } } as never;
        expect(gridRange(ds)).toEqual({ x: [-1, 11], y: [-0.5, 5.5] });
    });
    it('turns data errors into a message with a place', () => {
        const desc = { file: '/w/a.nn' } as never;
        const f = describeFailure(new DataError('not-a-number', 'cell 2 is not a number', { file: '/w/d.csv', line: 7 }), desc, 'webgl');
        expect(f).toMatchObject({ file: '/w/d.csv', line: 7 });
        expect(f.message).toMatch(/^\/w\/d.csv:7: /);
    });
});
