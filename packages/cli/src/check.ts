import { lineOf, type ModelAnalysis } from '@nn-lang/language';
import { parseArgs } from './args.js';
import { checkFiles, countBySeverity, describeCounts, formatDiagnostic, type CheckedFile, type CliDiagnostic } from './documents.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io.js';

export const CHECK_USAGE = `usage: nn check [--json] [--root DIR] FILE...

Checks .nn files and reports every diagnostic, one per line:
  FILE:LINE:COLUMN: SEVERITY CODE MESSAGE
followed by a summary line. Lines and columns are 1-based.

options:
  --json      print one JSON array instead, one element per FILE:
              [{"file", "diagnostics": [{"severity", "code", "message", "line", "column"}],
                "models": [{"name", "params", "trainable", "output",
                            "layers": [{"line", "type", "output", "params", "macs"}],
                            "macs", "flops", "activationBytesPerSample", "weightBytes"}]}]
              "macs" are forward multiply-accumulates per sample (FLOPs = 2 × MACs).
              "output", "params" and the costs are null where errors leave them unknown.
  --root DIR  the folder csv("…") data files must stay inside (after following links);
              default: each FILE's own folder
  -h, --help  show this help

FILE may be - to read the text from stdin (reported as <stdin>; data paths relative to the
working folder). Only regular files are read: pipe a stream into 'nn check -'.

exit status: 0 no errors (warnings and hints allowed), 1 errors reported,
2 bad usage or a FILE that cannot be read (then nothing is printed on stdout).`;

/** One element of `nn check --json`: the contract other tools read. Keep its shape exactly. */
export interface CheckReport {
    file: string;
    diagnostics: CliDiagnostic[];
    models: ModelReport[];
}

export interface ModelReport {
    name: string;
    /** Total parameters; null when any layer's count is unknown because of errors. */
    params: number | null;
    trainable: number | null;
    /** Output shape of one sample (no batch axis); null when errors leave it unknown. */
    output: number[] | null;
    layers: LayerReport[];
    /** Forward multiply-accumulates for one sample; null when errors leave a layer's cost unknown. */
    macs: number | null;
    /** 2 × macs. */
    flops: number | null;
    /** Bytes of the input and every layer's output for one sample (float32). */
    activationBytesPerSample: number | null;
    /** Bytes of all weights (float32). */
    weightBytes: number | null;
}

export interface LayerReport {
    line: number;
    /** Catalogue name (`Dense`); for a layer the catalogue does not know, the name as written. */
    type: string;
    output: number[] | null;
    params: number | null;
    /** Forward multiply-accumulates for one sample. */
    macs: number | null;
}

export function reportOf(checked: CheckedFile): CheckReport {
    return {
        file: checked.file,
        diagnostics: checked.diagnostics.map(d => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })),
        models: checked.analysis.models.map(modelReport)
    };
}

function modelReport(model: ModelAnalysis): ModelReport {
    return {
        name: model.name,
        params: model.params?.total ?? null,
        trainable: model.params?.trainable ?? null,
        output: model.output ? [...model.output] : null,
        layers: model.layers.map(layer => ({
            line: lineOf(layer.node),
            type: layer.kind?.name ?? layer.node.type,
            output: layer.output ? [...layer.output] : null,
            params: layer.params ? layer.params.trainable + layer.params.nonTrainable : null,
            macs: layer.cost?.macs ?? null
        })),
        macs: model.cost?.macs ?? null,
        flops: model.cost?.flops ?? null,
        activationBytesPerSample: model.cost?.activationBytes ?? null,
        weightBytes: model.cost?.weightBytes ?? null
    };
}

export async function runCheck(args: readonly string[], io: Io): Promise<number> {
    const { options, positionals: files } = parseArgs(args, { json: { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (options.help) {
        io.out(`${CHECK_USAGE}\n`);
        return EXIT_OK;
    }
    if (files.length === 0) throw new UsageError('nn check needs at least one FILE');

    const { checked, unreadable } = await checkFiles(files, { root: options.root as string | undefined });
    if (unreadable.length) {
        // A partial JSON array would look complete to a script: print nothing on stdout.
        for (const u of unreadable) io.err(`nn: ${u.message}\n`);
        return EXIT_USAGE;
    }

    const all = checked.flatMap(c => c.diagnostics);
    if (options.json) {
        io.out(`${JSON.stringify(checked.map(reportOf))}\n`);
    } else {
        for (const c of checked) {
            for (const d of c.diagnostics) io.out(`${formatDiagnostic(c.file, d)}\n`);
        }
        const noun = checked.length === 1 ? 'file' : 'files';
        io.out(`checked ${checked.length} ${noun}: ${describeCounts(countBySeverity(all)) ?? 'no problems'}\n`);
    }
    return all.some(d => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}
