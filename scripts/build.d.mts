// Types for scripts/build.mjs, which tests import to build what they run.
export declare const root: string;

export interface BuildTarget {
    name: string;
    entry: string;
    outfile: string;
    optional?: boolean;
    options: Record<string, unknown>;
    /** Runs after the target is bundled (the webview copies its assets into out/). */
    after?: (log: (line: string) => void) => void;
}

export declare const targets: BuildTarget[];

export declare class BuildError extends Error {}

export interface BuildOptions {
    /** Target names (`extension`, `server`, `cli`, `webview`); all when absent. */
    only?: string[];
    log?: (line: string) => void;
}

export declare function build(options?: BuildOptions): Promise<{
    totalMs: number;
    results: { target: BuildTarget; ms?: number; skipped?: boolean }[];
}>;

export declare function watch(options?: BuildOptions): Promise<void>;
