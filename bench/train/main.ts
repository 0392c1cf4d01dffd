/**
 * `npm run bench:train`: nn-lang's training speed on every backend against PyTorch, one run.
 * Node wasm/cpu/auto (the trainer's `train()` after `selectBackend`, one process per backend),
 * the training view's bundle in headless chromium (webgl on SwiftShader, wasm, cpu) and PyTorch on
 * the CPU, all on the models of examples/mnist-mlp.nn, mnist-cnn.nn and xor.nn at batch 128.
 * Prints Markdown tables (progress on stderr); --write puts them into docs/benchmarks.md.
 * See USAGE in args.ts; the figures and how they are taken are described in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainingDescription } from '@nn-lang/language';
import { ArgsError, parseBenchArgs, timing, USAGE, type BenchArgs } from './args.js';
import { findChromium, runBrowserBackend, servePage, type BrowserBackend, type PageServer } from './browser-runner.js';
import { cleanUp, installSignalHandlers, interrupted, onCleanup } from './children.js';
import { describeFiles } from './describe.js';
import { BENCH_BATCH_SIZE, benchDescription, MODELS, SEED_RUN_KEYS, syntheticKind, syntheticMnistIdx, type IdxBytes, type ModelKey } from './models.js';
import { runNodeBackend } from './node-runner.js';
import { runPytorch } from './pytorch-runner.js';
import { makeReport, naCell, replaceSection, seedRunsMarkdown, speedMarkdown, type Cell, type MachineInfo, type SeedRun } from './report.js';
import { runSeedRun } from './seed-runs.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The repository: the folder up from here whose package.json is nn-lang's (this file runs bundled under node_modules/.cache). */
function repoRoot(): string {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const pkg = path.join(dir, 'package.json');
        if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'nn-lang') return dir;
        const up = path.dirname(dir);
        if (up === dir) throw new Error('bench:train: cannot find the nn-lang folder above this script');
        dir = up;
    }
}

/** The CPU as /proc/cpuinfo names it, with the widest SIMD it has (what BLAS and wasm SIMD kernels can use). */
function cpuName(): string {
    const model = os.cpus()[0]?.model ?? 'unknown CPU';
    try {
        const info = readFileSync('/proc/cpuinfo', 'utf8');
        const flags = new Set((/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/));
        const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
        const simd = flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') ? 'AVX2' : flags.has('sse4_2') ? 'SSE4.2' : undefined;
        return [model, family && `family ${family}`, simd].filter(Boolean).join(', ');
    } catch {
        return model;
    }
}

function osName(): string {
    try {
        return /PRETTY_NAME="?([^"\n]+)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
    } catch {
        return `${os.type()} ${os.release()}`;
    }
}

/** Rebuilds the bundles the run uses, so the figures are those of the sources as they are. */
function buildBundles(root: string, only: string[]): string | undefined {
    if (only.length === 0) return undefined;
    log(`bench:train: building ${only.join(', ')} (node scripts/build.mjs --only ${only.join(',')})`);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--only', only.join(',')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status === 0) return undefined;
    return `the build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
}

function writeMnistFiles(dir: string, idx: IdxBytes): void {
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), idx.trainImages);
    writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idx.trainLabels);
    writeFileSync(path.join(dir, 't10k-images-idx3-ubyte'), idx.testImages);
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), idx.testLabels);
}

const DOCS = 'docs/benchmarks.md';
const SPEED_SECTION = 'bench:train';
const SPEED_HEADING = '## Training speed: nn-lang against PyTorch (`npm run bench:train`)';
const SEED_SECTION = 'bench:train-full';
const SEED_HEADING = '## Training: the seed runs on MNIST (`npm run bench:train -- --full`)';

async function run(args: BenchArgs): Promise<void> {
    const root = repoRoot();
    const wallStart = performance.now();
    const date = new Date();
    const loadStart = os.loadavg()[0];
    const { meter, capSeconds } = timing(args.mode);
    const command = `npm run bench:train${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
    log(`bench:train: ${args.mode} run of ${args.models.join(', ')} on ${args.backends.join(', ')}${args.full ? ', then the seed runs on MNIST' : ''}`);

    const browsers = args.backends.filter(b => b.startsWith('browser-'));
    const buildError = args.build ? buildBundles(root, [...(browsers.length ? ['webview'] : []), ...(args.full ? ['cli'] : [])]) : undefined;
    if (buildError) log(`bench:train: ${buildError}`);

    const descriptions = await describeFiles(args.models.map(k => path.join(root, MODELS[k].file)));
    const models: { key: ModelKey; description: TrainingDescription }[] = [];
    const cells: Cell[] = [];
    args.models.forEach((key, i) => {
        const d = descriptions[i];
        if (syntheticKind(d)) models.push({ key, description: benchDescription(d) });
        else for (const b of args.backends) cells.push(naCell(key, b, `no synthetic stand-in for data = ${d.data.kind}`));
    });

    const needsMnist = models.some(m => syntheticKind(m.description) === 'mnist');
    const mnist = needsMnist ? syntheticMnistIdx() : undefined;
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'nn-bench-'));
    onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
    if (mnist) writeMnistFiles(scratch, mnist);

    const machine: MachineInfo = {
        cpu: cpuName(),
        cores: os.availableParallelism(),
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        loadAverage: [loadStart, loadStart],
        niceness: os.getPriority(),
        os: osName(),
        node: process.version,
        tfjs: (createRequire(path.join(root, 'package.json'))('@tensorflow/tfjs/package.json') as { version: string }).version
    };

    let server: PageServer | undefined;
    let chromiumPath: string | undefined;
    let browserProblem: string | undefined = buildError;
    for (const backend of args.backends) {
        if (interrupted()) return;
        log(`bench:train: ${backend}`);
        if (backend === 'pytorch') {
            const r = await runPytorch({ root, models, batchSize: BENCH_BATCH_SIZE, meter, capSeconds, install: args.install, log });
            cells.push(...r.cells);
            machine.torch = r.torch;
        } else if (backend === 'node-wasm' || backend === 'node-cpu' || backend === 'node-auto') {
            cells.push(...(await runNodeBackend({ root, backend, models, meter, capSeconds, mnistDir: scratch, log })));
        } else {
            if (!browserProblem && !chromiumPath) {
                const found = findChromium(root, args.install);
                chromiumPath = found.path;
                browserProblem = found.error;
            }
            if (!browserProblem && !existsSync(path.join(root, 'out/webview.js'))) browserProblem = 'out/webview.js is missing: run npm run build';
            if (browserProblem) {
                cells.push(...models.map(m => naCell(m.key, backend, browserProblem!)));
                continue;
            }
            if (!server) {
                server = await servePage(root, mnist);
                const s = server;
                onCleanup(() => s.close());
            }
            const r = await runBrowserBackend({ backend: backend as BrowserBackend, url: server.url, chromium: chromiumPath!, models, meter, capSeconds, log });
            cells.push(...r.cells);
            machine.chromium ??= r.chromium;
            if (backend === 'browser-webgl' && r.webglRenderer) machine.webglRenderer = r.webglRenderer;
            else machine.webglRenderer ??= r.webglRenderer;
        }
    }
    await server?.close();

    let seedRuns: SeedRun[] | undefined;
    if (args.full) {
        seedRuns = [];
        for (const key of SEED_RUN_KEYS) {
            if (interrupted()) return;
            log(`bench:train: seed run ${key} (${args.fullEpochs[key] ?? "the file's"} epochs)`);
            if (buildError) {
                seedRuns.push({ model: key, file: MODELS[key].file, epochs: args.fullEpochs[key] ?? 0, perEpoch: [], wallSeconds: 0, error: buildError });
                continue;
            }
            seedRuns.push(await runSeedRun(root, key, args.fullEpochs[key], log));
        }
    }

    // A run cut short by Ctrl-C prints and writes nothing: its cells would say n/a for the wrong reason.
    if (interrupted()) return;
    machine.loadAverage = [loadStart, os.loadavg()[0]];
    const report = makeReport({
        date,
        mode: args.mode,
        command,
        machine,
        settings: { batchSize: BENCH_BATCH_SIZE, meter, capSeconds },
        models: models.map(m => ({ key: m.key, label: MODELS[m.key].label, file: MODELS[m.key].file, params: m.description.model.params.total })),
        cells,
        seedRuns,
        wallSeconds: (performance.now() - wallStart) / 1000
    });

    const speed = speedMarkdown(report);
    process.stdout.write(`\n${speed}\n`);
    const seeds = seedRuns ? seedRunsMarkdown(seedRuns, report.date) : undefined;
    if (seeds) process.stdout.write(`\n${seeds}\n`);
    if (args.json) {
        mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
        writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
        log(`bench:train: wrote ${args.json}`);
    }
    if (args.write) {
        const docs = path.join(root, DOCS);
        let text = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
        text = replaceSection(text, SPEED_SECTION, speed, SPEED_HEADING);
        if (seeds) text = replaceSection(text, SEED_SECTION, seeds, SEED_HEADING);
        writeFileSync(docs, text);
        log(`bench:train: updated ${DOCS}`);
    }
}

let args: BenchArgs;
try {
    args = parseBenchArgs(process.argv.slice(2));
} catch (e) {
    if (!(e instanceof ArgsError)) throw e;
    log(`bench:train: ${e.message}\n\n${USAGE}`);
    process.exit(2);
}
if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
}
installSignalHandlers(log);
try {
    await run(args);
} catch (e) {
    if (!interrupted()) {
        log(`bench:train: ${(e as Error)?.stack ?? String(e)}`);
        process.exitCode = 1;
    }
} finally {
    await cleanUp();
}
// Playwright and stray handles must not keep the process alive.
process.exit(interrupted() ? 130 : (process.exitCode ?? 0));

