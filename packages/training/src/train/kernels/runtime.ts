/**
 * Which engine runs a kernel, and how operands get from tfjs-backend-wasm's heap to it.
 *
 * - Direct: an engine instantiated on the backend's own memory (tfjs-backend-wasm 4.22 exposes
 *   it as `backend.wasm.asm.memory`): no copies, one thread, scratch from the backend's malloc.
 * - Pooled: with kernel threads configured (Node), big jobs run on an engine with its own shared
 *   memory: operands are copied in, the result copied out (a memcpy each, a few % of the GEMM).
 *
 * Both run the same code on the same split-independent summation order, so which one a job
 * takes never changes its result.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { Engine, type EngineOptions } from './engine.js';
import type { Spawn } from './threads.js';

export interface WasmBackendLike {
    wasm: {
        HEAPF32: Float32Array;
        asm?: { memory?: WebAssembly.Memory };
        _malloc?(bytes: number): number;
        _free?(pointer: number): void;
    };
    dataIdMap: { get(dataId: object): { memoryOffset: number | null } | undefined };
    makeOutput(shape: number[], dtype: string): tfjs.TensorInfo;
    disposeData(dataId: object): boolean;
}

export interface KernelThreads {
    /** Total threads including the caller's. */
    threads: number;
    /** How to start a worker (Node: worker_threads); without it everything runs on the caller's thread. */
    spawn?: Spawn;
    /** Whether the caller may sleep in Atomics.wait (a browser's main thread may not). */
    canBlock?: boolean;
    /** Work per thread below which a job stays on one thread. */
    minFlopsPerThread?: number;
}

let settings: KernelThreads = { threads: 1 };
let pooled: Engine | undefined;
const direct = new WeakMap<object, Engine>();

/** Sets the kernels' threads (replacing a running pool). Results do not depend on it. */
export function setKernelThreads(next: KernelThreads): void {
    pooled?.close();
    pooled = undefined;
    settings = { ...next, threads: Math.max(1, Math.floor(next.threads)) };
}

export function kernelThreads(): number {
    return settings.spawn ? settings.threads : 1;
}

/** The pooled engine, created on first use; undefined when no threads are configured. */
export function pooledEngine(): Engine | undefined {
    if (settings.threads <= 1 || !settings.spawn) return undefined;
    pooled ??= new Engine({ ...settings } satisfies EngineOptions);
    return pooled;
}

function directEngine(backend: WasmBackendLike): Engine {
    const key = backend.wasm;
    let e = direct.get(key);
    if (!e) {
        const memory = backend.wasm.asm?.memory;
        const malloc = backend.wasm._malloc?.bind(backend.wasm);
        const free = backend.wasm._free?.bind(backend.wasm);
        e = memory && malloc && free ? new Engine({ external: { memory, malloc, free } }) : new Engine();
        direct.set(key, e);
    }
    return e;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** One kernel call's view of operands: pointers valid in `engine`'s memory until `release()`. */
export class Session {
    private readonly outputs: [tfjs.TensorInfo, number][] = [];

    constructor(
        readonly engine: Engine,
        private readonly backend: WasmBackendLike,
        private readonly copies: boolean
    ) {}

    private offset(t: tfjs.TensorInfo): number {
        const offset = this.backend.dataIdMap.get(t.dataId)?.memoryOffset;
        if (offset == null) throw new Error('wasm kernel: a tensor has no data on the heap');
        return offset;
    }

    /** Where the kernel reads `t`. */
    input(t: tfjs.TensorInfo): number {
        const offset = this.offset(t);
        if (!this.copies) return offset;
        const n = size(t.shape);
        const p = this.engine.alloc(n * 4);
        this.engine.f32().set(this.backend.wasm.HEAPF32.subarray(offset / 4, offset / 4 + n), p / 4);
        return p;
    }

    /**
     * The filter [taps, ci, co] as [taps, co, ci] (each tap's matrix transposed) in scratch: the B
     * operand of the input gradient. Small (a filter), so a JS loop.
     */
    filterTapsTransposed(filter: tfjs.TensorInfo, taps: number, ci: number, co: number): number {
        const p = this.engine.alloc(taps * ci * co * 4);
        // After alloc: in direct mode it may grow the heap, which replaces the views.
        const offset = this.offset(filter) / 4;
        const src = this.backend.wasm.HEAPF32;
        const dst = this.engine.f32();
        for (let t = 0; t < taps; t++) {
            const base = t * ci * co;
            for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) dst[p / 4 + base + o * ci + i] = src[offset + base + i * co + o];
        }
        return p;
    }

    /** Where the kernel writes `t` (an output from `makeOutput`); `finish` puts it in place. */
    output(t: tfjs.TensorInfo): number {
        if (!this.copies) return this.offset(t);
        const p = this.engine.alloc(size(t.shape) * 4);
        this.outputs.push([t, p]);
        return p;
    }

    finish(): void {
        for (const [t, p] of this.outputs) {
            const n = size(t.shape);
            this.backend.wasm.HEAPF32.set(this.engine.f32().subarray(p / 4, p / 4 + n), this.offset(t) / 4);
        }
        this.outputs.length = 0;
    }

    release(): void {
        this.engine.reset();
    }
}

let unavailable: Error | undefined;
const calls = { total: 0, threaded: 0 };

/** How many kernel calls ran on our module so far, and how many of them on the thread pool (tests check ours ran). */
export function kernelCalls(): { total: number; threaded: number } {
    return { ...calls };
}

/**
 * A session for a job of `flops` floating-point operations on `tensors` (inputs and output):
 * on the pooled engine when threads are configured and the job is big enough to share, else
 * directly on the backend's heap.
 * Undefined when our module cannot be instantiated here (a browser refusing to compile it
 * synchronously before `compileKernels` ran): the kernels then use their fallbacks.
 */
export function session(backend: WasmBackendLike, flops: number, tensors: readonly (tfjs.TensorInfo | undefined)[]): Session | undefined {
    if (unavailable) return undefined;
    calls.total++;
    try {
        const pool = pooledEngine();
        const minPerThread = settings.minFlopsPerThread ?? 2e6;
        // Copies into the threads' memory must fit its 2 GiB; beyond that, one thread in place.
        const bytes = tensors.reduce((sum, t) => sum + (t ? size(t.shape) * 4 : 0), 0);
        if (pool && pool.poolReady && flops >= 2 * minPerThread && bytes < 1 << 30) {
            calls.threaded++;
            return new Session(pool, backend, true);
        }
        const e = directEngine(backend);
        return new Session(e, backend, !e.direct);
    } catch (e) {
        unavailable = e as Error;
        console.warn(`nn: WebAssembly kernels unavailable (${unavailable.message}); using tfjs's.`);
        return undefined;
    }
}
