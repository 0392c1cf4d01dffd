/**
 * Backend selection in Node: pure-JS `cpu` or `tfjs-backend-wasm` (tfjs-node cannot be installed
 * here: its install script downloads libtensorflow). The .wasm binaries are read from
 * node_modules; nothing is downloaded.
 */
import type { ModelDescription, TrainingDescription } from '@nn-lang/language';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { missingGradientKernels, type MissingKernel } from '../backend-check.js';
import { installTrainingKernels } from '../kernels/install.js';
import { probeBackends, type ProbeOptions, type ProbeResult } from '../probe.js';
import type { DatasetLike, TF } from '../types.js';

export type BackendChoice = 'auto' | 'wasm' | 'cpu';

export interface BackendSelection {
    backend: 'wasm' | 'cpu';
    /** Why this backend, in a sentence for the CLI's output. */
    reason: string;
    /** `auto` with a probe: what each candidate measured. */
    probe?: ProbeResult[];
}

/** The folder holding tfjs-backend-wasm's .wasm files, resolved through Node's module resolution. */
export function wasmDirectory(): string {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
        if (!existsSync(join(dir, file))) throw new Error(`tfjs-backend-wasm is installed without ${file} (looked in ${dir}).`);
    }
    return dir + '/';
}

let wasmRegistration: Promise<void> | undefined;

/**
 * Registers the wasm backend with the given tfjs and points it at the local .wasm files.
 * Idempotent: the wasm module can only be configured once per process.
 */
export function registerWasm(tf: TF, wasmDir?: string): Promise<void> {
    wasmRegistration ??= (async () => {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        if (!tf.findBackendFactory('wasm')) {
            throw new Error('tfjs-backend-wasm registered itself with another copy of @tensorflow/tfjs-core than the one training uses; deduplicate @tensorflow/tfjs-core.');
        }
        wasm.setWasmPaths(wasmDir ?? wasmDirectory());
    })();
    return wasmRegistration;
}

/** Layers of a model that the wasm backend cannot train, with the kernel each lacks (as each catalogue entry declares). */
export function wasmBlockers(tf: TF, model: ModelDescription): MissingKernel[] {
    return missingGradientKernels(tf, model, 'wasm');
}

async function activate(tf: TF, name: 'wasm' | 'cpu'): Promise<void> {
    const ok = await tf.setBackend(name);
    await tf.ready();
    // tfjs falls back silently when a backend fails to initialise: check what we got.
    if (!ok || tf.getBackend() !== name) throw new Error(`tfjs could not start the ${name} backend (it runs on '${tf.getBackend()}').`);
}

/**
 * `cpu`: pure JS. `wasm`: tfjs-backend-wasm (SIMD) with the trainer's kernels. `auto`: when given
 * the run (`options.probe`), a few timed batches of the model on each backend that can train it
 * pick the fastest (cpu wins on the tiniest networks, wasm on everything else we measured);
 * without it, wasm whenever it can train the model. cpu when wasm cannot start.
 */
export async function selectBackend(
    tf: TF,
    choice: BackendChoice,
    model?: ModelDescription,
    options: { wasmDir?: string; fastKernels?: boolean; probe?: { desc: TrainingDescription; dataset: DatasetLike; options?: ProbeOptions } } = {}
): Promise<BackendSelection> {
    const install = () => {
        if (options.fastKernels !== false) installTrainingKernels(tf);
    };
    if (choice === 'cpu') {
        install();
        await activate(tf, 'cpu');
        return { backend: 'cpu', reason: 'cpu backend requested' };
    }
    if (choice !== 'wasm' && choice !== 'auto') throw new Error(`unknown backend '${choice as string}': use auto, wasm or cpu.`);
    try {
        await registerWasm(tf, options.wasmDir);
    } catch (e) {
        if (choice === 'wasm') throw e;
        install();
        await activate(tf, 'cpu');
        return { backend: 'cpu', reason: `wasm backend unavailable (${(e as Error).message}); using cpu` };
    }
    // After the wasm package registered its kernels: some of ours replace wasm's own.
    install();
    const blockers = model ? wasmBlockers(tf, model) : [];
    if (blockers.length > 0) {
        const first = blockers[0];
        const why = `tfjs-backend-wasm cannot train ${first.layer} (line ${first.line}): kernel '${first.kernel}' is missing`;
        if (choice === 'wasm') throw new Error(`${why}. Use --backend cpu (or auto).`);
        await activate(tf, 'cpu');
        return { backend: 'cpu', reason: `${why}; using cpu` };
    }
    try {
        await activate(tf, 'wasm');
    } catch (e) {
        if (choice === 'wasm') throw e;
        await activate(tf, 'cpu');
        return { backend: 'cpu', reason: `${(e as Error).message}; using cpu` };
    }
    if (choice === 'wasm') return { backend: 'wasm', reason: 'wasm backend requested' };
    if (!options.probe) return { backend: 'wasm', reason: 'auto: wasm (SIMD), the fastest Node backend for models of any size' };
    const { desc, dataset } = options.probe;
    const outcome = await probeBackends(tf, desc, dataset, ['wasm', 'cpu'], name => activate(tf, name as 'wasm' | 'cpu'), options.probe.options);
    return { backend: outcome.best as 'wasm' | 'cpu', reason: `auto: ${outcome.summary}`, probe: outcome.results };
}
