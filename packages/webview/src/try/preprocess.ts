/**
 * A drawn digit made to look like an MNIST one, the way MNIST's digits were made: the ink's
 * bounding box scaled (keeping its aspect ratio) to fit a 20×20 box, then placed in a 28×28 image
 * so that its centre of mass is at the centre. Values are ink in [0, 1], as the trainer feeds MNIST.
 */

export const MNIST_SIZE = 28;
const BOX = 20;

/** `ink`: row-major values in [0, 1] of a `width`×`height` drawing. Empty drawings give an empty image. */
export function mnistPreprocess(ink: ArrayLike<number>, width: number, height: number): Float32Array {
    const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
    let x0 = width, x1 = -1, y0 = height, y1 = -1;
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            if (ink[y * width + x] <= 0) continue;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
        }
    }
    if (x1 < 0) return out;
    const w = x1 - x0 + 1, h = y1 - y0 + 1;
    const scale = BOX / Math.max(w, h);
    const sw = Math.max(1, Math.round(w * scale)), sh = Math.max(1, Math.round(h * scale));
    // Area-average the box down (or up) to sw×sh.
    const small = new Float32Array(sw * sh);
    for (let j = 0; j < sh; j++) {
        for (let i = 0; i < sw; i++) {
            const ax = x0 + (i * w) / sw, bx = x0 + ((i + 1) * w) / sw;
            const ay = y0 + (j * h) / sh, by = y0 + ((j + 1) * h) / sh;
            let sum = 0, area = 0;
            for (let y = Math.floor(ay); y < Math.ceil(by); y++) {
                const fy = Math.min(by, y + 1) - Math.max(ay, y);
                for (let x = Math.floor(ax); x < Math.ceil(bx); x++) {
                    const fx = Math.min(bx, x + 1) - Math.max(ax, x);
                    sum += ink[y * width + x] * fx * fy;
                    area += fx * fy;
                }
            }
            small[j * sw + i] = area > 0 ? sum / area : 0;
        }
    }
    // Centre of mass of the scaled digit, then the shift that puts it at the image centre.
    let mass = 0, mx = 0, my = 0;
    for (let j = 0; j < sh; j++) for (let i = 0; i < sw; i++) {
        const v = small[j * sw + i];
        mass += v;
        mx += v * (i + 0.5);
        my += v * (j + 0.5);
    }
    const ox = Math.round(MNIST_SIZE / 2 - mx / mass), oy = Math.round(MNIST_SIZE / 2 - my / mass);
    for (let j = 0; j < sh; j++) for (let i = 0; i < sw; i++) {
        const x = i + ox, y = j + oy;
        if (x >= 0 && x < MNIST_SIZE && y >= 0 && y < MNIST_SIZE) out[y * MNIST_SIZE + x] = Math.min(1, small[j * sw + i]);
    }
    return out;
}

/** Centre of mass (x, y) of an image, in pixel units from its top-left corner. */
export function centreOfMass(image: ArrayLike<number>, width: number): [number, number] {
    let mass = 0, mx = 0, my = 0;
    for (let k = 0; k < image.length; k++) {
        const v = image[k];
        mass += v;
        mx += v * ((k % width) + 0.5);
        my += v * (Math.floor(k / width) + 0.5);
    }
    return mass > 0 ? [mx / mass, my / mass] : [width / 2, image.length / width / 2];
}

/** Rows and columns holding ink: [top, bottom, left, right], inclusive. */
export function inkBox(image: ArrayLike<number>, width: number): [number, number, number, number] {
    let top = Infinity, bottom = -1, left = Infinity, right = -1;
    for (let k = 0; k < image.length; k++) {
        if (image[k] <= 0) continue;
        const x = k % width, y = Math.floor(k / width);
        top = Math.min(top, y); bottom = Math.max(bottom, y); left = Math.min(left, x); right = Math.max(right, x);
    }
    return [top, bottom, left, right];
}
