/**
 * Backend selection in Node: pure-JS `cpu` or `tfjs-backend-wasm` (tfjs-node cannot be installed
 * here: its install script downloads libtensorflow). The .wasm binaries are read from
 * node_modules; nothing is downloaded.
 */
import type { ModelDescription } from '@nn-lang/language';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { missingGradientKernels, type MissingKernel } from '../backend-check.js';
import { installTrainingKernels } from '../kernels/install.js';
import type { TF } from '../types.js';

export type BackendChoice = 'auto' | 'wasm' | 'cpu';

export interface BackendSelection {
    backend: 'wasm' | 'cpu';
    /** Why this backend, in a sentence for the CLI's output. */
    reason: string;
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
 * `cpu`: pure JS. `wasm`: tfjs-backend-wasm (SIMD), 2-16x faster than cpu on every model we
 * measured except the tiniest (xor 2-8-8-1: 65 vs 97 ms per epoch, irrelevant). `auto`: wasm
 * whenever it can train the model (with the trainer's kernels installed it can train every
 * catalogue layer), else cpu; also cpu when wasm fails to start.
 */
export async function selectBackend(
    tf: TF,
    choice: BackendChoice,
    model?: ModelDescription,
    options: { wasmDir?: string; fastKernels?: boolean } = {}
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
    return { backend: 'wasm', reason: choice === 'wasm' ? 'wasm backend requested' : 'wasm (SIMD): the fastest Node backend for this model' };
}
