/**
 * Threads for our wasm kernels in Node: `worker_threads` over a shared WebAssembly.Memory.
 * The worker's program is a string (kernels/threads.ts), so the CLI bundle needs no extra file;
 * workers are unref'ed, so they never keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelThreads, setKernelThreads } from '../kernels/runtime.js';
import type { Spawn } from '../kernels/threads.js';

/** Starts one kernel worker (exported for tests that build engines directly). */
export const spawnNode: Spawn = (source, init) => {
    const worker = new Worker(`${source}\nnnKernelWorker(require('node:worker_threads').workerData);`, { eval: true, workerData: init });
    worker.unref();
    // A worker that fails to start never reports ready, so jobs keep running on the main
    // thread; without a listener its 'error' event would crash the process.
    worker.on('error', e => {
        if (!failed) console.warn(`nn: a kernel thread failed (${(e as Error).message}); continuing with fewer threads.`);
        failed = true;
    });
    return worker;
};
let failed = false;

/**
 * The kernel thread count: `threads` if given, else the NN_THREADS environment variable, else
 * the machine's available parallelism. 1 runs everything on the calling thread (no workers).
 * Returns the count in effect. Results are bit-identical whatever the count.
 */
export function configureKernelThreads(threads?: number): number {
    const fromEnv = Number.parseInt(process.env.NN_THREADS ?? '', 10);
    const n = threads ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism());
    if (!Number.isInteger(n) || n < 1) throw new Error(`kernel threads must be a positive integer (got ${threads}).`);
    setKernelThreads({ threads: n, spawn: n > 1 ? spawnNode : undefined, canBlock: true });
    return kernelThreads();
}
