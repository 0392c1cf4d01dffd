import { stat } from 'node:fs/promises';
import path from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { parseArgs } from './args.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';

export const EXPORT_USAGE = `usage: nn export --to TARGET FILE [options]

Exports a model for PyTorch, Keras or ONNX. FILE is a .nn file, or a trained run folder
(.nn-runs/<model>-<timestamp>/, written by nn train and the VS Code training view).

targets:
  pytorch      a runnable PyTorch script: the model as an nn.Module, --check, data, loss,
               optimizer and a training loop that also runs under torchrun (DistributedDataParallel).
               From a run folder, also model.safetensors with the trained weights.
  keras        a Keras 3 script: the same model, compile and fit settings
  onnx         model.onnx (opset 17) of a trained model
  safetensors  model.safetensors: trained weights named as the exported nn.Module's

options:
  --to TARGET     pytorch, keras, onnx or safetensors (required)
  --train MODEL   the model (or train block) to export when FILE has several
  -o, --out OUT   where to write (a file; for a run folder's pytorch export, a folder or .py)
  --no-check      do not run the script's --check with python3 after writing it
  --json          one JSON object: files, warnings, check
  -h, --help      show this help

A .nn FILE with --to onnx or safetensors exports its newest run in .nn-runs/ next to it.
Python is optional: without python3 and PyTorch the export still works and prints how to run it.

exit status: 0 written, 1 FILE has errors, 2 bad usage, unreadable or unexportable input.`;

const OPTIONS = {
    to: { type: 'string' },
    train: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'no-check': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
} as const;

const VERSION = pkg.version;

export async function runExport(args: readonly string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(args, OPTIONS);
    if (options.help) {
        io.out(`${EXPORT_USAGE}\n`);
        return EXIT_OK;
    }
    const interop = await import('@nn-lang/interop/node');
    const target = options.to as string | undefined;
    if (target === undefined) throw new UsageError('--to is required: pytorch, keras, onnx or safetensors');
    if (!(interop.EXPORT_TARGETS as readonly string[]).includes(target)) throw new UsageError(`--to must be pytorch, keras, onnx or safetensors, not '${target}'`);
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'nn export takes one FILE' : 'no FILE given');
    const file = positionals[0];
    const json = options.json === true;
    const out = options.out as string | undefined;
    const info = await stat(file).catch(() => undefined);
    if (!info) {
        io.err(`nn: cannot read '${file}': no such file\n`);
        return EXIT_USAGE;
    }
    let result;
    try {
        if (info.isFile() && path.extname(file) === '.nn') {
            if (target === 'pytorch' || target === 'keras') {
                result = await interop.exportNnFile(file, target, { model: options.train as string | undefined, out, version: VERSION });
            } else {
                const { describeText } = await import('@nn-lang/interop');
                const { readFile } = await import('node:fs/promises');
                const d = await describeText(await readFile(file, 'utf8'), path.resolve(file));
                const names = [...new Set([...d.trainings.map(t => t.model.name), ...d.models.map(m => m.name)])];
                const model = (options.train as string | undefined) ?? (names.length === 1 ? names[0] : undefined);
                if (!model) throw new interop.ExportError(`${file} has ${names.length} models (${names.join(', ')}): choose one with --train MODEL`);
                const run = await interop.latestRun(path.resolve(file), model);
                if (!run) throw new interop.ExportError(`${target} exports a trained model, and ${model} has no run in ${path.join(path.dirname(file), '.nn-runs')}: train it first (nn train ${file}), or give a run folder`);
                if (!json) io.err(`nn export: the newest run of ${model}: ${path.relative(process.cwd(), run)}\n`);
                result = await interop.exportRun(run, target as 'onnx' | 'safetensors', { out, version: VERSION });
            }
        } else {
            result = await interop.exportRun(file, target as 'pytorch' | 'keras' | 'onnx' | 'safetensors', { out, version: VERSION });
        }
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof interop.ExportError || (error as { problems?: unknown }).problems) {
            if (json) io.out(`${JSON.stringify({ ok: false, error: message })}\n`);
            io.err(`nn export: ${message}\n`);
            return error instanceof interop.ExportError && error.kind === 'file-errors' ? EXIT_ERRORS : EXIT_USAGE;
        }
        throw error;
    }

    let check: { ran: boolean; line?: string; expected?: string; ok?: boolean; how?: string } = { ran: false };
    const script = result.files.find(f => f.endsWith('.py'));
    if (script && target === 'pytorch' && options['no-check'] !== true) {
        const python = await interop.findTorchPython();
        const weights = result.files.find(f => f.endsWith('.safetensors'));
        const checkArgs = [script, '--check', ...(weights ? ['--weights', weights] : [])];
        if (python) {
            const r = await interop.runPython(python.executable, checkArgs, 300_000);
            const line = r.stdout.trim().split('\n').pop() ?? '';
            check = { ran: true, line, ok: r.code === 0 && line.startsWith('params: ') };
            if (!check.ok) check.line = `${line}\n${r.stderr.trim()}`;
        } else {
            check = { ran: false, how: `python3 and PyTorch were not found (that is fine: the script is written). To run it: pip install torch numpy (or apt install python3-torch), then python3 ${path.relative(process.cwd(), script)} --check` };
        }
    }
    if (json) {
        io.out(`${JSON.stringify({ ok: true, model: result.model, files: result.files, warnings: result.warnings, next: result.next, check })}\n`);
    } else {
        for (const w of result.warnings) io.err(`nn export: note: ${w}\n`);
        for (const f of result.files) io.out(`wrote ${path.relative(process.cwd(), f) || f}\n`);
        if (check.ran) io.out(check.ok ? `python3 --check: ${check.line}\n` : `python3 --check failed:\n${check.line}\n`);
        else if (check.how) io.out(`${check.how}\n`);
        if (result.next.length) io.out(`next:\n${result.next.map(l => `  ${l}`).join('\n')}\n`);
    }
    return check.ran && !check.ok ? EXIT_ERRORS : EXIT_OK;
}
