/** Command line of `npm run bench:train`, and the timing each mode uses. Pure. */
import { parseArgs } from 'node:util';
import { MODEL_KEYS, SEED_RUN_KEYS, type ModelKey } from './models.js';
import { BACKEND_KEYS, type BackendKey } from './report.js';
import type { MeterSettings } from './windows.js';

export const USAGE = `usage: npm run bench:train -- [options]

Training speed of nn-lang's backends against PyTorch on this machine, one run: the seed MLP, the
seed CNN and the Playground net 2-8-8-1 (examples/*.nn), batch 128, synthetic data.

options:
  --quick              short windows (under 5 minutes in all)
  --models LIST        of ${MODEL_KEYS.join(',')} (default: all)
  --backends LIST      of ${BACKEND_KEYS.join(',')} (default: all)
  --full               also the seed runs on real MNIST with \`nn train\` (MLP 20 epochs, CNN 12)
  --full-epochs LIST   epochs of the seed runs, e.g. mlp=2,cnn=1 (with --full)
  --write              put the results into docs/benchmarks.md
  --json FILE          write the results as JSON
  --no-install         do not apt-get install chromium or PyTorch when missing
  --no-build           use out/ as it is (default: rebuild the webview and CLI bundles first)`;

export type Mode = 'quick' | 'standard';

export interface BenchArgs {
    help: boolean;
    mode: Mode;
    full: boolean;
    write: boolean;
    json?: string;
    models: ModelKey[];
    backends: BackendKey[];
    fullEpochs: Partial<Record<ModelKey, number>>;
    install: boolean;
    build: boolean;
}

export class ArgsError extends Error {}

function list<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
    if (value === undefined) return [...allowed];
    const items = value.split(',').map(s => s.trim()).filter(Boolean);
    if (items.length === 0) throw new ArgsError(`--${what} needs at least one of ${allowed.join(', ')}`);
    for (const item of items) {
        if (!(allowed as readonly string[]).includes(item)) throw new ArgsError(`unknown ${what.replace(/s$/, '')} '${item}': use ${allowed.join(', ')}`);
    }
    return allowed.filter(a => items.includes(a));
}

function epochsList(value: string): Partial<Record<ModelKey, number>> {
    const out: Partial<Record<ModelKey, number>> = {};
    for (const item of value.split(',').map(s => s.trim()).filter(Boolean)) {
        const m = item.match(/^([a-z]+)=(\d+)$/);
        if (!m) throw new ArgsError(`--full-epochs takes MODEL=N pairs such as mlp=2,cnn=1, not '${item}'`);
        const key = m[1] as ModelKey;
        if (!SEED_RUN_KEYS.includes(key)) throw new ArgsError(`--full-epochs: the seed runs are ${SEED_RUN_KEYS.join(' and ')}, not '${m[1]}'`);
        const n = Number(m[2]);
        if (!(n >= 1 && n <= 1000)) throw new ArgsError(`--full-epochs: ${key}=${m[2]} is not from 1 to 1000`);
        out[key] = n;
    }
    return out;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                help: { type: 'boolean', short: 'h' },
                quick: { type: 'boolean' },
                full: { type: 'boolean' },
                'full-epochs': { type: 'string' },
                write: { type: 'boolean' },
                json: { type: 'string' },
                models: { type: 'string' },
                backends: { type: 'string' },
                'no-install': { type: 'boolean' },
                'no-build': { type: 'boolean' }
            }
        }));
    } catch (e) {
        throw new ArgsError((e as Error).message);
    }
    const fullEpochs = values['full-epochs'] === undefined ? {} : epochsList(values['full-epochs'] as string);
    if (values['full-epochs'] !== undefined && !values.full) throw new ArgsError('--full-epochs only applies with --full');
    if (values.json === '') throw new ArgsError('--json needs a file name');
    return {
        help: values.help === true,
        mode: values.quick ? 'quick' : 'standard',
        full: values.full === true,
        write: values.write === true,
        json: values.json as string | undefined,
        models: list(values.models as string | undefined, MODEL_KEYS, 'models'),
        backends: list(values.backends as string | undefined, BACKEND_KEYS, 'backends'),
        fullEpochs,
        install: values['no-install'] !== true,
        build: values['no-build'] !== true
    };
}

/** Timing of each mode: warm-up, windows, and the most a model may take on one backend. */
export function timing(mode: Mode): { meter: MeterSettings; capSeconds: number } {
    return mode === 'quick'
        ? { meter: { warmupBatches: 1, warmupSeconds: 0.5, windowSeconds: 0.75, minWindowBatches: 1, windows: 3 }, capSeconds: 20 }
        : { meter: { warmupBatches: 3, warmupSeconds: 3, windowSeconds: 3, minWindowBatches: 2, windows: 5 }, capSeconds: 120 };
}
