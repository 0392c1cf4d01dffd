import { formatCount, type ModelAnalysis } from '@nn-lang/language';
import { parseArgs } from './args.js';
import { checkFiles, countBySeverity, describeCounts, formatDiagnostic } from './documents.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';

export const SUMMARY_USAGE = `usage: nn summary FILE [--model NAME]

Prints a Keras-style summary of each model in FILE (or only of model NAME): layer names and
types, output shapes with None for the batch axis, and parameter counts.

options:
  --model NAME  summarise only this model
  -h, --help    show this help

exit status: 0 printed, 1 FILE has errors (the diagnostics are printed on stderr instead),
2 bad usage, no model NAME, or FILE cannot be read.`;

// Keras 2 prints 65 columns split at 45% and 85%; wider content widens its column instead of being cut.
const KERAS_WIDTHS = [29, 26, 10];

export async function runSummary(args: readonly string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(args, { model: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (options.help) {
        io.out(`${SUMMARY_USAGE}\n`);
        return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'nn summary takes one FILE' : 'nn summary needs a FILE');
    const [file] = positionals;

    const { checked, unreadable } = await checkFiles([file]);
    if (unreadable.length) {
        io.err(`nn: ${unreadable[0].message}\n`);
        return EXIT_USAGE;
    }
    const [{ analysis, diagnostics }] = checked;
    if (diagnostics.some(d => d.severity === 'error')) {
        // Shapes after an error are guesses at best: show what to fix, not a half-known table.
        for (const d of diagnostics) io.err(`${formatDiagnostic(file, d)}\n`);
        io.err(`nn summary: ${file} has ${describeCounts(countBySeverity(diagnostics))}\n`);
        return EXIT_ERRORS;
    }

    const wanted = options.model as string | undefined;
    const models = wanted === undefined ? analysis.models : analysis.models.filter(m => m.name === wanted);
    if (wanted !== undefined && models.length === 0) {
        const known = analysis.models.map(m => m.name).join(', ');
        io.err(`nn summary: no model '${wanted}' in ${file}${known ? ` (models: ${known})` : ''}\n`);
        return EXIT_USAGE;
    }
    if (models.length === 0) {
        io.out(`${file}: no models\n`);
        return EXIT_OK;
    }
    io.out(models.map(formatSummary).join('\n'));
    return EXIT_OK;
}

/** The Keras `model.summary()` table of a checked model. */
export function formatSummary(model: ModelAnalysis): string {
    const names = layerNames(model);
    const rows = model.layers.map((layer, i) => [
        `${names[i]} (${layer.kind?.name ?? layer.node.type})`,
        layer.output ? batchShape(layer.output) : '?',
        layer.params ? String(layer.params.trainable + layer.params.nonTrainable) : '?'
    ]);
    const widths = KERAS_WIDTHS.map((w, c) => rows.reduce((max, r) => Math.max(max, r[c].length + 1), w));
    const width = widths.reduce((a, b) => a + b, 0);
    const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('').trimEnd();
    const thin = '_'.repeat(width);
    const out = [`Model: "${model.name}"`, thin, line(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(width)];
    rows.forEach((row, i) => {
        out.push(line(row));
        if (i < rows.length - 1) out.push(thin);
    });
    const p = model.params;
    out.push(
        '='.repeat(width),
        `Total params: ${p ? formatCount(p.total) : '?'}`,
        `Trainable params: ${p ? formatCount(p.trainable) : '?'}`,
        `Non-trainable params: ${p ? formatCount(p.nonTrainable) : '?'}`,
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
