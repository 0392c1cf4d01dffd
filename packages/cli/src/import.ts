import { writeFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from './args.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';

export const IMPORT_USAGE = `usage: nn import FILE [-o OUT.nn] [--json]

Turns a trained or saved model into a .nn file: a tfjs model.json (or the run folder holding it;
its metrics.json becomes a train block), a Keras 3 .keras archive, a Keras .h5 file, or a Keras
config.json. What .nn cannot express is listed with where it is in FILE — as comments in the .nn
text and on stderr — and never dropped silently. The result is checked, and its parameter count
compared with the weights FILE holds.

options:
  -o, --out OUT.nn   write the .nn file there (default: print it)
  --json             one JSON object: the text, problems, parameter counts
  -h, --help         show this help

exit status: 0 imported (notes on stderr), 2 bad usage, or FILE unreadable, malformed or holding
a model .nn cannot express (each reason names the layer or field).`;

const OPTIONS = {
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
} as const;

export async function runImport(args: readonly string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(args, OPTIONS);
    if (options.help) {
        io.out(`${IMPORT_USAGE}\n`);
        return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'nn import takes one FILE' : 'no FILE given');
    const [file] = positionals;
    const out = options.out as string | undefined;
    const json = options.json === true;
    const { importFile } = await import('@nn-lang/interop/node');
    const { describeText } = await import('@nn-lang/interop');
    const result = await importFile(file, { out });
    const errors = result.problems.filter(p => p.severity === 'error');
    const warnings = result.problems.filter(p => p.severity === 'warning');
    if (!result.text || errors.length) {
        if (json) io.out(`${JSON.stringify({ ok: false, format: result.format, problems: result.problems })}\n`);
        for (const p of errors) io.err(`nn import: ${p.where}: ${p.message}\n`);
        io.err(`nn import: ${file} cannot be imported (${errors.length} problem${errors.length === 1 ? '' : 's'} above)\n`);
        return EXIT_USAGE;
    }
    // The imported text must check, and hold as many parameters as the file's weights.
    const checked = await describeText(result.text, out ? path.resolve(out) : path.resolve(path.dirname(file), `${result.modelName}.nn`));
    const params = checked.models[0]?.params.total;
    const problems: string[] = checked.errors.map(e => `the imported .nn does not check, line ${e.line}: ${e.message}`);
    if (params !== undefined && result.weightCount !== undefined && params !== result.weightCount) {
        problems.push(`the imported model has ${params.toLocaleString('en-US')} parameters, but ${file}'s weights hold ${result.weightCount.toLocaleString('en-US')}`);
    }
    if (problems.length) {
        if (json) io.out(`${JSON.stringify({ ok: false, format: result.format, problems: [...result.problems, ...problems.map(message => ({ severity: 'error', where: file, message }))] })}\n`);
        for (const p of problems) io.err(`nn import: ${p}\n`);
        return EXIT_USAGE;
    }
    if (out) {
        const temp = `${out}.tmp-${process.pid}`;
        try {
            await writeFile(temp, result.text);
            await rename(temp, out);
        } catch (e) {
            await rm(temp, { force: true });
            io.err(`nn import: cannot write ${out}: ${(e as Error).message}\n`);
            return EXIT_USAGE;
        }
    }
    if (json) {
        io.out(`${JSON.stringify({ ok: true, format: result.format, model: result.modelName, params, weightCount: result.weightCount ?? null, out: out ?? null, problems: result.problems, text: result.text })}\n`);
        return EXIT_OK;
    }
    for (const p of warnings) io.err(`nn import: note: ${p.where}: ${p.message}\n`);
    if (out) io.out(`wrote ${out}: model ${result.modelName}, ${params?.toLocaleString('en-US')} parameters${result.weightCount !== undefined ? ' (as many as the file\'s weights)' : ''}\n`);
    else io.out(result.text);
    return EXIT_OK;
}
