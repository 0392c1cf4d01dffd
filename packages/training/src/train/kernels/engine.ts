/**
 * Our WebAssembly kernels from JavaScript: loads the committed module, owns its memory (shared
 * when threads run) or works inside tfjs-backend-wasm's, runs the thread pool, and splits jobs
 * (GEMM, max-pool gradient, column sums) between threads. Addresses are byte offsets into the
 * engine's memory.
 */
import { ThreadPool, type Spawn } from './threads.js';
import { WASM_BASE64 } from './wasm/binary.generated.js';
import { A_MODE, ACTIVATION, COLUMN_SUM_JOB, CONV, GEMM_JOB, JOB, KC, MAX_CHUNKS, MR, NR, POOL_JOB, REDUCE_JOB, SHARE_BYTES, SHARE_OFFSET, WORKSPACE_BYTES, WS } from './wasm/layout.js';

export type Variant = keyof typeof WASM_BASE64;
export type Activation = keyof typeof ACTIVATION;

function decode(base64: string): Uint8Array<ArrayBuffer> {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
}

const compiled = new Map<Variant, WebAssembly.Module>();

/** Whether this runtime runs our module (it needs WebAssembly SIMD). */
export function simdSupported(): boolean {
    return WebAssembly.validate(decode(WASM_BASE64.simd));
}

/** Compiles synchronously (fine in Node and workers; browsers' main threads may refuse big modules: see `compileKernels`). */
function moduleFor(variant: Variant): WebAssembly.Module {
    let m = compiled.get(variant);
    if (!m) {
        m = new WebAssembly.Module(decode(WASM_BASE64[variant]));
        compiled.set(variant, m);
    }
    return m;
}

/** Compiles the module asynchronously ahead of the first kernel call (a browser's main thread may refuse a synchronous compile). */
export async function compileKernels(variants: Variant[] = Object.keys(WASM_BASE64) as Variant[]): Promise<void> {
    await Promise.all(
        variants.map(async v => {
            if (compiled.has(v)) return;
            const bytes = decode(WASM_BASE64[v]);
            if (!WebAssembly.validate(bytes)) return;
            compiled.set(v, await WebAssembly.compile(bytes));
        })
    );
}

/**
 * op(A) as an implicit im2col matrix over an NHWC source (see CONV in wasm/layout.ts): `im2col`
 * rows are output positions, `im2colT` rows are patch elements. `a` points at the source and
 * `lda` is ignored.
 */
export interface ConvGeometry {
    mode: 'im2col' | 'im2colT';
    Hs: number;
    Ws: number;
    Cs: number;
    RH: number;
    RW: number;
    KW: number;
    mulH: number;
    kmulH: number;
    offH: number;
    divH: number;
    mulW: number;
    kmulW: number;
    offW: number;
    divW: number;
}

export interface GemmJob {
    transA: boolean;
    transB: boolean;
    M: number;
    N: number;
    K: number;
    /** Byte offsets into the engine's memory; leading dimensions in floats. */
    a: number;
    lda: number;
    b: number;
    ldb: number;
    c: number;
    ldc: number;
    alpha?: number;
    beta?: number;
    /** Output matrices; A's matrix for output batch i is `i % batchA` (tfjs's broadcasting), at `strideA` bytes apart. */
    batch?: number;
    batchA?: number;
    strideA?: number;
    batchB?: number;
    strideB?: number;
    strideC?: number;
    /** Per-column bias (N floats) added before the activation; 0 for none. */
    bias?: number;
    /** Activations done in wasm: linear, relu, relu6, leakyrelu, prelu (sigmoid and elu are the caller's second pass). */
    activation?: Activation;
    activationAlpha?: number;
    /** Per-column prelu weights (N floats). */
    prelu?: number;
    /** Read op(A) as a convolution's patches instead of a matrix (transA is then ignored). */
    conv?: ConvGeometry;
}

export interface EngineOptions {
    /** Total threads including the caller's; more than 1 needs `spawn`. */
    threads?: number;
    /** Another build of the module (measurements of generator variants); must match `shared`. */
    moduleBytes?: Uint8Array<ArrayBuffer>;
    spawn?: Spawn;
    /** Whether the calling thread may block in Atomics.wait (Node: true; a browser's main thread: false). */
    canBlock?: boolean;
    /** Work below this many floating-point operations runs on one thread (waking a worker costs ~10-50 µs). */
    minFlopsPerThread?: number;
    /**
     * Run inside another module's memory (tfjs-backend-wasm's heap) instead of our own: no copies,
     * one thread, our job block, workspace and scratch taken from its allocator.
     */
    external?: ExternalMemory;
}

export interface ExternalMemory {
    memory: WebAssembly.Memory;
    malloc(bytes: number): number;
    free(pointer: number): void;
}

/** Offsets from the engine's base: thread control words, the job block, the per-thread workspaces. */
const CONTROL = 0;
const JOB_BLOCK = 1024;
const WORKSPACES = 4096;
const PAGE = 65536;
/** Shared memories need a maximum; 2 GiB is what the trainer's memory check allows anyway. */
const MAX_PAGES = 32768;
const ALIGN = 64;

export class Engine {
    readonly memory: WebAssembly.Memory;
    readonly variant: Variant;
    private readonly run: (job: number, chunk: number, workspace: number) => void;
    private readonly pool?: ThreadPool;
    private readonly base: number;
    private readonly arenaBase: number;
    private top: number;
    private readonly external?: ExternalMemory;
    private readonly externalBlock?: number;
    private readonly allocations: number[] = [];
    private f32View: Float32Array;
    private i32View: Int32Array;
    private readonly minFlopsPerThread: number;

    constructor(options: EngineOptions = {}) {
        const external = options.external;
        const threads = external ? 1 : Math.max(1, Math.floor(options.threads ?? 1));
        const pooled = threads > 1 && options.spawn !== undefined;
        this.variant = pooled ? 'simdShared' : 'simd';
        const module = options.moduleBytes ? new WebAssembly.Module(options.moduleBytes) : moduleFor(this.variant);
        const fixed = WORKSPACES + threads * WORKSPACE_BYTES;
        if (external) {
            this.external = external;
            this.memory = external.memory;
            this.externalBlock = external.malloc(fixed + ALIGN);
            this.base = Math.ceil(this.externalBlock / ALIGN) * ALIGN;
        } else {
            const pages = Math.ceil((fixed + 16 * 1024 * 1024) / PAGE);
            this.memory = pooled ? new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial: pages });
            this.base = 0;
        }
        this.arenaBase = this.base + fixed;
        this.run = (new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as { run: Engine['run'] }).run;
        if (pooled) this.pool = new ThreadPool(module, this.memory, this.base + CONTROL, threads, t => this.workspace(t), options.spawn!, options.canBlock ?? true);
        this.top = this.arenaBase;
        // The zeros that stand in for padding (an external allocator's memory is not cleared).
        for (let t = 0; t < threads; t++) new Float32Array(this.memory.buffer, this.base + WORKSPACES + t * WORKSPACE_BYTES + WS.zeros, KC).fill(0);
        this.f32View = new Float32Array(this.memory.buffer);
        this.i32View = new Int32Array(this.memory.buffer);
        this.minFlopsPerThread = options.minFlopsPerThread ?? 2e6;
    }

    /** Threads this engine can use (workers included once they are ready). */
    get threads(): number {
        return this.pool?.threads ?? 1;
    }

    /** Whether the worker threads are up (until then jobs run on the calling thread). */
    get poolReady(): boolean {
        return this.pool?.ready ?? false;
    }

    /** Resolves once the worker threads run (jobs before that use the main thread only: same results). */
    async ready(): Promise<void> {
        await this.pool?.whenReady();
    }

    /** A float view of the whole memory, current after growth. */
    f32(): Float32Array {
        if (this.f32View.buffer !== this.memory.buffer || this.f32View.length * 4 !== this.memory.buffer.byteLength) {
            this.f32View = new Float32Array(this.memory.buffer);
            this.i32View = new Int32Array(this.memory.buffer);
        }
        return this.f32View;
    }

    private i32(): Int32Array {
        this.f32();
        return this.i32View;
    }

    /** Whether the engine works inside another module's memory (see `EngineOptions.external`). */
    get direct(): boolean {
        return this.external !== undefined;
    }

    /** Reserves `bytes` of scratch until `reset()`; grows the memory when needed. */
    alloc(bytes: number): number {
        if (this.external) {
            const at = this.external.malloc(bytes + ALIGN);
            this.allocations.push(at);
            return Math.ceil(at / ALIGN) * ALIGN;
        }
        const at = this.top;
        this.top = Math.ceil((at + bytes) / ALIGN) * ALIGN;
        const needed = this.top - this.memory.buffer.byteLength;
        if (needed > 0) {
            const pages = Math.ceil(needed / PAGE);
            if (this.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) throw new RangeError(`kernel memory would exceed ${MAX_PAGES / 16} MiB`);
            this.memory.grow(pages);
        }
        return at;
    }

    /** Frees all scratch. */
    reset(): void {
        this.top = this.arenaBase;
        for (const p of this.allocations) this.external!.free(p);
        this.allocations.length = 0;
    }

    /** C = alpha·op(A)·op(B) + beta·C (+ bias, activation) for every batch, split between threads. */
    gemm(job: GemmJob): void {
        const batch = job.batch ?? 1;
        const { M, N, K } = job;
        if (batch === 0 || M === 0 || N === 0) return;
        const activation = ACTIVATION[job.activation ?? 'linear'];
        if (activation === ACTIVATION.sigmoid || activation === ACTIVATION.elu) throw new Error(`gemm: ${job.activation} is applied by the caller`);
        const w = this.i32();
        const f = this.f32View;
        const J = (this.base + JOB_BLOCK) / 4;
        w[J + GEMM_JOB.kind] = JOB.gemm;
        w[J + GEMM_JOB.transA] = job.conv ? A_MODE[job.conv.mode] : job.transA ? A_MODE.transposed : A_MODE.normal;
        if (job.conv) for (const [field, index] of Object.entries(CONV)) w[J + GEMM_JOB.geometry + index] = job.conv[field as keyof typeof CONV];
        w[J + GEMM_JOB.transB] = job.transB ? 1 : 0;
        w[J + GEMM_JOB.K] = K;
        w[J + GEMM_JOB.a] = job.a;
        w[J + GEMM_JOB.lda] = job.lda;
        w[J + GEMM_JOB.b] = job.b;
        w[J + GEMM_JOB.ldb] = job.ldb;
        w[J + GEMM_JOB.c] = job.c;
        w[J + GEMM_JOB.ldc] = job.ldc;
        f[J + GEMM_JOB.alpha] = job.alpha ?? 1;
        f[J + GEMM_JOB.beta] = job.beta ?? 0;
        w[J + GEMM_JOB.batchA] = job.batchA ?? 1;
        w[J + GEMM_JOB.strideA] = job.strideA ?? 0;
        w[J + GEMM_JOB.batchB] = job.batchB ?? 1;
        w[J + GEMM_JOB.strideB] = job.strideB ?? 0;
        w[J + GEMM_JOB.strideC] = job.strideC ?? 0;
        w[J + GEMM_JOB.bias] = job.bias ?? 0;
        w[J + GEMM_JOB.activation] = activation;
        f[J + GEMM_JOB.activationAlpha] = job.activationAlpha ?? 0;
        w[J + GEMM_JOB.prelu] = job.prelu ?? 0;
        const flops = 2 * batch * M * N * Math.max(K, 1);
        const threads = this.threadsFor(flops);
        const ks = kSplit(batch, M, N, K, job);
        if (!ks) {
            this.dispatch(splitWork(batch, M, N, threads > 1 ? Math.min(MAX_CHUNKS, threads * CHUNKS_PER_THREAD) : 1).map(s => [...s, 0, K, 0, 0]), threads);
            return;
        }
        // A tall K (a filter gradient sums over every position of the batch): fixed K chunks,
        // each into its own partial product, then summed in chunk order. Depends on the shape
        // only, so the result is the same on any number of threads.
        const parts = Math.ceil(K / ks);
        const partials = this.alloc(parts * M * N * 4);
        this.dispatch(
            Array.from({ length: parts }, (_, j) => [0, 1, 0, M, 0, N, j * ks, Math.min(K, (j + 1) * ks), partials + j * M * N * 4, N]),
            threads
        );
        this.reduce(partials, parts, M * N, job.c, job.ldc, M, N, threads);
    }

    /** C (M×N, leading dimension ldc) = Σ of `parts` partial products of M·N floats at `partials`. */
    private reduce(partials: number, parts: number, size: number, c: number, ldc: number, M: number, N: number, threads: number): void {
        // Summing straight into C needs it contiguous; otherwise into scratch, then row by row.
        const out = ldc === N ? c : this.alloc(size * 4);
        const w = this.i32();
        const J = (this.base + JOB_BLOCK) / 4;
        w[J] = JOB.reduce;
        w[J + REDUCE_JOB.parts] = partials;
        w[J + REDUCE_JOB.count] = parts;
        w[J + REDUCE_JOB.stride] = size * 4;
        w[J + REDUCE_JOB.out] = out;
        const chunks = threads > 1 ? Math.min(MAX_CHUNKS, threads * CHUNKS_PER_THREAD, Math.ceil(size / 4096)) : 1;
        this.dispatch(Array.from({ length: chunks }, (_, t) => [Math.floor((size * t) / chunks / 4) * 4, t + 1 === chunks ? size : Math.floor((size * (t + 1)) / chunks / 4) * 4]), threads);
        if (out !== c) {
            const f = this.f32();
            for (let i = 0; i < M; i++) f.copyWithin(c / 4 + i * ldc, out / 4 + i * N, out / 4 + (i + 1) * N);
        }
    }

    /**
     * Max-pool gradient (NHWC, float32): dx (n×h×w×c) from x, dy and the window geometry;
     * `top`/`left` are the padding before the first row/column. Pointers in bytes.
     */
    maxPoolGrad(p: { x: number; dy: number; dx: number; n: number; H: number; W: number; C: number; OH: number; OW: number; KH: number; KW: number; sh: number; sw: number; top: number; left: number }): void {
        if (p.n * p.H * p.W * p.C === 0) return;
        const w = this.i32();
        const J = (this.base + JOB_BLOCK) / 4;
        w[J] = JOB.maxPoolGrad;
        for (const [field, index] of Object.entries(POOL_JOB)) w[J + index] = p[field as keyof typeof POOL_JOB];
        const threads = this.threadsFor(p.n * p.OH * p.OW * p.C * p.KH * p.KW * 4);
        const parts = Math.min(threads > 1 ? threads * CHUNKS_PER_THREAD : 1, p.n, MAX_CHUNKS);
        this.dispatch(Array.from({ length: parts }, (_, t) => [Math.floor((p.n * t) / parts), Math.floor((p.n * (t + 1)) / parts)]), threads);
    }

    /** out[c] = Σ_r x[r, c] (float64 sums, float32 out), x rows × cols row-major. */
    columnSum(p: { x: number; out: number; rows: number; cols: number }): void {
        if (p.cols === 0) return;
        const w = this.i32();
        const J = (this.base + JOB_BLOCK) / 4;
        w[J] = JOB.columnSum;
        for (const [field, index] of Object.entries(COLUMN_SUM_JOB)) w[J + index] = p[field as keyof typeof p];
        const units = Math.ceil(p.cols / 4);
        const threads = this.threadsFor(p.rows * p.cols * 2);
        const parts = Math.min(threads, units);
        this.dispatch(Array.from({ length: parts }, (_, t) => [Math.min(p.cols, Math.floor((units * t) / parts) * 4), Math.min(p.cols, Math.floor((units * (t + 1)) / parts) * 4)]), threads);
    }

    /** How many threads a job of `work` operations gets (1 until the workers are up). */
    private threadsFor(work: number): number {
        const wanted = Math.min(this.threads, Math.max(1, Math.floor(work / this.minFlopsPerThread)));
        return wanted > 1 && this.pool?.ready ? wanted : 1;
    }

    private workspace(t: number): number {
        return this.base + WORKSPACES + t * WORKSPACE_BYTES;
    }

    /** Writes the chunks after the job block, then runs them on up to `threads` threads. */
    private dispatch(chunks: number[][], threads: number): void {
        const w = this.i32();
        for (let i = 0; i < chunks.length; i++) w.set(chunks[i], (this.base + JOB_BLOCK + SHARE_OFFSET + i * SHARE_BYTES) / 4);
        const job = this.base + JOB_BLOCK;
        if (threads > 1 && chunks.length > 1) this.pool!.runJob(this.run, job, chunks.length, Math.min(threads, chunks.length));
        else for (let i = 0; i < chunks.length; i++) this.run(job, i, this.workspace(0));
    }

    /** Stops the worker threads; frees the block taken from an external allocator. */
    close(): void {
        this.pool?.close();
        this.reset();
        if (this.externalBlock !== undefined) this.external!.free(this.externalBlock);
    }
}

/** Chunks per thread: more than one, so that a thread slowed down by another process is made up for by the others. */
const CHUNKS_PER_THREAD = 3;
/** Every chunk packs the whole of the operand it does not split: a chunk keeps at least this many rows or columns. */
const MIN_CHUNK_ROWS = 64;
const MIN_CHUNK_COLUMNS = 128;

/**
 * Splits batches × M × N into up to `parts` chunks: whole batches when there are enough, else
 * the larger of M (in MR-row units) and N (in NR-column units), so that the operand every chunk
 * packs again is the smaller one, in chunks no smaller than MIN_CHUNK_ROWS / MIN_CHUNK_COLUMNS.
 * Returns [b0, b1, m0, m1, n0, n1] per chunk. The split never changes a result: each element is
 * computed whole inside one chunk.
 */
export function splitWork(batch: number, M: number, N: number, parts: number): number[][] {
    const even = (units: number, t: number, n: number) => Math.floor((units * t) / n);
    if (parts <= 1) return [[0, batch, 0, M, 0, N]];
    if (batch >= parts) {
        return Array.from({ length: parts }, (_, t) => [even(batch, t, parts), even(batch, t + 1, parts), 0, M, 0, N]);
    }
    // Splitting N makes every chunk pack all of op(A) (M×K), splitting M all of op(B) (K×N).
    const byN = N >= M;
    const units = byN ? Math.ceil(N / NR) : Math.ceil(M / MR);
    const size = byN ? NR : MR;
    const limit = byN ? N : M;
    const n = Math.max(1, Math.min(parts, units, Math.floor(limit / (byN ? MIN_CHUNK_COLUMNS : MIN_CHUNK_ROWS))));
    const chunks: number[][] = [];
    for (let t = 0; t < n; t++) {
        const lo = Math.min(limit, even(units, t, n) * size);
        const hi = Math.min(limit, even(units, t + 1, n) * size);
        chunks.push(byN ? [0, batch, 0, M, lo, hi] : [0, batch, lo, hi, 0, N]);
    }
    return chunks;
}

/** K positions per chunk when a product's K is split (a multiple of KC), or 0 when it is not. */
function kSplit(batch: number, M: number, N: number, K: number, job: GemmJob): number {
    const tall = batch === 1 && K >= 16 * KC && M * N <= 1 << 20 && !job.beta && !job.bias && (job.activation ?? 'linear') === 'linear';
    return tall ? Math.ceil(Math.ceil(K / 16) / KC) * KC : 0;
}
