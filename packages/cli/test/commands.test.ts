// The command functions in-process: the --json contract, the human format and the summary table.
import { describe, expect, it } from 'vitest';
import { batchShape, checkFiles, formatSummary, parseArgs, reportOf, runCheck, runSummary, snakeCase, UsageError, type Io } from '../src/index.js';
import { repoRoot } from './run-nn.js';
import path from 'node:path';

const fixture = (name: string) => path.relative(process.cwd(), path.join(repoRoot, 'packages/cli/test/fixtures', name));
const example = (name: string) => path.relative(process.cwd(), path.join(repoRoot, 'examples', name));

function capture(): Io & { stdout: string; stderr: string } {
    const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += t; }, err: (t: string) => { io.stderr += t; } };
    return io;
}

async function reportFor(file: string) {
    const { checked, unreadable } = await checkFiles([file]);
    expect(unreadable).toEqual([]);
    return reportOf(checked[0]);
}

describe('nn check --json contract', () => {
    it('describes a clean file exactly', async () => {
        const file = example('xor.nn');
        expect(await reportFor(file)).toStrictEqual({
            file,
            diagnostics: [],
            models: [{
                name: 'Xor',
                params: 105,
                trainable: 105,
                output: [1],
                layers: [
                    { line: 4, type: 'Dense', output: [8], params: 24, macs: 16 },
                    { line: 5, type: 'Dense', output: [8], params: 72, macs: 64 },
                    { line: 6, type: 'Dense', output: [1], params: 9, macs: 8 }
                ],
                // Added by issue 11: forward cost and memory per sample.
                macs: 88,
                flops: 176,
                activationBytesPerSample: (2 + 8 + 8 + 1) * 4,
                weightBytes: 105 * 4
            }]
        });
    });

    it('reports codes at 1-based positions and null where errors hide shapes', async () => {
        const file = fixture('errors.nn');
        const message = expect.any(String);
        expect(await reportFor(file)).toStrictEqual({
            file,
            diagnostics: [
                { severity: 'error', code: 'shape-mismatch', message, line: 4, column: 5 },
                { severity: 'error', code: 'bad-argument', message, line: 11, column: 11 },
                { severity: 'warning', code: 'linear-collapse', message, line: 17, column: 5 },
                { severity: 'error', code: 'unknown-layer', message: expect.stringContaining("Did you mean 'Dense'"), line: 23, column: 5 },
                { severity: 'error', code: 'data-mismatch', message, line: 28, column: 11 }
            ],
            models: [
                {
                    name: 'Flat', params: null, trainable: null, output: null,
                    layers: [
                        { line: 4, type: 'Conv2D', output: null, params: null, macs: null },
                        { line: 5, type: 'Dense', output: null, params: null, macs: null }
                    ],
                    macs: null, flops: null, activationBytesPerSample: null, weightBytes: null
                },
                {
                    name: 'Partial', params: null, trainable: null, output: null,
                    layers: [
                        { line: 10, type: 'Dense', output: [8], params: 40, macs: 32 },
                        { line: 11, type: 'Dense', output: null, params: null, macs: null },
                        { line: 12, type: 'Dense', output: null, params: null, macs: null }
                    ],
                    macs: null, flops: null, activationBytesPerSample: null, weightBytes: null
                },
                {
                    name: 'Linear', params: 71, trainable: 71, output: [1],
                    layers: [
                        { line: 17, type: 'Dense', output: [10], params: 60, macs: 50 },
                        { line: 18, type: 'Dense', output: [1], params: 11, macs: 10 }
                    ],
                    macs: 60, flops: 120, activationBytesPerSample: (5 + 10 + 1) * 4, weightBytes: 71 * 4
                },
                // An unknown layer keeps the name as written.
                { name: 'Typo', params: null, trainable: null, output: null, layers: [{ line: 23, type: 'Dens', output: null, params: null, macs: null }], macs: null, flops: null, activationBytesPerSample: null, weightBytes: null },
                { name: 'Small', params: 3925, trainable: 3925, output: [5], layers: [{ line: 28, type: 'Dense', output: [5], params: 3925, macs: 3920 }], macs: 3920, flops: 7840, activationBytesPerSample: (784 + 5) * 4, weightBytes: 3925 * 4 }
            ]
        });
    });

    it('reports a syntax error with the stable code', async () => {
        const report = await reportFor(fixture('syntax.nn'));
        expect(report.diagnostics).toStrictEqual([{ severity: 'error', code: 'syntax', message: expect.stringMatching(/^Syntax error/), line: 4, column: 1 }]);
    });

    it('gives one element per file argument, in order, even for a repeated file', async () => {
        const files = [example('xor.nn'), fixture('errors.nn'), example('xor.nn')];
        const io = capture();
        expect(await runCheck(['--json', ...files], io)).toBe(1);
        const parsed = JSON.parse(io.stdout) as { file: string }[];
        expect(parsed.map(r => r.file)).toEqual(files);
        expect(io.stderr).toBe('');
    });

    it('counts non-trainable parameters apart', async () => {
        const [model] = (await reportFor(fixture('normalized.nn'))).models;
        expect(model).toMatchObject({ params: 54202, trainable: 54186 });
    });
});

describe('nn check, human output', () => {
    it('prints file:line:col: severity code message, then a summary', async () => {
        const file = fixture('errors.nn');
        const io = capture();
        expect(await runCheck([file], io)).toBe(1);
        const lines = io.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(6);
        expect(lines[0].startsWith(`${file}:4:5: error shape-mismatch Conv2D `)).toBe(true);
        expect(lines[3]).toBe(`${file}:23:5: error unknown-layer Unknown layer 'Dens'. Did you mean 'Dense'?`);
        for (const line of lines.slice(0, 5)) expect(line).toMatch(/^.+:\d+:\d+: (error|warning|info|hint) [a-z-]+ .+$/);
        expect(lines[5]).toBe('checked 1 file: 4 errors, 1 warning');
    });

    it('says so when there is nothing to report', async () => {
        const io = capture();
        expect(await runCheck([example('xor.nn'), example('mnist-mlp.nn')], io)).toBe(0);
        expect(io.stdout).toBe('checked 2 files: no problems\n');
    });

    it('refuses unreadable files without printing a partial report', async () => {
        const io = capture();
        expect(await runCheck(['--json', example('xor.nn'), 'no/such/file.nn', 'package.json'], io)).toBe(2);
        expect(io.stdout).toBe('');
        expect(io.stderr).toBe("nn: cannot read 'no/such/file.nn': no such file\nnn: cannot check 'package.json': not a .nn file\n");
    });

    it('needs at least one file', async () => {
        await expect(runCheck(['--json'], capture())).rejects.toThrow(UsageError);
    });
});

describe('nn summary', () => {
    it('prints the Keras table of the seed MLP', async () => {
        const io = capture();
        expect(await runSummary([example('mnist-mlp.nn')], io)).toBe(0);
        expect(io.stdout).toBe([
            'Model: "MnistMlp"',
            '_'.repeat(79),
            'Layer (type)                 Output Shape              Param #   MACs',
            '='.repeat(79),
            'dense (Dense)                (None, 512)               401920    401408',
            '_'.repeat(79),
            'dropout (Dropout)            (None, 512)               0         0',
            '_'.repeat(79),
            'dense_1 (Dense)              (None, 512)               262656    262144',
            '_'.repeat(79),
            'dropout_1 (Dropout)          (None, 512)               0         0',
            '_'.repeat(79),
            'dense_2 (Dense)              (None, 10)                5130      5120',
            '='.repeat(79),
            'Total params: 669,706',
            'Trainable params: 669,706',
            'Non-trainable params: 0',
            // The seed MLP's forward pass, by hand: 784·512 + 512·512 + 512·10.
            'Forward MACs per sample: 668,672 (1.34 MFLOPs)',
            'Activations per sample: 11 KB',
            'Weights: 2.6 MB',
            '_'.repeat(79),
            ''
        ].join('\n'));
    });

    it('prints every model of a file, or the one asked for', async () => {
        const all = capture();
        expect(await runSummary([example('sequence.nn')], all)).toBe(0);
        expect(all.stdout.match(/^Model: "(\w+)"$/gm)).toEqual(['Model: "SequenceClassifier"', 'Model: "TextEncoder"', 'Model: "Gated"']);
        const one = capture();
        expect(await runSummary([example('sequence.nn'), '--model', 'Gated'], one)).toBe(0);
        expect(one.stdout.match(/^Model: .*$/gm)).toEqual(['Model: "Gated"']);
        expect(one.stdout).toContain('gate (Dense)'); // a label names its layer
    });

    it('widens a column rather than cutting a long name', async () => {
        const { checked } = await checkFiles([example('tiny-residual.nn')]);
        const table = formatSummary(checked[0].analysis.models[0]);
        expect(table).toContain('global_average_pooling2d (GlobalAveragePooling2D) (None, 16)');
        expect(table).toContain('Total params: 4,970');
    });

    it('counts the seed CNN’s forward multiply-accumulates as by hand', async () => {
        const io = capture();
        expect(await runSummary([example('mnist-cnn.nn')], io)).toBe(0);
        // Conv2D 26·26 positions × 3·3·1 patch × 32 filters; Conv2D 24·24 × 3·3·32 × 64; pooling, dropout
        // and flatten multiply nothing; Dense 9216·128; Dense 128·10.
        const conv1 = 26 * 26 * 9 * 32, conv2 = 24 * 24 * 9 * 32 * 64, dense1 = 9216 * 128, dense2 = 128 * 10;
        expect([conv1, conv2, dense1, dense2].map(n => io.stdout.includes(` ${n}\n`))).toEqual([true, true, true, true]);
        expect(conv1 + conv2 + dense1 + dense2).toBe(11_992_448);
        expect(io.stdout).toContain('Forward MACs per sample: 11,992,448 (24 MFLOPs)\n');
        // Weights: 1,199,882 float32 parameters.
        expect(io.stdout).toContain(`Weights: 4.6 MB\n`);
    });

    it('shows non-trainable parameters', async () => {
        const io = capture();
        expect(await runSummary([fixture('normalized.nn')], io)).toBe(0);
        // BatchNormalization: one multiply-add per output element (26·26·8).
        expect(io.stdout).toContain('batch_normalization (BatchNormalization) (None, 26, 26, 8)         32        5408\n');
        expect(io.stdout).toContain('Trainable params: 54,186\nNon-trainable params: 16\n');
    });

    it('prints the diagnostics instead of a table when the file has errors', async () => {
        const file = fixture('errors.nn');
        const io = capture();
        expect(await runSummary([file], io)).toBe(1);
        expect(io.stdout).toBe('');
        expect(io.stderr).toContain(`${file}:4:5: error shape-mismatch `);
        expect(io.stderr).toContain('has 4 errors, 1 warning');
    });

    it('names the models when --model matches none', async () => {
        const io = capture();
        expect(await runSummary([example('sequence.nn'), '--model', 'Nope'], io)).toBe(2);
        expect(io.stderr).toBe(`nn summary: no model 'Nope' in ${example('sequence.nn')} (models: SequenceClassifier, TextEncoder, Gated)\n`);
    });
});

describe('helpers', () => {
    it('names layers the way Keras does', () => {
        expect(['Dense', 'Conv2D', 'MaxPooling2D', 'GlobalAveragePooling1D', 'BatchNormalization', 'LeakyReLU', 'SimpleRNN', 'LSTM'].map(snakeCase))
            .toEqual(['dense', 'conv2d', 'max_pooling2d', 'global_average_pooling1d', 'batch_normalization', 'leaky_re_lu', 'simple_rnn', 'lstm']);
    });

    it('shows the batch axis as None', () => {
        expect(batchShape([28, 28, 1])).toBe('(None, 28, 28, 1)');
        expect(batchShape([10])).toBe('(None, 10)');
    });

    it('parses options strictly', () => {
        const spec = { json: { type: 'boolean' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
        expect(parseArgs(['a.nn', '--model=M', '-h', '--', '--json'], spec)).toEqual({ options: { model: 'M', help: true }, positionals: ['a.nn', '--json'] });
        expect(parseArgs(['--model', 'M', 'b.nn'], spec).options.model).toBe('M');
        expect(() => parseArgs(['--jsn'], spec)).toThrow("unknown option '--jsn'");
        expect(() => parseArgs(['-x'], spec)).toThrow("unknown option '-x'");
        expect(() => parseArgs(['--model'], spec)).toThrow("option '--model' needs a value");
        expect(() => parseArgs(['--json=yes'], spec)).toThrow("option '--json' takes no value");
    });
});
