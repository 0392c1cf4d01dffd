/**
 * The PyTorch export, run for real: for every example and 200 generated models, the exported
 * script's `--check` (in Debian's python3-torch) prints our parameter count and output shape; and
 * with the weights of the tfjs model nn-lang builds (read back through the tfjs model.json, as from
 * a run folder, and exported as safetensors), the PyTorch module predicts what tfjs predicts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../language/test/gen/fuzz.js';
import { GENERATED_KINDS, generateValidModel, renderModel } from '../../language/test/gen/models.js';
import { prngPicker } from '../../language/test/gen/picker.js';
import type { ModelDescription } from '@nn-lang/language';
import { describeText } from '../src/describe.js';
import { exportPytorch } from '../src/pytorch/script.js';
import { torchSafetensors } from '../src/pytorch/weights.js';
import { trainedModelFromTfjs } from '../src/trained.js';
import { readFloat32, requireTorchPython, runScripts, writeFloat32, type ScriptJob } from './helpers/python.js';
import { build, maxDifference, predict, sampleInput, savedForm, useCpu } from './helpers/tfjs.js';

const GENERATED = Number(process.env.NN_EXPORT_MODELS ?? 200);
const BATCH = 3;
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface Case {
    name: string;
    description: ModelDescription;
    text: string;
}

async function exampleCases(): Promise<Case[]> {
    const cases: Case[] = [];
    for (const file of readdirSync(EXAMPLES).filter(f => f.endsWith('.nn')).sort()) {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const d = await describeText(text, join(EXAMPLES, file));
        expect(d.errors, file).toEqual([]);
        for (const m of d.models) cases.push({ name: `${basename(file, '.nn')}-${m.name}`, description: m, text });
    }
    return cases;
}

async function generatedCases(count: number): Promise<Case[]> {
    const random = prng(20_261_129);
    const picker = prngPicker(random);
    const cases: Case[] = [];
    for (let i = 0; i < count; i++) {
        // Every kind is the focus of some models; the rest of each chain is random.
        const text = renderModel(generateValidModel(picker, GENERATED_KINDS[i % GENERATED_KINDS.length]));
        const d = await describeText(text);
        if (d.errors.length) throw new Error(`generated model ${i} does not check:\n${text}\n${JSON.stringify(d.errors)}`);
        cases.push({ name: `gen-${i}`, description: d.models[0], text });
    }
    return cases;
}

/** What must survive an import round trip; Activation(leaky_relu) comes back as the LeakyReLU(0.2) tfjs saved. */
function signature(l: ModelDescription['layers'][number]): unknown[] {
    const type = l.type === 'Activation' && l.args.activation === 'leaky_relu' ? 'LeakyReLU' : l.type;
    return [type, l.outputShape, l.params.total, l.label ?? null];
}

describe('PyTorch export in python3-torch', () => {
    let dir: string;
    beforeAll(async () => {
        await useCpu();
        dir = mkdtempSync(join(tmpdir(), 'nn-torch-'));
    });

    it(`every example and ${GENERATED} generated models: --check equals our params and output; predictions equal tfjs's`, async () => {
        const python = await requireTorchPython();
        const cases = [...(await exampleCases()), ...(await generatedCases(GENERATED))];
        const jobs: ScriptJob[] = [];
        const expected: { name: string; params: number; output: number[]; tfjs: Float32Array; outFile: string; text: string }[] = [];
        for (const c of cases) {
            const folder = join(dir, c.name);
            mkdirSync(folder);
            const script = join(folder, 'model.py');
            writeFileSync(script, exportPytorch(c.description, undefined, { scriptName: 'model.py' }).text);

            // The trained form: the tfjs model our trainer builds, saved and read back as a run folder is.
            const model = build(c.description);
            const saved = await savedForm(model);
            const trained = await trainedModelFromTfjs(saved.modelJson, saved.bytes, { file: `${c.name}/model.json` });
            const input = sampleInput(c.description, BATCH);
            const shape = [BATCH, ...c.description.input];
            const tfjsOut = predict(model, input, shape);
            model.dispose();
            // The imported model must be the same model: same statements, shapes and counts.
            expect(trained.description.layers.map(signature), `${c.name} re-imported:\n${trained.nnText}`).toEqual(c.description.layers.map(signature));
            const weights = join(folder, 'model.safetensors');
            writeFileSync(weights, torchSafetensors(trained.description, trained.weights));
            const inputFile = join(folder, 'input.f32');
            writeFloat32(inputFile, input);
            const outFile = join(folder, 'torch.f32');
            // The script of the re-imported description: the one `nn export` writes for a run folder.
            const trainedScript = join(folder, 'trained.py');
            writeFileSync(trainedScript, exportPytorch(trained.description, undefined, { scriptName: 'trained.py' }).text);
            jobs.push({ script }, { script: trainedScript, check: false, weights, input: inputFile, input_shape: shape, output: outFile });
            expected.push({ name: c.name, params: c.description.params.total, output: c.description.output, tfjs: tfjsOut, outFile, text: c.text });
        }
        const started = Date.now();
        const results = await runScripts(python, jobs);
        console.log(`pytorch export: ${cases.length} models (${expected.length - GENERATED} from examples), python ${python.torch} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const problems: string[] = [];
        expected.forEach((e, i) => {
            const check = results[2 * i];
            const predicted = results[2 * i + 1];
            const want = `params: ${e.params} output: [${e.output.join(', ')}]`;
            if (check.error || check.check !== want) problems.push(`${e.name}: --check printed ${JSON.stringify(check.check)}, want ${JSON.stringify(want)}${check.error ? `\n${check.error}` : ''}\n${e.text}`);
            if (predicted.error) problems.push(`${e.name}: predicting failed\n${predicted.error}\n${e.text}`);
            else {
                const diff = maxDifference(readFloat32(e.outFile), e.tfjs);
                if (!(diff <= 1e-4)) problems.push(`${e.name}: PyTorch and tfjs predictions differ by ${diff}\n${e.text}`);
            }
        });
        expect(problems.join('\n\n')).toBe('');
    }, 600_000);
});
