/**
 * Choosing and starting the tfjs backend in the webview, and telling the user which one runs and
 * on what. tfjs falls back silently when a backend fails, so everything here checks
 * `tf.getBackend()` after the fact.
 */
import type { ModelDescription, TrainingDescription } from '@nn-lang/language';
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName, BackendPreference, BackendReport } from './protocol/index.js';
import { installTrainingKernels, missingGradientKernels, probeBackends, type DatasetLike, type ProbeResult } from './trainer.js';

type TF = typeof tfjs;

/** Renderers that are WebGL on the CPU. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function isSoftwareRenderer(renderer: string | undefined): boolean {
    return renderer !== undefined && SOFTWARE_RENDERERS.test(renderer);
}

/**
 * Why wasm cannot train the model, if it cannot: the first gradient kernel a layer's catalogue
 * entry needs that the live registry lacks (checked after `installTrainingKernels`, which adds some).
 */
export function wasmBlocker(tf: TF, model: Parameters<typeof missingGradientKernels>[1]): string | undefined {
    const [first] = missingGradientKernels(tf, model, 'wasm');
    return first && `tfjs-backend-wasm cannot train ${first.layer} (line ${first.line}): it has no '${first.kernel}' kernel`;
}

/** Renderer string and WebGL version of the context the webgl backend actually uses. */
export function webglInfo(tf: TF): { renderer?: string; version?: number } {
    try {
        const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
        const gl = backend.gpgpu?.gl;
        if (!gl) return {};
        const ext = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        return { renderer, version: tf.env().getNumber('WEBGL_VERSION') };
    } catch {
        return {};
    }
}

/** Probes WebGL without tfjs: used to name the renderer when the webgl backend was not chosen. */
export function probeWebgl(): { renderer?: string; version?: number } {
    try {
        const canvas = document.createElement('canvas');
        const gl2 = canvas.getContext('webgl2');
        const gl = gl2 ?? canvas.getContext('webgl');
        if (!gl) return {};
        const ext = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        gl.getExtension('WEBGL_lose_context')?.loseContext();
        return { renderer, version: gl2 ? 2 : 1 };
    } catch {
        return {};
    }
}

async function tryBackend(tf: TF, name: BackendName): Promise<string | undefined> {
    try {
        const ok = await tf.setBackend(name);
        await tf.ready();
        if (ok && tf.getBackend() === name) return undefined;
        return `tfjs could not start ${name} (it runs on '${tf.getBackend()}')`;
    } catch (e) {
        return `${name} failed to start: ${(e as Error)?.message ?? String(e)}`;
    }
}

export interface SelectOptions {
    /** Registers the wasm backend (loads its module lazily); rejects when that is impossible. */
    registerWasm: () => Promise<void>;
    /** The run, for `auto`'s probe: a few timed batches of the model on each CPU backend. */
    probe?: { desc: TrainingDescription; dataset: DatasetLike };
}

/**
 * `webgl`: the GPU, when there is one. `wasm`: SIMD on the CPU with the trainer's kernels. `cpu`:
 * plain JavaScript, fastest only on tiny models. `auto` (default): webgl on a hardware GPU;
 * without one (software WebGL is the CPU pretending), a few timed batches of the model on wasm and
 * cpu pick the faster.
 * Whatever is asked for, a backend that fails to start falls back (webgl → wasm → cpu) and the
 * report says so.
 */
export async function selectBackend(tf: TF, requested: BackendPreference, model: ModelDescription, options: SelectOptions): Promise<BackendReport> {
    // The trainer installs these too, but the wasm check below must already see them.
    installTrainingKernels(tf);
    const notes: string[] = [];
    let wasmOk: Promise<boolean> | undefined;
    const wasmReady = (): Promise<boolean> => (wasmOk ??= checkWasm());
    const checkWasm = async (): Promise<boolean> => {
        try {
            await options.registerWasm();
        } catch (e) {
            notes.push(`wasm is unavailable: ${(e as Error).message}`);
            return false;
        }
        const blocker = wasmBlocker(tf, model);
        if (blocker) {
            notes.push(blocker);
            return false;
        }
        return true;
    };

    let order: BackendName[];
    if (requested === 'auto') {
        const probe = probeWebgl();
        if (probe.renderer && !isSoftwareRenderer(probe.renderer)) order = ['webgl', 'wasm', 'cpu'];
        else {
            if (probe.renderer) notes.push(`WebGL is software-rendered (${probe.renderer})`);
            else notes.push('WebGL is unavailable');
            order = ['wasm', 'webgl', 'cpu'];
        }
    } else if (requested === 'webgl') order = ['webgl', 'wasm', 'cpu'];
    else if (requested === 'wasm') order = ['wasm', 'webgl', 'cpu'];
    else order = ['cpu'];

    let probe: ProbeResult[] | undefined;
    if (requested === 'auto' && order[0] === 'wasm' && options.probe && (await wasmReady())) {
        // Both CPU backends can run it: measure rather than guess (cpu wins on the tiniest nets).
        const outcome = await probeBackends(tf, options.probe.desc, options.probe.dataset, ['wasm', 'cpu'], async name => {
            const failure = await tryBackend(tf, name as BackendName);
            if (failure) throw new Error(failure);
        });
        probe = outcome.results;
        notes.push(outcome.summary);
        order = [outcome.best as BackendName, ...order.filter(n => n !== outcome.best)];
    }

    for (const name of order) {
        if (name === 'wasm' && !(await wasmReady())) continue;
        const failure = await tryBackend(tf, name);
        if (failure) {
            notes.push(failure);
            continue;
        }
        const gl = name === 'webgl' ? webglInfo(tf) : probeWebgl();
        const primary: BackendName = requested === 'auto' ? name : requested;
        const fellBackFrom = primary !== name ? primary : undefined;
        const softwareRendered = isSoftwareRenderer(gl.renderer);
        const why =
            requested === 'auto'
                ? `auto chose ${name}`
                : fellBackFrom
                  ? `${requested} was requested but could not be used`
                  : `${name} backend requested`;
        return {
            name,
            requested,
            webglRenderer: gl.renderer,
            webglVersion: gl.version,
            softwareRendered,
            fellBackFrom,
            reason: [why, ...notes].join('; '),
            ...(probe ? { probe } : {})
        };
    }
    throw new Error(`no tfjs backend could start: ${notes.join('; ')}`);
}
