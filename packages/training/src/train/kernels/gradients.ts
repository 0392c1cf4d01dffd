/**
 * The gradient math behind the trainer's kernels, on flat NHWC typed arrays: pure functions,
 * tested against tfjs's own kernels. The matrix products and convolutions the wasm versions need
 * are passed in (the backend's own), so the same code runs under test on cpu.
 */

/**
 * dW[kh, kw, ci, co] = Σ over batch and output positions of x[n, oh·sh − top + kh, ow·sw − left + kw, ci] · dy[n, oh, ow, co]
 * (NHWC; gradients of dilated convolutions are not supported by tfjs itself). Accumulates in
 * float64, as tfjs's reference kernel does.
 */
export function conv2dBackpropFilterValues(
    x: ArrayLike<number>,
    xShape: number[],
    dy: ArrayLike<number>,
    dyShape: number[],
    filterShape: number[],
    strides: [number, number],
    pad: { top: number; left: number }
): Float32Array {
    const [N, H, W, CI] = xShape;
    const [, OH, OW, CO] = dyShape;
    const [KH, KW] = filterShape;
    const [sh, sw] = strides;
    const dW = new Float64Array(KH * KW * CI * CO);
    for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
            const ih0 = oh * sh - pad.top;
            for (let ow = 0; ow < OW; ow++) {
                const iw0 = ow * sw - pad.left;
                const dyOff = ((n * OH + oh) * OW + ow) * CO;
                for (let kh = 0; kh < KH; kh++) {
                    const ih = ih0 + kh;
                    if (ih < 0 || ih >= H) continue;
                    for (let kw = 0; kw < KW; kw++) {
                        const iw = iw0 + kw;
                        if (iw < 0 || iw >= W) continue;
                        const xOff = ((n * H + ih) * W + iw) * CI;
                        const wOff = (kh * KW + kw) * CI * CO;
                        for (let ci = 0; ci < CI; ci++) {
                            const xv = x[xOff + ci];
                            // Post-ReLU inputs are mostly zeros.
                            if (xv === 0) continue;
                            const o = wOff + ci * CO;
                            for (let co = 0; co < CO; co++) dW[o + co] += xv * dy[dyOff + co];
                        }
                    }
                }
            }
        }
    }
    return Float32Array.from(dW);
}

/** A row-major matrix product `a [m, k] × b [k, n]`, supplied by the backend. */
export type MatMul = (a: Float32Array, m: number, k: number, b: Float32Array, n: number) => Float32Array;

/** Floats of the im2col buffer per chunk of samples (16 MB): bounds memory for large batches. */
const IM2COL_CHUNK = 4 * 1024 * 1024;

/**
 * The filter gradient as matrix products: dW [K, CO] = Σ over sample chunks of
 * patchesᵀ [K, M] × dy [M, CO], with K = kh·kw·ci and M = samples·oh·ow. Same result as
 * `conv2dBackpropFilterValues`, but the multiply-adds run in the backend's matmul.
 */
export function conv2dBackpropFilterByMatMul(
    x: ArrayLike<number>,
    xShape: number[],
    dy: Float32Array,
    dyShape: number[],
    filterShape: number[],
    strides: [number, number],
    pad: { top: number; left: number },
    matmul: MatMul
): Float32Array {
    const [N, H, W, CI] = xShape;
    const [, OH, OW, CO] = dyShape;
    const [KH, KW] = filterShape;
    const [sh, sw] = strides;
    const K = KH * KW * CI;
    const perSample = OH * OW;
    const chunk = Math.max(1, Math.min(N, Math.floor(IM2COL_CHUNK / (K * perSample))));
    const patches = new Float32Array(K * perSample * chunk);
    const dW = new Float64Array(K * CO);
    for (let n0 = 0; n0 < N; n0 += chunk) {
        const nc = Math.min(chunk, N - n0);
        const M = nc * perSample;
        const cols = M === patches.length / K ? patches : patches.subarray(0, K * M);
        cols.fill(0);
        for (let n = 0; n < nc; n++) {
            for (let oh = 0; oh < OH; oh++) {
                const ih0 = oh * sh - pad.top;
                for (let ow = 0; ow < OW; ow++) {
                    const iw0 = ow * sw - pad.left;
                    const m = (n * OH + oh) * OW + ow;
                    for (let kh = 0; kh < KH; kh++) {
                        const ih = ih0 + kh;
                        if (ih < 0 || ih >= H) continue;
                        for (let kw = 0; kw < KW; kw++) {
                            const iw = iw0 + kw;
                            if (iw < 0 || iw >= W) continue;
                            const xOff = (((n0 + n) * H + ih) * W + iw) * CI;
                            const kBase = (kh * KW + kw) * CI;
                            for (let ci = 0; ci < CI; ci++) cols[(kBase + ci) * M + m] = x[xOff + ci];
                        }
                    }
                }
            }
        }
        const part = matmul(cols, K, M, dy.subarray(n0 * perSample * CO, (n0 + nc) * perSample * CO), CO);
        for (let i = 0; i < part.length; i++) dW[i] += part[i];
    }
    return Float32Array.from(dW);
}

/** A 'valid', stride-1 NHWC convolution `x [n, h, w, c] * f [kh, kw, c, co]`, supplied by the backend. */
export type ValidConv = (x: Float32Array, xShape: number[], f: Float32Array, fShape: number[]) => Float32Array;

/**
 * The input gradient as a forward convolution: dy, dilated by the strides and padded to
 * [h + kh − 1, w + kw − 1], convolved ('valid', stride 1) with the filter flipped in space and
 * with its channel axes swapped.
 */
export function conv2dBackpropInputByConv(
    dy: ArrayLike<number>,
    dyShape: number[],
    filter: ArrayLike<number>,
    filterShape: number[],
    xShape: number[],
    strides: [number, number],
    pad: { top: number; left: number },
    conv: ValidConv
): Float32Array {
    const [N, H, W, CI] = xShape;
    const [, OH, OW, CO] = dyShape;
    const [KH, KW] = filterShape;
    const Hp = H + KH - 1;
    const Wp = W + KW - 1;
    const top = KH - 1 - pad.top;
    const left = KW - 1 - pad.left;
    const padded = new Float32Array(N * Hp * Wp * CO);
    for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
            const r = top + oh * strides[0];
            for (let ow = 0; ow < OW; ow++) {
                const c = left + ow * strides[1];
                const src = ((n * OH + oh) * OW + ow) * CO;
                const dst = ((n * Hp + r) * Wp + c) * CO;
                for (let co = 0; co < CO; co++) padded[dst + co] = dy[src + co];
            }
        }
    }
    const flipped = new Float32Array(KH * KW * CO * CI);
    for (let kh = 0; kh < KH; kh++) {
        for (let kw = 0; kw < KW; kw++) {
            for (let ci = 0; ci < CI; ci++) {
                for (let co = 0; co < CO; co++) {
                    flipped[(((KH - 1 - kh) * KW + (KW - 1 - kw)) * CO + co) * CI + ci] = filter[((kh * KW + kw) * CI + ci) * CO + co];
                }
            }
        }
    }
    return conv(padded, [N, Hp, Wp, CO], flipped, [KH, KW, CO, CI]);
}

/** Max-pool gradient: each window's first maximum (row-major, as tfjs picks it) receives dy. */
export function maxPoolGradValues(
    x: ArrayLike<number>,
    xShape: number[],
    dy: ArrayLike<number>,
    dyShape: number[],
    window: [number, number],
    strides: [number, number],
    pad: { top: number; left: number }
): Float32Array {
    const [N, H, W, C] = xShape;
    const [, OH, OW] = dyShape;
    const dx = new Float32Array(N * H * W * C);
    for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
            const r0 = oh * strides[0] - pad.top;
            const rMin = Math.max(0, r0);
            const rMax = Math.min(H, r0 + window[0]);
            for (let ow = 0; ow < OW; ow++) {
                const c0 = ow * strides[1] - pad.left;
                const cMin = Math.max(0, c0);
                const cMax = Math.min(W, c0 + window[1]);
                const dyOff = ((n * OH + oh) * OW + ow) * C;
                for (let ch = 0; ch < C; ch++) {
                    let best = Number.NEGATIVE_INFINITY;
                    let at = -1;
                    for (let r = rMin; r < rMax; r++) {
                        for (let c = cMin; c < cMax; c++) {
                            const i = ((n * H + r) * W + c) * C + ch;
                            if (x[i] > best) {
                                best = x[i];
                                at = i;
                            }
                        }
                    }
                    if (at >= 0) dx[at] += dy[dyOff + ch];
                }
            }
        }
    }
    return dx;
}

/** out[s] = Σ x[i] over the rows i whose segment id is s (the gradient of a gather / Embedding). */
export function unsortedSegmentSumValues(x: ArrayLike<number>, rows: number, segmentIds: ArrayLike<number>, numSegments: number): Float32Array {
    const inner = rows === 0 ? 0 : x.length / rows;
    const out = new Float32Array(numSegments * inner);
    for (let i = 0; i < rows; i++) {
        const s = segmentIds[i];
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner;
        const xi = i * inner;
        for (let j = 0; j < inner; j++) out[o + j] += x[xi + j];
    }
    return out;
}
