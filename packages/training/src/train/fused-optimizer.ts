/**
 * The optimizer step as one pass over each variable's values, for the backends whose tensors live
 * in this thread's memory (cpu: JS arrays; wasm: the module's heap). tfjs's optimizers run 10–15
 * kernels per variable per step (Adam: 41 Multiply, 29 Add, 21 RealDiv… for a 2-8-8-1 net): on a
 * small network that dispatch overhead is most of the step, on a large one each kernel streams the
 * whole parameter array through memory again.
 *
 * The arithmetic mirrors tfjs's optimizers operation by operation, rounding each intermediate to
 * float32 (`Math.fround`) as tfjs's float32 kernels do, so both paths give the same weights to
 * within a rounding step (tested against tfjs's own optimizers). Slots (moments, accumulators)
 * are plain Float32Arrays owned here.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { valuesOf } from './tensor-memory.js';
import type { TF } from './types.js';

const f = Math.fround;

/** The resolved optimizer settings (`OptimizerSetup.settings`) and clipping, as the step needs them. */
export interface FusedSettings {
    name: string;
    learning_rate: number;
    [key: string]: number | boolean | string;
}

export interface Updater {
    /** Applies one step of gradients (keyed by variable name); the caller disposes the gradients. */
    apply(grads: tfjs.NamedTensorMap): void;
    dispose(): void;
}

type Rule = (p: Float32Array, g: Float32Array, slots: Float32Array[], out: Float32Array, step: number) => void;

interface RuleSpec {
    slots: number;
    slotInit?: number;
    rule: Rule;
}

function ruleFor(s: FusedSettings): RuleSpec {
    const lr = s.learning_rate;
    switch (s.name) {
        case 'sgd': {
            const momentum = Number(s.momentum ?? 0);
            const nesterov = Boolean(s.nesterov);
            const c = f(-lr);
            if (momentum > 0 || nesterov) {
                // tfjs MomentumOptimizer: acc = m·acc + g; value += c·(nesterov ? g + m·acc : acc).
                const m = f(momentum);
                return {
                    slots: 1,
                    rule: (p, g, [acc], out) => {
                        for (let i = 0; i < p.length; i++) {
                            const a = f(f(m * acc[i]) + g[i]);
                            acc[i] = a;
                            out[i] = nesterov ? f(f(c * f(g[i] + f(a * m))) + p[i]) : f(f(c * a) + p[i]);
                        }
                    }
                };
            }
            return {
                slots: 0,
                rule: (p, g, _s, out) => {
                    for (let i = 0; i < p.length; i++) out[i] = f(f(c * g[i]) + p[i]);
                }
            };
        }
        case 'rmsprop': {
            const rho = f(Number(s.rho));
            const oneMinusRho = f(1 - Number(s.rho));
            const momentum = f(Number(s.momentum ?? 0));
            const eps = f(Number(s.epsilon));
            const flr = f(lr);
            if (s.centered) {
                // tfjs: ms' = ρ·ms + (1−ρ)·g²; mg' = ρ·mg + (1−ρ)·g; mom' = m·mom + lr·g / sqrt(ms' − (mg'² + ε)).
                return {
                    slots: 3,
                    rule: (p, g, [ms, mom, mg], out) => {
                        for (let i = 0; i < p.length; i++) {
                            const gi = g[i];
                            const msi = f(f(ms[i] * rho) + f(f(gi * gi) * oneMinusRho));
                            const mgi = f(f(mg[i] * rho) + f(gi * oneMinusRho));
                            const denom = f(Math.sqrt(f(msi - f(f(mgi * mgi) + eps))));
                            const momi = f(f(mom[i] * momentum) + f(f(gi * flr) / denom));
                            ms[i] = msi;
                            mg[i] = mgi;
                            mom[i] = momi;
                            out[i] = f(p[i] - momi);
                        }
                    }
                };
            }
            // tfjs: ms' = ρ·ms + (1−ρ)·g²; mom' = m·mom + lr·g / sqrt(ms' + ε); value −= mom'.
            return {
                slots: 2,
                rule: (p, g, [ms, mom], out) => {
                    for (let i = 0; i < p.length; i++) {
                        const gi = g[i];
                        const msi = f(f(ms[i] * rho) + f(f(gi * gi) * oneMinusRho));
                        const momi = f(f(mom[i] * momentum) + f(f(gi * flr) / f(Math.sqrt(f(msi + eps)))));
                        ms[i] = msi;
                        mom[i] = momi;
                        out[i] = f(p[i] - momi);
                    }
                }
            };
        }
        case 'adam': {
            const beta1 = f(Number(s.beta_1));
            const beta2 = f(Number(s.beta_2));
            const oneMinusBeta1 = f(1 - Number(s.beta_1));
            const oneMinusBeta2 = f(1 - Number(s.beta_2));
            const eps = f(Number(s.epsilon));
            const negLr = f(-lr);
            // tfjs keeps β₁ᵗ and β₂ᵗ as float32 variables multiplied once per step.
            let accBeta1 = beta1;
            let accBeta2 = beta2;
            let lastStep = 0;
            return {
                slots: 2,
                rule: (p, g, [m, v], out, step) => {
                    while (lastStep < step - 1) {
                        accBeta1 = f(accBeta1 * beta1);
                        accBeta2 = f(accBeta2 * beta2);
                        lastStep++;
                    }
                    const c1 = f(1 - accBeta1);
                    const c2 = f(1 - accBeta2);
                    for (let i = 0; i < p.length; i++) {
                        const gi = g[i];
                        const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
                        const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
                        m[i] = mi;
                        v[i] = vi;
                        const mHat = f(mi / c1);
                        const vHat = f(vi / c2);
                        out[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * negLr) + p[i]);
                    }
                }
            };
        }
        case 'adagrad': {
            // tfjs: acc' = acc + g²; value += −lr · g / sqrt(acc' + 1e-7) (the backend's epsilon).
            const eps = f(1e-7);
            const negLr = f(-lr);
            return {
                slots: 1,
                slotInit: Number(s.initial_accumulator_value ?? 0.1),
                rule: (p, g, [acc], out) => {
                    for (let i = 0; i < p.length; i++) {
                        const gi = g[i];
                        const a = f(acc[i] + f(gi * gi));
                        acc[i] = a;
                        out[i] = f(f(f(gi / f(Math.sqrt(f(a + eps)))) * negLr) + p[i]);
                    }
                }
            };
        }
        default:
            throw new Error(`no fused step for optimizer '${s.name}'`);
    }
}

function sumSquares(g: Float32Array): number {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i] * g[i];
    return s;
}

/**
 * Keras's clipping, in the order the tfjs path applies it: scale all gradients by the global norm,
 * then each by its own norm, then clip each value.
 */
function clips(s: FusedSettings): boolean {
    return Boolean(s.global_clipnorm || s.clipnorm || s.clipvalue);
}

function clipGradients(views: Float32Array[], s: FusedSettings): Float32Array[] {
    const globalClipnorm = Number(s.global_clipnorm ?? 0);
    const clipnorm = Number(s.clipnorm ?? 0);
    const clipvalue = Number(s.clipvalue ?? 0);
    let scale = 1;
    if (globalClipnorm) {
        const norm = Math.sqrt(views.reduce((acc, g) => acc + sumSquares(g), 0));
        scale = globalClipnorm / Math.max(norm, globalClipnorm);
    }
    return views.map(g0 => {
        const g = new Float32Array(g0.length);
        for (let i = 0; i < g.length; i++) g[i] = g0[i] * scale;
        if (clipnorm) {
            const norm = Math.sqrt(sumSquares(g));
            const k = clipnorm / Math.max(norm, clipnorm);
            if (k !== 1) for (let i = 0; i < g.length; i++) g[i] *= k;
        }
        if (clipvalue) for (let i = 0; i < g.length; i++) g[i] = Math.min(clipvalue, Math.max(-clipvalue, g[i]));
        return g;
    });
}

/**
 * An `Updater` that steps the given variables in one pass each. Only for `cpu` and `wasm`
 * (see `readsInPlace`); the variables' new values replace the old ones through
 * `assign`, never in place — tfjs-wasm caches packed weights by tensor identity.
 */
export function createFusedUpdater(tf: TF, settings: FusedSettings, variables: tfjs.Variable[]): Updater {
    const spec = ruleFor(settings);
    const slots = new Map<string, Float32Array[]>();
    // cpu adopts the array handed to tf.tensor; wasm copies it into its heap, so one scratch suffices.
    const adopts = tf.getBackend() === 'cpu';
    const scratch = new Map<string, Float32Array>();
    let step = 0;
    return {
        apply(grads) {
            step++;
            const present = variables.filter(v => grads[v.name] !== undefined);
            // Clipping needs every gradient at once, so it works on copies.
            const clipped = clips(settings) ? clipGradients(present.map(v => valuesOf(tf, grads[v.name])), settings) : undefined;
            present.forEach((variable, k) => {
                let own = slots.get(variable.name);
                if (!own) {
                    own = Array.from({ length: spec.slots }, () => new Float32Array(variable.size).fill(spec.slotInit ?? 0));
                    slots.set(variable.name, own);
                }
                let out = adopts ? undefined : scratch.get(variable.name);
                if (!out) {
                    out = new Float32Array(variable.size);
                    if (!adopts) scratch.set(variable.name, out);
                }
                const g = clipped ? clipped[k] : valuesOf(tf, grads[variable.name]);
                spec.rule(valuesOf(tf, variable), g, own, out, step);
                const next = tf.tensor(out, variable.shape, 'float32');
                variable.assign(next);
                next.dispose();
            });
        },
        dispose() {
            slots.clear();
            scratch.clear();
        }
    };
}
