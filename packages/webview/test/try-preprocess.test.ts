/** A drawn digit, preprocessed like MNIST's: fit into 20×20, centre of mass at the centre of 28×28. */
import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBox, MNIST_SIZE, mnistPreprocess } from '../src/try/preprocess.js';

/** A 280×280 drawing with a filled rectangle (a stroke of some size) off to one side. */
function drawing(x0: number, y0: number, w: number, h: number, size = 280): Float32Array {
    const ink = new Float32Array(size * size);
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) ink[y * size + x] = 1;
    return ink;
}

describe('MNIST-style preprocessing of a drawing', () => {
    it('scales the ink so its larger side is 20 pixels, keeping the aspect ratio', () => {
        const out = mnistPreprocess(drawing(20, 30, 40, 160), 280, 280);
        expect(out).toHaveLength(MNIST_SIZE * MNIST_SIZE);
        const [top, bottom, left, right] = inkBox(out, MNIST_SIZE);
        expect(bottom - top + 1).toBe(20);
        expect(right - left + 1).toBe(5);
    });

    it('puts the centre of mass at the centre of the image, wherever it was drawn', () => {
        for (const [x, y] of [[0, 0], [200, 10], [90, 150]]) {
            const out = mnistPreprocess(drawing(x, y, 60, 120), 280, 280);
            const [cx, cy] = centreOfMass(out, MNIST_SIZE);
            expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
            expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
        }
    });

    it('keeps ink in [0, 1], leaves an empty drawing empty, and a lopsided stroke off-centre in its box', () => {
        const out = mnistPreprocess(drawing(10, 10, 100, 100), 280, 280);
        expect(Math.max(...out)).toBeLessThanOrEqual(1);
        expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
        expect(mnistPreprocess(new Float32Array(100), 10, 10).every(v => v === 0)).toBe(true);
        // An L: heavier at the bottom, so its box sits above the centre once its mass is centred.
        const l = new Float32Array(280 * 280);
        for (let y = 0; y < 200; y++) for (let x = 0; x < 20; x++) l[y * 280 + x] = 1;
        for (let y = 180; y < 200; y++) for (let x = 0; x < 200; x++) l[y * 280 + x] = 1;
        const [cx, cy] = centreOfMass(mnistPreprocess(l, 280, 280), MNIST_SIZE);
        expect([Math.abs(cx - 14) <= 0.5, Math.abs(cy - 14) <= 0.5]).toEqual([true, true]);
    });
});
