/**
 * Every process the benchmark starts, so that Ctrl-C (or a failure) ends them all, each by its id.
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void> | void>();

export function track(child: ChildProcess): ChildProcess {
    running.add(child);
    child.once('exit', () => running.delete(child));
    return child;
}

/** Something else to undo on the way out (a browser, a server, a temporary folder). */
export function onCleanup(fn: () => Promise<void> | void): () => void {
    cleanups.add(fn);
    return () => cleanups.delete(fn);
}

export async function cleanUp(): Promise<void> {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
    const fns = [...cleanups];
    cleanups.clear();
    await Promise.allSettled(fns.map(async fn => fn()));
}

let stopping = false;

/** True once Ctrl-C arrived: nothing more is started, and nothing is printed or written. */
export function interrupted(): boolean {
    return stopping;
}

/** Ctrl-C and SIGTERM: stop every child, undo, exit 130. */
export function installSignalHandlers(log: (line: string) => void): void {
    const stop = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(130);
        stopping = true;
        log(`\nbench:train: ${signal}, stopping the runs…`);
        void cleanUp().finally(() => process.exit(130));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}
