/**
 * `nn import` and `nn export` as users run them (the built CLI): every example's run folder imports
 * back with the parameter count of its weights manifest; .keras archives and .h5 files (made here
 * the way Keras lays them out) import; malformed and unsupported files get a message naming the
 * layer or field and exit code 2; a trained run imports back as the .nn it was trained from.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { saveModelFiles } from '@nn-lang/training';
import { beforeAll, describe, expect, it } from 'vitest';
import { build as buildCli } from '../../../scripts/build.mjs';
import { runNn } from '../../cli/test/run-nn.js';
import { describeText } from '../src/describe.js';
import { build, tf, useCpu } from './helpers/tfjs.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
let dir: string;

beforeAll(async () => {
    await buildCli({ only: ['cli'], log: () => undefined });
    await useCpu();
    dir = mkdtempSync(join(tmpdir(), 'nn-import-'));
}, 180_000);

/** An HDF5 file written with h5wasm: attributes (JSON text) and float datasets. */
async function writeHdf5(path: string, attributes: Record<string, string>, datasets: Record<string, number[]>): Promise<void> {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const file = new h5wasm.File(path, 'w');
    for (const [k, v] of Object.entries(attributes)) file.create_attribute(k, v);
    for (const [name, shape] of Object.entries(datasets)) {
        const parts = name.split('/');
        let group = file as unknown as InstanceType<typeof h5wasm.Group>;
        for (const p of parts.slice(0, -1)) group = (group.keys().includes(p) ? group.get(p) : group.create_group(p)) as InstanceType<typeof h5wasm.Group>;
        group.create_dataset({ name: parts[parts.length - 1], data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, dtype: '<f' });
    }
    file.close();
}

/** A Keras 2 Sequential config as model.save('x.h5') stores it (TF 2.x layout). */
function keras2Sequential(layers: { class_name: string; config: Record<string, unknown> }[]): string {
    return JSON.stringify({
        class_name: 'Sequential',
        config: { name: 'sequential', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'input_1' } }, ...layers] },
        keras_version: '2.15.0',
        backend: 'tensorflow'
    });
}

const dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({
    class_name: 'Dense',
    config: { name, trainable: true, dtype: 'float32', units, activation: 'relu', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, ...extra }
});

describe('nn import', () => {
    it('every example\'s run folder (tfjs model.json) imports with the parameter count of its weights manifest', async () => {
        const problems: string[] = [];
        for (const file of readdirSync(EXAMPLES).filter(f => f.endsWith('.nn')).sort()) {
            const d = await describeText(readFileSync(join(EXAMPLES, file), 'utf8'), join(EXAMPLES, file));
            for (const m of d.models) {
                const run = join(dir, 'runs', `${m.name}-20260101-000000`);
                mkdirSync(run, { recursive: true });
                const model = build(m);
                await saveModelFiles(tf as never, model, run);
                const countParams = model.countParams();
                model.dispose();
                const r = await runNn(['import', run, '--json']);
                const out = r.stdout ? JSON.parse(r.stdout) : {};
                if (r.code !== 0 || out.params !== countParams || out.weightCount !== countParams || out.params !== m.params.total) {
                    problems.push(`${file} ${m.name}: exit ${r.code}, params ${out.params}, manifest ${out.weightCount}, tfjs countParams ${countParams}\n${r.stderr}`);
                }
            }
        }
        expect(problems.join('\n')).toBe('');
    }, 300_000);

    it('a trained run imports back as the .nn file it was trained from (model and train block)', async () => {
        const runs = join(dir, 'trained');
        const t = await runNn(['train', 'examples/iris.nn', '--epochs', '2', '--out', runs, '--json']);
        expect(t.code, t.stderr).toBe(0);
        const run = JSON.parse(t.stdout.trim().split('\n').pop()!).out as string;
        const out = join(dir, 'iris-imported.nn');
        const r = await runNn(['import', run, '-o', out]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/wrote .*iris-imported\.nn: model IrisNet, 147 parameters \(as many as the file's weights\)/);
        const original = await describeText(readFileSync(join(EXAMPLES, 'iris.nn'), 'utf8'));
        const back = await describeText(readFileSync(out, 'utf8'));
        const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'line' || k === 'file' ? undefined : v)));
        expect(strip(back.models)).toEqual(strip(original.models));
        expect(strip({ ...back.trainings[0], epochs: 0 })).toEqual(strip({ ...original.trainings[0], epochs: 0 }));
        expect(back.trainings[0].epochs).toBe(2);
    }, 300_000);

    it('a Keras 3 .keras archive (config.json + model.weights.h5) imports, its weights counted', async () => {
        const weights = join(dir, 'model.weights.h5');
        await writeHdf5(weights, {}, { 'layers/dense/vars/0': [4, 8], 'layers/dense/vars/1': [8], 'layers/dense_1/vars/0': [8, 3], 'layers/dense_1/vars/1': [3] });
        const config = {
            module: 'keras', class_name: 'Sequential', registered_name: null,
            config: {
                name: 'sequential', trainable: true,
                layers: [
                    { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
                    { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }, units: 8, activation: 'relu', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'HeNormal', config: { seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null }, registered_name: null, build_config: { input_shape: [null, 4] } },
                    { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense_1', trainable: true, units: 3, activation: 'softmax', use_bias: true }, registered_name: null }
                ]
            }
        };
        const archive = join(dir, 'small.keras');
        writeFileSync(archive, zipSync({ 'config.json': strToU8(JSON.stringify(config)), 'metadata.json': strToU8('{"keras_version": "3.3.3"}'), 'model.weights.h5': new Uint8Array(readFileSync(weights)) }));
        const r = await runNn(['import', archive, '--json']);
        expect(r.code, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout);
        expect(out).toMatchObject({ ok: true, format: 'Keras 3 .keras', params: 67, weightCount: 67 });
        expect(out.text).toContain('Dense(8, activation=relu, kernel_initializer=he_normal)');
        expect(out.text).toContain('Dense(3, activation=softmax)');
    });

    it('a Keras .h5 file (model_config attribute) imports; what .nn lacks is listed with its place', async () => {
        const file = join(dir, 'regularised.h5');
        await writeHdf5(file, {
            model_config: keras2Sequential([dense('dense', 8, { kernel_regularizer: { class_name: 'L2', config: { l2: 0.01 } } }), { class_name: 'Dropout', config: { name: 'dropout', rate: 0.5, noise_shape: null, seed: 7 } }, dense('out', 3, { activation: 'softmax' })]),
            training_config: JSON.stringify({ loss: 'categorical_crossentropy', optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } })
        }, { 'model_weights/dense/dense/kernel:0': [4, 8], 'model_weights/dense/dense/bias:0': [8], 'model_weights/out/out/kernel:0': [8, 3], 'model_weights/out/out/bias:0': [3] });
        const out = join(dir, 'regularised.nn');
        const r = await runNn(['import', file, '-o', out]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/layers\[1\] "dense" \(Dense\), field kernel_regularizer: the regularizer "L2" is not imported/);
        expect(r.stderr).toMatch(/attribute training_config/);
        const text = readFileSync(out, 'utf8');
        expect(text).toMatch(/\/\/ not imported: .*regularizer "L2"[^\n]*\n\s+Dense\(8, activation=relu\)/);
        expect(text).toContain('Dropout(0.5)');
        expect(r.stdout).toMatch(/67 parameters \(as many as the file's weights\)/);
    });

    const bad: [string, () => Promise<string>, RegExp][] = [
        ['a model.json that is not JSON', async () => {
            const f = join(dir, 'broken', 'model.json');
            mkdirSync(join(dir, 'broken'), { recursive: true });
            writeFileSync(f, '{"modelTopology": ');
            return f;
        }, /broken\/model\.json: is not valid JSON/],
        ['a layer .nn does not have', async () => {
            const f = join(dir, 'conv3d.h5');
            await writeHdf5(f, { model_config: keras2Sequential([{ class_name: 'Conv3D', config: { name: 'conv3d', filters: 4 } }]) }, {});
            return f;
        }, /conv3d\.h5: attribute model_config\.config\.layers\[1\] "conv3d" \(Conv3D\): the layer class Conv3D has no \.nn equivalent/],
        ['a GRU with reset_after=true', async () => {
            const f = join(dir, 'gru.h5');
            await writeHdf5(f, { model_config: JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 3], name: 'in' } }, { class_name: 'GRU', config: { name: 'gru', units: 4, reset_after: true } }] } }) }, {});
            return f;
        }, /"gru" \(GRU\), field reset_after: true cannot be expressed in \.nn/],
        ['a Dense layer without units', async () => {
            const f = join(dir, 'nounits.h5');
            await writeHdf5(f, { model_config: keras2Sequential([{ class_name: 'Dense', config: { name: 'dense', activation: 'relu' } }]) }, {});
            return f;
        }, /"dense" \(Dense\), field units: is missing/],
        ['two layers reading one tensor (a branch .nn cannot write)', async () => {
            const f = join(dir, 'branch.json');
            const layer = (name: string, cls: string, inputs: string[], config: Record<string, unknown> = {}) => ({ name, class_name: cls, config: { name, ...config }, inbound_nodes: inputs.length ? [inputs.map(i => [i, 0, 0, {}])] : [] });
            writeFileSync(f, JSON.stringify({ class_name: 'Functional', config: { name: 'branchy', input_layers: [['in', 0, 0]], output_layers: [['sum', 0, 0]], layers: [
                { name: 'in', class_name: 'InputLayer', config: { batch_input_shape: [null, 4], name: 'in' }, inbound_nodes: [] },
                layer('a', 'Dense', ['in'], { units: 4 }), layer('b', 'Dense', ['in'], { units: 4 }), layer('sum', 'Add', ['a', 'b'])
            ] } }));
            return f;
        }, /"b" \(Dense\): reads "in", which "a" reads too/],
        ['a .keras file that is not a zip', async () => {
            const f = join(dir, 'fake.keras');
            writeFileSync(f, 'not a zip');
            return f;
        }, /fake\.keras: is not a zip archive/],
        ['an .h5 file with weights only', async () => {
            const f = join(dir, 'weights-only.h5');
            await writeHdf5(f, {}, { 'dense/kernel:0': [4, 8] });
            return f;
        }, /weights-only\.h5: attribute model_config: missing: this HDF5 file holds no Keras model/],
        ['a file of another kind', async () => {
            const f = join(dir, 'model.onnx');
            writeFileSync(f, 'x');
            return f;
        }, /is not a model file nn import reads/]
    ];
    for (const [what, make, message] of bad) {
        it(`${what}: a clear message naming the place, exit code 2, no file written`, async () => {
            const file = await make();
            const out = join(dir, `${basename(file)}.nn`);
            const r = await runNn(['import', file, '-o', out]);
            expect(r.code, r.stdout + r.stderr).toBe(2);
            expect(r.stderr).toMatch(message);
            expect(() => readFileSync(out)).toThrow();
        });
    }
});

describe('nn export without Python', () => {
    it('writes the script and says how to run it when python3/PyTorch are not found', async () => {
        const out = join(dir, 'xor_nopython.py');
        const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
            import('node:child_process').then(({ spawn }) => {
                const child = spawn(process.execPath, [fileURLToPath(new URL('../../cli/bin/nn.js', import.meta.url)), 'export', '--to', 'pytorch', 'examples/xor.nn', '-o', out], {
                    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
                    env: { ...process.env, NN_PYTHON: join(dir, 'no-such-python') }
                });
                let stdout = '';
                let stderr = '';
                child.stdout.on('data', c => (stdout += c));
                child.stderr.on('data', c => (stderr += c));
                child.on('close', code => resolve({ code, stdout, stderr }));
            });
        });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/wrote .*xor_nopython\.py/);
        expect(r.stdout).toMatch(/python3 and PyTorch were not found \(that is fine: the script is written\)\. To run it: pip install torch numpy \(or apt install python3-torch\), then python3 .*xor_nopython\.py --check/);
        expect(readFileSync(out, 'utf8')).toMatch(/^#!\/usr\/bin\/env python3\n"""Xor: a PyTorch script/);
    });

    it('refuses a .nn file with errors, citing the first (exit 1); --json says what was written', async () => {
        const r = await runNn(['export', '--to', 'keras', 'packages/cli/test/fixtures/errors.nn']);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^nn export: packages\/cli\/test\/fixtures\/errors\.nn:\d+:\d+: /);
        const out = join(dir, 'wine_keras.py');
        const j = await runNn(['export', '--to', 'keras', 'examples/wine.nn', '-o', out, '--json']);
        expect(j.code, j.stderr).toBe(0);
        expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, model: 'WineNet', files: [out], warnings: [], check: { ran: false } });
    });

    it('refuses ONNX of a .nn model that has no trained run, saying what to do (exit 2)', async () => {
        const nn = join(dir, 'untrained.nn');
        writeFileSync(nn, readFileSync(join(EXAMPLES, 'circle.nn')));
        const r = await runNn(['export', '--to', 'onnx', nn]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/onnx exports a trained model, and Circle has no run in .*\.nn-runs: train it first \(nn train/);
    });
});
