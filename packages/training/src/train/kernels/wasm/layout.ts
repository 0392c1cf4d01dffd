/**
 * Constants shared by the WAT generator (generate.ts) and the code that calls the module
 * (../gemm.ts): tile and block sizes, job block layout, activation codes. Changing any of them
 * changes the bytes: run `npm run build:kernels`.
 */

/** Register tile: MR rows of op(A) × NR columns of op(B). */
export const MR = 4;
export const NR = 8;
/** Cache blocks: K block (also the determinism unit), rows of A per packed block, columns of B per packed block. */
export const KC = 256;
export const MC = 128;
export const NC = 512;

/** Bytes of one thread's workspace: packed A block, packed B block, one edge tile. */
export const WORKSPACE_BYTES = (MC * KC + KC * NC + MR * NR) * 4;

/** Job kinds understood by `run`. */
export const JOB = { gemm: 1 } as const;

/** Activation codes of the epilogue (sigmoid and elu are applied by the caller). */
export const ACTIVATION = { linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6 } as const;

/**
 * The gemm job block, i32 words at `job` (f32 where noted). Thread t's share follows at
 * `job + SHARE_OFFSET + t * SHARE_BYTES`: b0, b1, m0, m1, n0, n1, workspace.
 */
export const GEMM_JOB = {
    kind: 0,
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
    prelu: 20
} as const;
export const SHARE_OFFSET = 128;
export const SHARE_BYTES = 32;

