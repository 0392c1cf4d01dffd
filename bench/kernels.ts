/**
 * Kernel micro-benchmark: GFLOP/s of the seed MLP's and seed CNN's matrix products and
 * convolutions on tfjs-backend-wasm, tfjs's own kernels against ours on 1 and N threads, then a
 * whole training step of each seed model before (tfjs's kernels) and after (ours).
 *
 *   node scripts/run-ts.mjs bench/kernels.ts [--quick] [--products] [--steps] [--threads N]
 *   node --experimental-wasm-relaxed-simd scripts/run-ts.mjs bench/kernels.ts --relaxed
 *
 * `--relaxed` compares, on one thread, the shipped SIMD128 build with a relaxed-SIMD (FMA) build
 * of the same generator (assembled here with wabt): the measurement behind shipping one build.
 *
 * Times are the fastest call (the machine is shared; the fastest call is the least disturbed),
 * in ms per call, from the kernel call to the output on the backend's heap (no read-back);
 * GFLOP/s counts 2·M·N·K per product.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { EmptyFileSystem, URI } from 'langium';
import { createNnServices, describeModel, estimateTrainingMemory, type ModelDescription, type TrainingDescription } from '@nn-lang/language';
import { installTrainingKernels, train } from '@nn-lang/training/train';
import { Engine, pooledEngine, setKernelThreads } from '@nn-lang/training/kernels';
import { assembleOne } from '@nn-lang/training/kernels/assemble';
import { configureKernelThreads, registerWasm } from '@nn-lang/training/train/node';

const { values: opts } = parseArgs({
    options: { quick: { type: 'boolean' }, products: { type: 'boolean' }, steps: { type: 'boolean' }, relaxed: { type: 'boolean' }, threads: { type: 'string' } }
});
const threads = Number(opts.threads ?? availableParallelism());
const all = !opts.products && !opts.steps && !opts.relaxed;

await registerWasm(tf);
await tf.setBackend('wasm');
await tf.ready();

/** Kernels we replace: tfjs's originals, captured before installing ours. */
const REPLACED = ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad'];
type Config = tf.KernelConfig;
const snapshot = () => new Map(REPLACED.flatMap(k => (tf.getKernel(k, 'wasm') ? [[k, tf.getKernel(k, 'wasm')! as Config]] : [])));
const tfjsKernels = snapshot();
installTrainingKernels(tf);
const ourKernels = snapshot();

function use(kernels: Map<string, Config>): void {
    for (const [name, config] of kernels) {
        if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
        tf.registerKernel(config);
    }
}

type Mode = 'tfjs' | 'ours-1' | `ours-${number}`;
const MODES: Mode[] = ['tfjs', 'ours-1', ...(threads > 1 ? [`ours-${threads}` as Mode] : [])];

async function enter(mode: Mode): Promise<void> {
    if (mode === 'tfjs') {
        // tfjs's wasm has no Conv2DBackpropFilter: the trainer's JS im2col version stays in place.
        use(tfjsKernels);
        return;
    }
    if (opts.relaxed) {
    const relaxedBytes = await assembleOne({ relaxed: true, shared: false });
    if (!WebAssembly.validate(relaxedBytes)) throw new Error('this runtime has no relaxed SIMD: run node with --experimental-wasm-relaxed-simd');
    const builds: [string, Engine][] = [
        ['simd128', new Engine()],
        ['relaxed (FMA)', new Engine({ moduleBytes: relaxedBytes })]
    ];
    const cases: [string, boolean, boolean, number, number, number][] = [
        ['[128,784]·[784,512]', false, false, 128, 512, 784],
        ['[128,512]·[512,512]ᵀ', false, true, 128, 512, 512],
        ['[784,128]ᵀ·[128,512]', true, false, 784, 512, 128],
        ['[4608,288]·[288,64] (conv-like)', false, false, 4608, 64, 288]
    ];
    console.log('\nRelaxed SIMD: one thread, GFLOP/s per CPU-second (best call in 1 s of calls)');
    console.log(`${'product'.padEnd(36)}${builds.map(([n]) => n.padStart(16)).join('')}`);
    for (const [name, transA, transB, M, N, K] of cases) {
        const cells = builds.map(([, e]) => {
            e.reset();
            const a = e.alloc(M * K * 4);
            const b = e.alloc(K * N * 4);
            const c = e.alloc(M * N * 4);
            const f = e.f32();
            for (let i = 0; i < M * K; i++) f[a / 4 + i] = Math.sin(i);
            for (let i = 0; i < K * N; i++) f[b / 4 + i] = Math.cos(i);
            const { cpu } = time(() => e.gemm({ transA, transB, M, N, K, a, lda: transA ? M : K, b, ldb: transB ? K : N, c, ldc: N }), 1000);
            return (2 * M * N * K / cpu / 1e6).toFixed(1).padStart(16);
        });
        console.log(`${name.padEnd(36)}${cells.join('')}`);
    }
}
use(ourKernels);
    const n = Number(mode.slice(5));
    if (n === 1) setKernelThreads({ threads: 1 });
    else {
        configureKernelThreads(n);
        await pooledEngine()?.ready();
    }
}

/**
 * Fastest single call of `f` in `minMs` of calls (after a warm-up call): on a shared machine the
 * fastest call is the one nobody else disturbed. Also the least CPU time of a call (user +
 * system, all threads of the process): the cost on one thread when the others are idle.
 */
function time(f: () => void, minMs: number): { wall: number; cpu: number } {
    f();
    let wall = Infinity;
    let cpu = Infinity;
    const t0 = performance.now();
    for (let n = 0; n < 1 || performance.now() - t0 < minMs; n++) {
        const c = process.cpuUsage();
        const t = performance.now();
        f();
        wall = Math.min(wall, performance.now() - t);
        const used = process.cpuUsage(c);
        cpu = Math.min(cpu, (used.user + used.system) / 1000);
    }
    return { wall, cpu };
}

const minMs = opts.quick ? 300 : 1500;
const random = (shape: number[]) => tf.randomUniform(shape, -1, 1, 'float32', 1);

interface Product {
    name: string;
    flops: number;
    make(): { run(): void; dispose(): void };
}

function matmul(name: string, M: number, N: number, K: number, transA: boolean, transB: boolean, fused?: 'relu'): Product {
    return {
        name,
        flops: 2 * M * N * K,
        make() {
            const a = random(transA ? [K, M] : [M, K]);
            const b = random(transB ? [N, K] : [K, N]);
            const bias = random([N]);
            const run = () => {
                const y = fused ? tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: transA, transposeB: transB, bias, activation: fused }) : tf.matMul(a, b, transA, transB);
                y.dispose();
            };
            return { run, dispose: () => tf.dispose([a, b, bias]) };
        }
    };
}

function conv(name: string, kind: 'forward' | 'input' | 'filter', x: [number, number, number, number], filter: [number, number, number, number]): Product {
    const info = tf.backend_util.computeConv2DInfo(x, filter, 1, 1, 'valid');
    const flops = 2 * info.batchSize * info.outHeight * info.outWidth * info.outChannels * filter[0] * filter[1] * filter[2];
    return {
        name,
        flops,
        make() {
            const xt = random(x) as tf.Tensor4D;
            const ft = random(filter) as tf.Tensor4D;
            const dy = random(info.outShape) as tf.Tensor4D;
            const bias = random([filter[3]]) as tf.Tensor1D;
            const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC' };
            const run = () => {
                const y =
                    kind === 'forward'
                        ? tf.fused.conv2d({ x: xt, filter: ft, strides: 1, pad: 'valid', bias, activation: 'relu' })
                        : kind === 'input'
                          ? (tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: ft }, { ...attrs, inputShape: x }) as tf.Tensor)
                          : (tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy }, { ...attrs, filterShape: filter }) as tf.Tensor);
                y.dispose();
            };
            return { run, dispose: () => tf.dispose([xt, ft, dy, bias]) };
        }
    };
}

const PRODUCTS: Product[] = [
    matmul('MLP fwd x·W1 [128,784]·[784,512] +bias relu', 128, 512, 784, false, false, 'relu'),
    matmul('MLP fwd h·W2 [128,512]·[512,512]', 128, 512, 512, false, false),
    matmul('MLP bwd dy·W2ᵀ [128,512]·[512,512]ᵀ', 128, 512, 512, false, true),
    matmul('MLP bwd xᵀ·dy [784,128]·[128,512]', 784, 512, 128, true, false),
    matmul('MLP bwd hᵀ·dy [512,128]·[128,512]', 512, 512, 128, true, false),
    matmul('MLP fwd h·W3 [128,512]·[512,10]', 128, 10, 512, false, false),
    conv('CNN conv1 fwd 28²×1→32 +bias relu', 'forward', [128, 28, 28, 1], [3, 3, 1, 32]),
    conv('CNN conv1 dW', 'filter', [128, 28, 28, 1], [3, 3, 1, 32]),
    conv('CNN conv2 fwd 26²×32→64 +bias relu', 'forward', [128, 26, 26, 32], [3, 3, 32, 64]),
    conv('CNN conv2 dx', 'input', [128, 26, 26, 32], [3, 3, 32, 64]),
    conv('CNN conv2 dW', 'filter', [128, 26, 26, 32], [3, 3, 32, 64]),
    matmul('CNN fwd dense [128,9216]·[9216,128] +bias relu', 128, 128, 9216, false, false, 'relu'),
    matmul('CNN bwd dense dy·Wᵀ [128,128]·[9216,128]ᵀ', 128, 9216, 128, false, true),
    matmul('CNN bwd dense xᵀ·dy [9216,128]·[128,128]', 9216, 128, 128, true, false)
];

if (all || opts.products) {
    console.log(`\nProducts and convolutions: ms per call (GFLOP/s), fastest call in ${minMs} ms of calls; threads = ${threads}`);
    console.log('(for one thread, GFLOP/s per CPU-second in brackets: what the kernel does when the machine is not shared)');
    console.log(`${'kernel'.padEnd(48)}${MODES.map(m => m.padStart(26)).join('')}`);
    for (const p of PRODUCTS) {
        const cells: string[] = [];
        for (const mode of MODES) {
            await enter(mode);
            const op = p.make();
            // tfjs's own Conv2DBackpropInput takes seconds on the seed CNN: one call is enough.
            const { wall, cpu } = time(op.run, mode === 'tfjs' && /dx/.test(p.name) ? 0 : minMs);
            op.dispose();
            const gflops = (ms: number) => (p.flops / ms / 1e6).toFixed(1);
            cells.push(`${wall.toFixed(2)} (${gflops(wall)})${mode.endsWith('-1') || mode === 'tfjs' ? ` [${gflops(cpu)}]` : ''}`.padStart(26));
        }
        console.log(`${p.name.padEnd(48)}${cells.join('')}`);
    }
}

const { shared, Nn } = createNnServices(EmptyFileSystem);
async function modelOf(body: string): Promise<ModelDescription> {
    const doc = shared.workspace.LangiumDocumentFactory.fromString(`model M {\n${body}\n}`, URI.parse(`memory:///bench-${Math.random()}.nn`));
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    return describeModel(Nn.nn.Analyzer.analyze(doc).models[0])!;
}

const MODELS = [
    {
        name: 'seed MLP 784-512-512-10',
        body: 'input [784]\nDense(512, activation=relu)\nDropout(0.2)\nDense(512, activation=relu)\nDropout(0.2)\nDense(10, activation=softmax)',
        samples: opts.quick ? 2560 : 6400
    },
    {
        name: 'seed CNN Conv32-Conv64-Pool-Dense128',
        body: 'input [28, 28, 1]\nConv2D(32, 3, activation=relu)\nConv2D(64, 3, activation=relu)\nMaxPooling2D(2)\nDropout(0.25)\nFlatten()\nDense(128, activation=relu)\nDropout(0.5)\nDense(10, activation=softmax)',
        samples: opts.quick ? 384 : 1280
    }
];

if (all || opts.steps) {
    console.log('\nTraining steps (batch 128, RMSprop, synthetic data): samples/s, best epoch after the first');
    console.log(`${'model'.padEnd(40)}${MODES.map(m => m.padStart(12)).join('')}`);
    for (const m of MODELS) {
        const model = await modelOf(m.body);
        const size = model.input.reduce((p, d) => p * d, 1);
        const x = Float32Array.from({ length: m.samples * size }, (_, i) => Math.sin(i * 0.37));
        const y = Float32Array.from({ length: m.samples }, (_, i) => i % 10);
        const data = { sampleShape: model.input, task: 'classification' as const, numClasses: 10, labelEncoding: 'index' as const, train: { x, y, count: m.samples } };
        const desc: TrainingDescription = {
            file: '/tmp/bench.nn', line: 1, model, data: { kind: 'iris' }, loss: 'categorical_crossentropy', lossKind: 'categorical', task: 'classification',
            optimizer: { name: 'rmsprop', learningRate: 0.001, args: {} }, metrics: ['accuracy'], epochs: opts.quick ? 2 : 3, batchSize: 128, seed: 1,
            memory: estimateTrainingMemory(model, 128, 1)
        };
        const cells: string[] = [];
        for (const mode of MODES) {
            await enter(mode);
            // fastKernels: false keeps the registry as `enter` left it.
            const r = await train(tf, desc, data, {}, undefined, { yieldEveryMs: 1000, fastKernels: false });
            r.model.dispose();
            const best = Math.min(...r.history.slice(1).map(h => h.seconds));
            cells.push(String(Math.round(m.samples / best)).padStart(12));
        }
        console.log(`${m.name.padEnd(40)}${cells.join('')}`);
    }
}
if (opts.relaxed) {
    const relaxedBytes = await assembleOne({ relaxed: true, shared: false });
    if (!WebAssembly.validate(relaxedBytes)) throw new Error('this runtime has no relaxed SIMD: run node with --experimental-wasm-relaxed-simd');
    const builds: [string, Engine][] = [
        ['simd128', new Engine()],
        ['relaxed (FMA)', new Engine({ moduleBytes: relaxedBytes })]
    ];
    const cases: [string, boolean, boolean, number, number, number][] = [
        ['[128,784]·[784,512]', false, false, 128, 512, 784],
        ['[128,512]·[512,512]ᵀ', false, true, 128, 512, 512],
        ['[784,128]ᵀ·[128,512]', true, false, 784, 512, 128],
        ['[4608,288]·[288,64] (conv-like)', false, false, 4608, 64, 288]
    ];
    console.log('\nRelaxed SIMD: one thread, GFLOP/s per CPU-second (best call in 1 s of calls)');
    console.log(`${'product'.padEnd(36)}${builds.map(([n]) => n.padStart(16)).join('')}`);
    for (const [name, transA, transB, M, N, K] of cases) {
        const cells = builds.map(([, e]) => {
            e.reset();
            const a = e.alloc(M * K * 4);
            const b = e.alloc(K * N * 4);
            const c = e.alloc(M * N * 4);
            const f = e.f32();
            for (let i = 0; i < M * K; i++) f[a / 4 + i] = Math.sin(i);
            for (let i = 0; i < K * N; i++) f[b / 4 + i] = Math.cos(i);
            const { cpu } = time(() => e.gemm({ transA, transB, M, N, K, a, lda: transA ? M : K, b, ldb: transB ? K : N, c, ldc: N }), 1000);
            return (2 * M * N * K / cpu / 1e6).toFixed(1).padStart(16);
        });
        console.log(`${name.padEnd(36)}${cells.join('')}`);
    }
}
use(ourKernels);
