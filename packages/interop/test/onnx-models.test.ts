/**
 * The ONNX export against tfjs: for every example and 200 generated models, the model tfjs builds
 * is saved (as a run folder holds it), read back, exported to ONNX, run in onnxruntime-node, and
 * its predictions compared with tfjs's; Debian's python3-onnx checker validates every file.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelDescription } from '@nn-lang/language';
import { prng } from '../../language/test/gen/fuzz.js';
import { GENERATED_KINDS, generateValidModel, renderModel } from '../../language/test/gen/models.js';
import { prngPicker } from '../../language/test/gen/picker.js';
import { describeText } from '../src/describe.js';
import { runPython } from '../src/node/python.js';
import { exportOnnx } from '../src/onnx/export.js';
import { trainedModelFromTfjs } from '../src/trained.js';
import { requireTorchPython } from './helpers/python.js';
import { build, maxDifference, predict, sampleInput, savedForm, useCpu } from './helpers/tfjs.js';

const GENERATED = Number(process.env.NN_EXPORT_MODELS ?? 200);
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const CHECKER = fileURLToPath(new URL('./fixtures/check_onnx.py', import.meta.url));

async function cases(): Promise<{ name: string; description: ModelDescription; text: string }[]> {
    const out: { name: string; description: ModelDescription; text: string }[] = [];
    for (const file of readdirSync(EXAMPLES).filter(f => f.endsWith('.nn')).sort()) {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const d = await describeText(text, join(EXAMPLES, file));
        for (const m of d.models) out.push({ name: `${basename(file, '.nn')}-${m.name}`, description: m, text });
    }
    const picker = prngPicker(prng(20_261_130));
    for (let i = 0; i < GENERATED; i++) {
        const text = renderModel(generateValidModel(picker, GENERATED_KINDS[i % GENERATED_KINDS.length]));
        const d = await describeText(text);
        if (d.errors.length) throw new Error(`generated model ${i} does not check:\n${text}`);
        out.push({ name: `gen-${i}`, description: d.models[0], text });
    }
    return out;
}

describe('ONNX export in onnxruntime-node', () => {
    beforeAll(useCpu);

    it(`every example and ${GENERATED} generated models: onnxruntime predicts what tfjs predicts; the onnx checker accepts the files`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'nn-onnx-'));
        const files: string[] = [];
        const problems: string[] = [];
        let worst = 0;
        const all = await cases();
        for (const c of all) {
            const model = build(c.description);
            const saved = await savedForm(model);
            const trained = await trainedModelFromTfjs(saved.modelJson, saved.bytes, { file: `${c.name}/model.json` });
            const bytes = exportOnnx(trained.description, trained.weights);
            const file = join(dir, `${c.name}.onnx`);
            writeFileSync(file, bytes);
            files.push(file);
            const batch = 3;
            const input = sampleInput(c.description, batch);
            const shape = [batch, ...c.description.input];
            const expected = predict(model, input, shape);
            model.dispose();
            try {
                const session = await ort.InferenceSession.create(bytes);
                const result = await session.run({ input: new ort.Tensor('float32', input, shape) });
                const out = result.output;
                if (out.dims.join() !== [batch, ...c.description.output].join()) problems.push(`${c.name}: output shape [${out.dims.join(', ')}]`);
                const diff = maxDifference(out.data as Float32Array, expected);
                worst = Math.max(worst, diff);
                if (!(diff <= 1e-4)) problems.push(`${c.name}: onnxruntime and tfjs differ by ${diff}\n${c.text}`);
                await session.release();
            } catch (e) {
                problems.push(`${c.name}: onnxruntime refused the model: ${(e as Error).message}\n${c.text}`);
            }
        }
        console.log(`onnx export: ${all.length} models, largest difference from tfjs ${worst.toExponential(2)} (relative to 1 + |tfjs|)`);
        const python = await requireTorchPython();
        const r = await runPython(python.executable, [CHECKER, ...files]);
        if (r.code !== 0 && /No module named 'onnx'/.test(r.stderr)) {
            console.log('onnx export: python3-onnx is not installed here; the checker was not run');
        } else {
            expect(r.code, r.stderr).toBe(0);
            for (const line of r.stdout.trim().split('\n')) {
                const res = JSON.parse(line) as { file: string; ok: boolean; error?: string; opset?: number };
                if (!res.ok) problems.push(`${basename(res.file)}: onnx checker: ${res.error}`);
                else expect(res.opset).toBeGreaterThanOrEqual(13);
            }
        }
        expect(problems.join('\n\n')).toBe('');
    }, 600_000);
});
