/**
 * The worker side of our kernels' thread pool, and the control words both sides share.
 *
 * Every thread (the main thread is thread 0) holds an instance of the same module over one
 * shared `WebAssembly.Memory`. The main thread writes a job block split into chunks, bumps the
 * generation word and notifies; every thread below `active`, the main one included, takes chunks
 * from a shared counter (`run(job, chunk, workspace)`) until none are left, and the workers then
 * decrement `pending`, which the main thread waits on. Taking chunks as they come keeps all
 * threads busy when one is slowed down (a shared machine); which thread computes a chunk never
 * changes its result. Workers spin briefly before sleeping in `Atomics.wait`, since training
 * issues kernels back to back.
 *
 * This file holds no Node or DOM imports: whoever can create threads passes a `Spawn` (Node:
 * `worker_threads`, see ../node/kernel-threads.ts) and the worker runs `WORKER_SOURCE`.
 */

/** Int32 word indices of the control block (at byte offset `control` of the memory). */
export const CONTROL = { generation: 0, pending: 1, job: 2, active: 3, error: 4, ready: 5, stop: 6, next: 7, chunks: 8 } as const;
export const CONTROL_BYTES = 64;

export interface WorkerInit {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    index: number;
    /** Byte offset of the control block. */
    control: number;
    /** Polls of the generation word before sleeping. */
    spin: number;
    /** This worker's workspace (byte offset). */
    workspace: number;
}

export interface WorkerHandle {
    terminate(): unknown;
}

/**
 * Starts a worker that evaluates `source` (which defines `nnKernelWorker`) and calls
 * `nnKernelWorker(init)`. Node: `new Worker(source + 'nnKernelWorker(workerData)', { eval: true, workerData: init })`.
 */
export type Spawn = (source: string, init: WorkerInit) => WorkerHandle;

/**
 * The worker's whole program. Plain JavaScript in a string so that the CLI bundle and the
 * webview need no extra file. A trap inside `run` is recorded in `error` (the main thread throws);
 * the count still goes down, so the main thread never waits forever.
 */
export const WORKER_SOURCE = `
function nnKernelWorker(init) {
  const { module, memory, index, control, spin, workspace } = init;
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run;
  const c = new Int32Array(memory.buffer, control, ${CONTROL_BYTES / 4});
  let seen = Atomics.load(c, ${CONTROL.generation});
  Atomics.add(c, ${CONTROL.ready}, 1);
  Atomics.notify(c, ${CONTROL.ready});
  for (;;) {
    let g = Atomics.load(c, ${CONTROL.generation});
    for (let i = 0; g === seen && i < spin; i++) g = Atomics.load(c, ${CONTROL.generation});
    while (g === seen) {
      Atomics.wait(c, ${CONTROL.generation}, seen);
      g = Atomics.load(c, ${CONTROL.generation});
    }
    seen = g;
    if (Atomics.load(c, ${CONTROL.stop})) return;
    if (index < Atomics.load(c, ${CONTROL.active})) {
      try {
        const job = Atomics.load(c, ${CONTROL.job});
        const chunks = Atomics.load(c, ${CONTROL.chunks});
        for (let i = Atomics.add(c, ${CONTROL.next}, 1); i < chunks; i = Atomics.add(c, ${CONTROL.next}, 1)) run(job, i, workspace);
      } catch (e) {
        Atomics.store(c, ${CONTROL.error}, index + 1);
      }
      if (Atomics.sub(c, ${CONTROL.pending}, 1) === 1) Atomics.notify(c, ${CONTROL.pending});
    }
  }
}
`;

/** The main thread's side: starts the workers, hands out jobs, waits. */
export class ThreadPool {
    private readonly c: Int32Array;
    private readonly workers: WorkerHandle[] = [];
    private closed = false;

    /**
     * @param threads total threads including the main one
     * @param canBlock whether this thread may sleep in `Atomics.wait` (Node: yes; a browser's main thread: no)
     */
    constructor(
        module: WebAssembly.Module,
        memory: WebAssembly.Memory,
        control: number,
        readonly threads: number,
        /** Thread t's workspace (byte offset). */
        private readonly workspace: (t: number) => number,
        spawn: Spawn,
        private readonly canBlock: boolean,
        private readonly spin = 20_000
    ) {
        this.c = new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
        for (let index = 1; index < threads; index++) {
            this.workers.push(spawn(WORKER_SOURCE, { module, memory, index, control, spin, workspace: workspace(index) }));
        }
    }

    /** True once every worker has instantiated the module and is waiting for jobs. */
    get ready(): boolean {
        return !this.closed && Atomics.load(this.c, CONTROL.ready) >= this.threads - 1;
    }

    /** Resolves when every worker is ready, or rejects after `timeoutMs`. */
    async whenReady(timeoutMs = 10_000): Promise<void> {
        const until = Date.now() + timeoutMs;
        while (!this.ready) {
            if (Date.now() > until) throw new Error(`kernel threads did not start within ${timeoutMs} ms`);
            await new Promise(r => setTimeout(r, 2));
        }
    }

    /**
     * Runs `run(job, chunk, workspace)` for chunks 0..chunks-1 on threads 0..active-1 (thread 0
     * is the caller) and returns when all are done. `active` must not exceed `threads`, and the
     * workers must be ready.
     */
    runJob(run: (job: number, chunk: number, workspace: number) => void, job: number, chunks: number, active: number): void {
        const c = this.c;
        Atomics.store(c, CONTROL.job, job);
        Atomics.store(c, CONTROL.chunks, chunks);
        Atomics.store(c, CONTROL.next, 0);
        Atomics.store(c, CONTROL.active, active);
        Atomics.store(c, CONTROL.error, 0);
        Atomics.store(c, CONTROL.pending, active - 1);
        Atomics.add(c, CONTROL.generation, 1);
        Atomics.notify(c, CONTROL.generation);
        let failure: unknown;
        try {
            const ws = this.workspace(0);
            for (let i = Atomics.add(c, CONTROL.next, 1); i < chunks; i = Atomics.add(c, CONTROL.next, 1)) run(job, i, ws);
        } catch (e) {
            failure = e;
            // Let the workers run out of chunks rather than wait on one that will not come.
            Atomics.store(c, CONTROL.next, chunks);
        }
        let left = Atomics.load(c, CONTROL.pending);
        for (let i = 0; left !== 0 && i < this.spin; i++) left = Atomics.load(c, CONTROL.pending);
        while (left !== 0) {
            if (this.canBlock) Atomics.wait(c, CONTROL.pending, left);
            left = Atomics.load(c, CONTROL.pending);
        }
        if (failure) throw failure;
        const failed = Atomics.load(c, CONTROL.error);
        if (failed) throw new Error(`kernel thread ${failed - 1} failed`);
    }

    /** Stops the workers (they are unref'ed in Node, so this is only needed to free them early). */
    close(): void {
        this.closed = true;
        Atomics.store(this.c, CONTROL.stop, 1);
        Atomics.add(this.c, CONTROL.generation, 1);
        Atomics.notify(this.c, CONTROL.generation);
        for (const w of this.workers) w.terminate();
        this.workers.length = 0;
    }
}
