/**
 * Whether a backend can train a model: each catalogue layer names the gradient kernels its
 * backward pass needs that a backend may lack, and the live kernel registry says which are there
 * (after `installTrainingKernels`, which adds some). Browser-safe: the CLI and the webview share it.
 */
import { findLayer, type LayerDescription, type TrainingBackend } from '@nn-lang/language/catalogue';
import type { TF } from './types.js';

export interface MissingKernel {
    /** The layer's catalogue name, and its 1-based source line. */
    layer: string;
    line: number;
    kernel: string;
}

/** Layers of a model that `backend` cannot train, with each kernel it lacks for them (in model order). */
export function missingGradientKernels(tf: Pick<TF, 'getKernel'>, model: { layers: readonly Pick<LayerDescription, 'type' | 'line'>[] }, backend: TrainingBackend): MissingKernel[] {
    const out: MissingKernel[] = [];
    for (const layer of model.layers) {
        const kind = findLayer(layer.type);
        if (!kind) throw new Error(`layer ${layer.type} (line ${layer.line}) is not in the catalogue`);
        for (const kernel of kind.gradientKernels[backend] ?? []) {
            if (!tf.getKernel(kernel, backend)) out.push({ layer: layer.type, line: layer.line, kernel });
        }
    }
    return out;
}
