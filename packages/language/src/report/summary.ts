/**
 * Keras's `model.summary()` table of a checked model: layer names and types, output shapes with
 * None for the batch axis, and parameter counts, plus a column Keras does not print: each
 * layer's forward multiply-accumulates per sample, with the totals and the memory per sample
 * below. Printed by `nn summary` and shown by the editor's "Show Model Summary"; a pure
 * function of the analysis.
 */
import { formatFlops } from '../catalogue/cost.js';
import { formatBytes, formatCount } from '../catalogue/format.js';
import type { ModelAnalysis } from '../analysis/types.js';

// Keras 2 prints 65 columns split at 45% and 85%; wider content widens its column instead of being cut.
// The MACs column follows Keras's three.
const KERAS_WIDTHS = [29, 26, 10, 14];

/** The Keras `model.summary()` table of a checked model. */
export function formatSummary(model: ModelAnalysis): string {
    const names = layerNames(model);
    const rows = model.layers.map((layer, i) => [
        `${names[i]} (${layer.kind?.name ?? layer.node.type})`,
        layer.output ? batchShape(layer.output) : '?',
        layer.params ? String(layer.params.trainable + layer.params.nonTrainable) : '?',
        layer.cost ? String(layer.cost.macs) : '?'
    ]);
    const widths = KERAS_WIDTHS.map((w, c) => rows.reduce((max, r) => Math.max(max, r[c].length + 1), w));
    const width = widths.reduce((a, b) => a + b, 0);
    const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('').trimEnd();
    const thin = '_'.repeat(width);
    const out = [`Model: "${model.name}"`, thin, line(['Layer (type)', 'Output Shape', 'Param #', 'MACs']), '='.repeat(width)];
    rows.forEach((row, i) => {
        out.push(line(row));
        if (i < rows.length - 1) out.push(thin);
    });
    const p = model.params;
    const c = model.cost;
    out.push(
        '='.repeat(width),
        `Total params: ${p ? formatCount(p.total) : '?'}`,
        `Trainable params: ${p ? formatCount(p.trainable) : '?'}`,
        `Non-trainable params: ${p ? formatCount(p.nonTrainable) : '?'}`,
        `Forward MACs per sample: ${c ? `${formatCount(c.macs)} (${formatFlops(c.flops)})` : '?'}`,
        `Activations per sample: ${c ? formatBytes(c.activationBytes) : '?'}`,
        `Weights: ${c ? formatBytes(c.weightBytes) : '?'}`,
        thin
    );
    return `${out.join('\n')}\n`;
}

/** [26, 26, 32] → "(None, 26, 26, 32)": Keras shows the batch axis, of unknown size. */
export function batchShape(shape: readonly number[]): string {
    return `(${['None', ...shape.map(String)].join(', ')})`;
}

/** A label when the layer has one, else Keras's automatic name: dense, dense_1, max_pooling2d, ... */
function layerNames(model: ModelAnalysis): string[] {
    const seen = new Map<string, number>();
    return model.layers.map(layer => {
        if (layer.node.name) return layer.node.name;
        const base = snakeCase(layer.kind?.name ?? layer.node.type);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        return n === 0 ? base : `${base}_${n}`;
    });
}

/** Keras's rule for class name → layer name: Conv2D → conv2d, LeakyReLU → leaky_re_lu, SimpleRNN → simple_rnn. */
export function snakeCase(name: string): string {
    return name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
