/**
 * The benchmark's results as data (the --json file), as Markdown tables (terminal and
 * docs/benchmarks.md), and the replacement of a marked section of that file. Pure: no I/O.
 */
import { MODEL_KEYS, MODELS, type ModelKey } from './models.js';
import { rateOf, type MeterSettings, type Rate, type Window } from './windows.js';

export type BackendKey = 'pytorch' | 'node-wasm' | 'node-cpu' | 'node-auto' | 'browser-webgl' | 'browser-wasm' | 'browser-cpu';
export const BACKEND_KEYS: readonly BackendKey[] = ['pytorch', 'node-wasm', 'node-cpu', 'node-auto', 'browser-webgl', 'browser-wasm', 'browser-cpu'];

/** One model on one backend. */
export interface Cell {
    model: ModelKey;
    backend: BackendKey;
    ok: boolean;
    /** samples/s: median, min and max over the timed windows, and each window's. */
    rate?: Rate & { perWindow: number[] };
    windows?: Window[];
    /** The backend that actually trained (what `auto` chose; a fallback). */
    ran?: string;
    /** How the backend was chosen, or what it runs on. */
    detail?: string;
    /** A figure to take with care (cut short by the time cap). */
    note?: string;
    /** Why there is no figure. */
    error?: string;
    /** This cell's median over PyTorch's, when both exist. */
    ratio?: number;
}

export function naCell(model: ModelKey, backend: BackendKey, error: string): Cell {
    return { model, backend, ok: false, error };
}

export interface WindowsInfo {
    batchSize: number;
    partial: boolean;
    warmupOnly: boolean;
    capped: boolean;
    capSeconds: number;
    expected?: number;
    ran?: string;
    reason?: string;
}

export function cellFromWindows(model: ModelKey, backend: BackendKey, windows: Window[], info: WindowsInfo): Cell {
    if (windows.length === 0) {
        // Timing needs two batch ends; the first batch also builds the model and compiles kernels, so no rate bound follows.
        return naCell(model, backend, info.capped ? `fewer than 2 batches within the ${info.capSeconds} s cap: too slow to time here` : 'no batch was timed');
    }
    let note: string | undefined;
    if (info.warmupOnly) note = `rough: only warm-up batches within the ${info.capSeconds} s cap`;
    else if (info.partial) note = `${windows.length}${info.expected ? ` of ${info.expected}` : ''} window${(info.expected ?? windows.length) === 1 ? '' : 's'} within the ${info.capSeconds} s cap`;
    return { model, backend, ok: true, rate: rateOf(windows), windows, ran: info.ran, detail: info.reason, note };
}

/** Fills each cell's ratio to PyTorch's median for the same model. */
export function withRatios(cells: Cell[]): Cell[] {
    const base = new Map(cells.filter(c => c.backend === 'pytorch' && c.ok).map(c => [c.model, c.rate!.median]));
    return cells.map(c => {
        const b = base.get(c.model);
        return c.ok && b ? { ...c, ratio: c.rate!.median / b } : { ...c, ratio: undefined };
    });
}

// ------------------------------------------------------------------ numbers

/** samples/s as people read them: whole numbers with separators, one decimal below 100. */
export function formatRate(v: number): string {
    if (!Number.isFinite(v)) return String(v);
    if (v < 100) return v.toFixed(1);
    return Math.round(v).toLocaleString('en-US');
}

/** A ratio to two significant digits: 0.13×, 0.0083×, 1.0×, 12×. */
export function formatRatio(r: number | undefined): string {
    if (r === undefined || !Number.isFinite(r)) return '–';
    if (r >= 100) return `${Math.round(r)}×`;
    return `${r.toPrecision(2)}×`;
}

/** One cell in a line of progress output. */
export function describeCell(cell: Cell): string {
    if (!cell.ok) return `n/a (${cell.error})`;
    const r = cell.rate!;
    const n = cell.windows!.length;
    return `${formatRate(r.median)} samples/s (${formatRate(r.min)}–${formatRate(r.max)}, ${n} window${n === 1 ? '' : 's'})${cell.note ? ` (${cell.note})` : ''}`;
}

// ------------------------------------------------------------------ the report

export interface MachineInfo {
    cpu: string;
    cores: number;
    memoryGiB: number;
    /** 1-minute load average when the run started and ended: other work on the machine. */
    loadAverage: [number, number];
    /** The benchmark's scheduling priority (`nice`); 0 unless it was started under `nice`. */
    niceness: number;
    os: string;
    node: string;
    tfjs?: string;
    chromium?: string;
    webglRenderer?: string;
    torch?: { version: string; threads: number; blas: string; openblasCoretype?: string; python: string };
}

export interface SeedRun {
    model: ModelKey;
    file: string;
    backend?: string;
    epochs: number;
    /** Per epoch: seconds (training and the test-set pass) and test accuracy. */
    perEpoch: { epoch: number; seconds: number; accuracy?: number; testAccuracy?: number }[];
    testAccuracy?: number;
    seconds?: number;
    wallSeconds: number;
    /** Keras's figure for the same run, when known. */
    kerasAccuracy?: number;
    error?: string;
}

export interface BenchReport {
    schema: 1;
    date: string;
    mode: 'quick' | 'standard';
    command: string;
    machine: MachineInfo;
    settings: { batchSize: number; meter: MeterSettings; capSeconds: number };
    models: { key: ModelKey; label: string; file: string; params: number }[];
    cells: Cell[];
    /** What Node's `auto` trained each model on. */
    auto: Partial<Record<ModelKey, string>>;
    seedRuns?: SeedRun[];
    wallSeconds: number;
}

export interface ReportInput {
    date: Date;
    mode: BenchReport['mode'];
    command: string;
    machine: MachineInfo;
    settings: BenchReport['settings'];
    models: BenchReport['models'];
    cells: Cell[];
    seedRuns?: SeedRun[];
    wallSeconds: number;
}

/** The --json document: cells in table order with their ratios, and what Node's `auto` chose. */
export function makeReport(input: ReportInput): BenchReport {
    const order = (c: Cell) => MODEL_KEYS.indexOf(c.model) * 100 + BACKEND_KEYS.indexOf(c.backend);
    const cells = withRatios([...input.cells].sort((a, b) => order(a) - order(b)));
    const auto: BenchReport['auto'] = {};
    for (const c of cells) if (c.backend === 'node-auto' && c.ok && c.ran) auto[c.model] = c.ran;
    return {
        schema: 1,
        date: input.date.toISOString(),
        mode: input.mode,
        command: input.command,
        machine: input.machine,
        settings: input.settings,
        models: input.models,
        cells,
        auto,
        ...(input.seedRuns ? { seedRuns: input.seedRuns } : {}),
        wallSeconds: Math.round(input.wallSeconds * 10) / 10
    };
}

const BACKEND_LABEL: Record<BackendKey, string> = {
    pytorch: 'PyTorch (CPU)',
    'node-wasm': 'Node wasm',
    'node-cpu': 'Node cpu',
    'node-auto': 'Node auto',
    'browser-webgl': 'browser webgl',
    'browser-wasm': 'browser wasm',
    'browser-cpu': 'browser cpu'
};

function backendLabel(c: Cell): string {
    const base = BACKEND_LABEL[c.backend];
    return c.backend === 'node-auto' && c.ran ? `${base} → ${c.ran}` : base;
}

const escapeCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
    const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
    return [line(header), `|${align.map(a => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map(line)].join('\n');
}

function present<T>(keys: readonly T[], used: Set<T>): T[] {
    return keys.filter(k => used.has(k));
}

/** Ratios at a glance: one row per model, one column per backend. */
export function ratioTable(report: Pick<BenchReport, 'cells'>): string {
    const cells = report.cells;
    const models = present(MODEL_KEYS, new Set(cells.map(c => c.model)));
    const backends = present(BACKEND_KEYS, new Set(cells.map(c => c.backend))).filter(b => b !== 'pytorch');
    const find = (m: ModelKey, b: BackendKey) => cells.find(c => c.model === m && c.backend === b);
    const rows = models.map(m => {
        const torch = find(m, 'pytorch');
        return [
            MODELS[m].label,
            torch?.ok ? formatRate(torch.rate!.median) : torch ? 'n/a' : '–',
            ...backends.map(b => {
                const c = find(m, b);
                if (!c) return '–';
                if (!c.ok) return 'n/a';
                return `${formatRate(c.rate!.median)} (${formatRatio(c.ratio)})`;
            })
        ];
    });
    return table(['model', 'PyTorch samples/s', ...backends.map(b => BACKEND_LABEL[b])], ['l', 'r', ...backends.map(() => 'r' as const)], rows);
}

/** Every cell: median, min–max, ratio, and why a figure is missing or rough. */
export function detailTable(report: Pick<BenchReport, 'cells'>): string {
    const rows = report.cells.map(c => [
        MODELS[c.model].label,
        backendLabel(c),
        c.ok ? formatRate(c.rate!.median) : `n/a (${c.error})`,
        c.ok ? `${formatRate(c.rate!.min)}–${formatRate(c.rate!.max)}` : '',
        c.backend === 'pytorch' ? (c.ok ? '1' : '') : formatRatio(c.ratio),
        c.note ?? ''
    ]);
    return table(['model', 'backend', 'samples/s (median)', 'min–max', '× PyTorch', 'note'], ['l', 'l', 'r', 'r', 'r', 'l'], rows);
}

export function machineLines(m: MachineInfo): string[] {
    const lines = [
        `- CPU: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load average ${m.loadAverage[0].toFixed(1)} at the start, ${m.loadAverage[1].toFixed(1)} at the end (other work on the machine)` +
            (m.niceness !== 0 ? `; the benchmark ran at niceness ${m.niceness}` : ''),
        `- ${m.os}; Node ${m.node}${m.tfjs ? `, TensorFlow.js ${m.tfjs}` : ''}`
    ];
    if (m.chromium) lines.push(`- Chromium ${m.chromium}${m.webglRenderer ? `; WebGL renderer: ${m.webglRenderer}` : ''}`);
    if (m.torch) {
        const t = m.torch;
        lines.push(`- PyTorch ${t.version} (Python ${t.python}), ${t.threads} threads, BLAS: ${t.blas}${t.openblasCoretype ? ` (OPENBLAS_CORETYPE=${t.openblasCoretype})` : ''}`);
    }
    return lines;
}

function settingsLine(r: BenchReport): string {
    const s = r.settings.meter;
    return (
        `Batch ${r.settings.batchSize}, synthetic data (fixed seed), samples/s after ${s.warmupBatches} warm-up batch${s.warmupBatches === 1 ? '' : 'es'} ` +
        `and ${s.warmupSeconds} s; median of ${s.windows} timed windows of ≥ ${s.windowSeconds} s (≥ ${s.minWindowBatches} batch${s.minWindowBatches === 1 ? '' : 'es'}) each, ` +
        `at most ${r.settings.capSeconds} s per model and backend.`
    );
}

/** The whole speed report in Markdown: settings, machine, both tables, auto's choices. */
export function speedMarkdown(r: BenchReport): string {
    const auto = MODEL_KEYS.filter(k => r.auto[k]).map(k => `${MODELS[k].label} → ${r.auto[k]}`);
    return [
        `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, \`${r.command}\` (${r.mode}, ${Math.round(r.wallSeconds)} s in all). ${settingsLine(r)}`,
        '',
        ...machineLines(r.machine),
        ...(auto.length ? [`- Node \`auto\` (what \`nn train\` uses) chose: ${auto.join('; ')}`] : []),
        '',
        ratioTable(r),
        '',
        detailTable(r)
    ].join('\n');
}

function pct(v: number | undefined): string {
    return v === undefined ? '–' : `${(v * 100).toFixed(2)}%`;
}

/** The seed runs on real MNIST: one table of results, the per-epoch curve of each. */
export function seedRunsMarkdown(runs: SeedRun[], date: string): string {
    const rows = runs.map(run => {
        if (run.error) return [MODELS[run.model].label, run.backend ?? '–', String(run.epochs), `n/a (${run.error})`, '', '', run.kerasAccuracy ? pct(run.kerasAccuracy) : '–'];
        const secs = run.perEpoch.map(e => e.seconds);
        const mean = secs.reduce((a, b) => a + b, 0) / Math.max(1, secs.length);
        return [
            MODELS[run.model].label,
            run.backend ?? '–',
            String(run.epochs),
            pct(run.testAccuracy),
            `${mean.toFixed(1)} s`,
            `${Math.round(run.wallSeconds)} s`,
            run.kerasAccuracy ? pct(run.kerasAccuracy) : '–'
        ];
    });
    const curves = runs
        .filter(r => !r.error && r.perEpoch.length)
        .map(r => `- ${MODELS[r.model].label}, test accuracy after each epoch (%): ${r.perEpoch.map(e => (e.testAccuracy === undefined ? '–' : (e.testAccuracy * 100).toFixed(2))).join(', ')}; seconds per epoch: ${r.perEpoch.map(e => e.seconds.toFixed(1)).join(', ')}`);
    return [
        `Run ${date.slice(0, 16).replace('T', ' ')} UTC: \`nn train --json\` (the CLI bundle) on the official MNIST split, the backend \`auto\` picks.`,
        '',
        table(['model', 'backend', 'epochs', 'test accuracy', 's/epoch', 'wall', 'Keras'], ['l', 'l', 'r', 'r', 'r', 'r', 'r'], rows),
        ...(curves.length ? ['', ...curves] : [])
    ].join('\n');
}

// ------------------------------------------------------------------ docs/benchmarks.md

/**
 * Replaces what lies between `<!-- name -->` and `<!-- /name -->` with `body`, keeping everything
 * else. Without the markers the section is appended (under `heading`). Refuses a file whose
 * markers are unpaired or out of order rather than guess.
 */
export function replaceSection(doc: string, name: string, body: string, heading?: string): string {
    const open = `<!-- ${name} -->`;
    const close = `<!-- /${name} -->`;
    const count = (s: string) => doc.split(s).length - 1;
    const opens = count(open);
    const closes = count(close);
    const block = `${open}\n${body.trim()}\n${close}`;
    if (opens === 0 && closes === 0) {
        const sep = doc.length === 0 ? '' : doc.endsWith('\n\n') ? '' : doc.endsWith('\n') ? '\n' : '\n\n';
        return `${doc}${sep}${heading ? `${heading}\n\n` : ''}${block}\n`;
    }
    if (opens !== 1 || closes !== 1) throw new Error(`expected one '${open}' and one '${close}', found ${opens} and ${closes}: fix the file by hand`);
    const start = doc.indexOf(open);
    const end = doc.indexOf(close);
    if (end < start) throw new Error(`'${close}' comes before '${open}': fix the file by hand`);
    return doc.slice(0, start) + block + doc.slice(end + close.length);
}
