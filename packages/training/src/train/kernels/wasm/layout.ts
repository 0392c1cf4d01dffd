/**
 * Constants shared by the WAT generator (generate.ts) and the code that calls the module
 * (../gemm.ts): tile and block sizes, job block layout, activation codes. Changing any of them
 * changes the bytes: run `npm run build:kernels`.
 */

/** Register tile: MR rows of op(A) × NR columns of op(B). */
export const MR: number = 2;
export const NR: number = 16;
/** Cache blocks: K block (also the determinism unit), rows of A per packed block, columns of B per packed block. */
export const KC = 256;
export const MC = 128;
export const NC = 512;

/**
 * Bytes of one thread's workspace: packed A block, packed B block (or all of op(B) when it fits:
 * see `gemm`), one edge tile, and KC zeros that stand in for padding when packing convolutions.
 */
export const WORKSPACE_BYTES = (MC * KC + KC * NC + MR * NR + KC) * 4;
export const WS = { a: 0, b: MC * KC * 4, tile: (MC * KC + KC * NC) * 4, zeros: (MC * KC + KC * NC + MR * NR) * 4 } as const;

/** Job kinds understood by `run`. */
export const JOB = { gemm: 1, maxPoolGrad: 2, columnSum: 3, reduce: 4 } as const;

/**
 * The max-pool gradient job (NHWC): i32 words after the kind. Thread shares are samples
 * [n0, n1) (windows of different samples never overlap, so no two threads write one element).
 */
export const POOL_JOB = { x: 1, dy: 2, dx: 3, H: 4, W: 5, C: 6, OH: 7, OW: 8, KH: 9, KW: 10, sh: 11, sw: 12, top: 13, left: 14 } as const;

/**
 * Column sums out[c] = Σ_r x[r, c] in float64, rows × cols row-major. Thread shares are column
 * ranges [c0, c1), so each sum runs in row order on one thread.
 */
export const COLUMN_SUM_JOB = { x: 1, out: 2, rows: 3, cols: 4 } as const;

/** Activation codes of the epilogue (sigmoid and elu are applied by the caller). */
export const ACTIVATION = { linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6 } as const;

/**
 * The gemm job block, i32 words at `job` (f32 where noted). Chunk i of the work follows at
 * `job + SHARE_OFFSET + i * SHARE_BYTES`: b0, b1, m0, m1, n0, n1, k0, k1, then for a split K
 * the chunk's partial product (pointer, leading dimension), else 0.
 */
export const GEMM_JOB = {
    kind: 0,
    /** How op(A) is read: see A_MODE. */
    transA: 1,
    transB: 2,
    K: 3,
    a: 4,
    lda: 5,
    b: 6,
    ldb: 7,
    c: 8,
    ldc: 9,
    alpha: 10,
    beta: 11,
    batchA: 12,
    strideA: 13,
    batchB: 14,
    strideB: 15,
    strideC: 16,
    bias: 17,
    activation: 18,
    activationAlpha: 19,
    prelu: 20,
    /** Convolution geometry (A_MODE.im2col and im2colT), see CONV. */
    geometry: 24
} as const;

/**
 * How op(A) is read. `im2col`: row i is an output position (n, rh, rw) of a convolution, column
 * k a patch element (kh, kw, c) of the source image; `im2colT`: the transpose (rows are patch
 * elements, columns positions), which makes the filter gradient patchesᵀ · dy.
 */
export const A_MODE = { normal: 0, transposed: 1, im2col: 2, im2colT: 3 } as const;

/**
 * Convolution geometry, i32 words at `job + 4·GEMM_JOB.geometry`. Position (n, rh, rw) and patch
 * element (kh, kw, c) read source[n, h, w, c] with h = (rh·mulH + kh·kmulH + offH) / divH (zero
 * unless that divides exactly and lands in [0, Hs)), and w likewise. A forward convolution has
 * mulH = stride, kmulH = dilation, offH = −pad, divH = 1; the input gradient reads dy with
 * mulH = 1, kmulH = −dilation, offH = pad, divH = stride.
 */
export const CONV = { Hs: 0, Ws: 1, Cs: 2, RH: 3, RW: 4, KW: 5, mulH: 6, kmulH: 7, offH: 8, divH: 9, mulW: 10, kmulW: 11, offW: 12, divW: 13 } as const;
export const SHARE_OFFSET = 192;
export const SHARE_BYTES = 48;
/** Chunks a job can be split into (the job block's room before the workspaces). */
export const MAX_CHUNKS = 48;

/** out[e] = Σ_j parts[j][e], j in order, for e in a chunk's [e0, e1): i32 words after the kind. */
export const REDUCE_JOB = { parts: 1, count: 2, stride: 3, out: 4 } as const;

