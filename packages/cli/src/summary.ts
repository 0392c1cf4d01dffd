import { formatSummary } from '@nn-lang/language';
import { parseArgs } from './args.js';
import { checkFiles, countBySeverity, describeCounts, formatDiagnostic } from './documents.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';

export const SUMMARY_USAGE = `usage: nn summary FILE [--model NAME]

Prints a Keras-style summary of each model in FILE (or only of model NAME): layer names and
types, output shapes with None for the batch axis, parameter counts and, beyond Keras, each
layer's forward multiply-accumulates (MACs) per sample, with the totals (FLOPs = 2 × MACs),
the activations one sample keeps and the weights' memory.

options:
  --model NAME  summarise only this model
  -h, --help    show this help

exit status: 0 printed, 1 FILE has errors (the diagnostics are printed on stderr instead),
2 bad usage, no model NAME, or FILE cannot be read.`;

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
