// The built CLI (packages/cli/out/nn.mjs via bin/nn.js) as a child process: exit codes, streams,
// and that the bundle runs on plain Node 20 (no polyfill flag, no TypeScript loader).
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { runNn } from './run-nn.js';

beforeAll(async () => {
    await build({ only: ['cli'], log: () => {} });
});

describe('nn (built, child process)', () => {
    it('checks every example cleanly: exit 0', async () => {
        const { readdirSync } = await import('node:fs');
        const files = readdirSync('examples').filter(f => f.endsWith('.nn')).map(f => `examples/${f}`);
        const result = await runNn(['check', ...files]);
        expect(result).toEqual({ code: 0, stdout: `checked ${files.length} files: no problems\n`, stderr: '' });
    });

    it('prints the --json contract and exits 1 on errors', async () => {
        const result = await runNn(['check', '--json', 'examples/xor.nn', 'packages/cli/test/fixtures/errors.nn']);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        const reports = JSON.parse(result.stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
        expect(reports.map(r => r.file)).toEqual(['examples/xor.nn', 'packages/cli/test/fixtures/errors.nn']);
        expect(reports[0].diagnostics).toEqual([]);
        expect(reports[1].diagnostics.map(d => `${d.line}:${d.column} ${d.code}`))
            .toEqual(['4:5 shape-mismatch', '11:11 bad-argument', '17:5 linear-collapse', '23:5 unknown-layer', '28:11 data-mismatch']);
    });

    it('exits 2 with a one-line message for an unreadable file', async () => {
        const result = await runNn(['check', 'examples/missing.nn']);
        expect(result).toEqual({ code: 2, stdout: '', stderr: "nn: cannot read 'examples/missing.nn': no such file\n" });
    });

    it('exits 2 with usage on stderr for bad usage', async () => {
        for (const args of [[], ['frobnicate'], ['--frob'], ['check'], ['check', '--jsn', 'examples/xor.nn'], ['summary', 'examples/xor.nn', '--model']]) {
            const result = await runNn(args);
            expect(result.code, `nn ${args.join(' ')}`).toBe(2);
            expect(result.stdout).toBe('');
            expect(result.stderr).toMatch(/^nn: .+\n\nusage: |^nn: .+\n\nnn \d/);
            expect(result.stderr).not.toMatch(/^\s+at /m);
        }
    });

    it('prints the summary of the seed MLP', async () => {
        const result = await runNn(['summary', 'examples/mnist-mlp.nn']);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('dense (Dense)                (None, 512)               401920    401408\n');
        expect(result.stdout).toContain('Total params: 669,706\n');
    });

    it('answers --help, <command> --help and --version', async () => {
        const help = await runNn(['--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/nn check \[--json\] FILE\.\.\./);
        const checkHelp = await runNn(['check', '--help']);
        expect(checkHelp.code).toBe(0);
        expect(checkHelp.stdout).toMatch(/^usage: nn check/);
        const version = await runNn(['--version']);
        expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    });

    it('documents train and its options', async () => {
        const result = await runNn(['train', '--help']);
        expect(result.code).toBe(0);
        for (const option of ['--train', '--epochs', '--backend', '--out', '--json']) expect(result.stdout).toContain(option);
    });
});
