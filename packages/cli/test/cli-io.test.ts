// The CLI against hostile input and output (issue 9): data paths kept inside the folder, pipes
// and devices never read, stdin as `-`, and output that cannot be written ending in one line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { launcher, type NnResult } from './run-nn.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nn-cli-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
    await build({ only: ['cli'], log: () => {} });
});

/** `nn ...args` in `dir`, with `input` on stdin and stdout sent to `stdout` (a file descriptor) when given. */
function nn(args: string[], options: { input?: string; stdout?: number } = {}): Promise<NnResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [launcher, ...args], { cwd: dir, stdio: ['pipe', options.stdout ?? 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', chunk => { stdout += chunk; });
        child.stderr!.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout, stderr }));
        child.stdin!.end(options.input ?? '');
    });
}

const withData = (data: string) => `model M {\n    input [1]\n    Dense(2, activation=softmax)\n}\ntrain M {\n    data = ${data}\n    loss = categorical_crossentropy\n}\n`;

describe('data paths in nn check', () => {
    it('a csv outside the file’s folder is an error at the path; --root widens the folder', async () => {
        writeFileSync(path.join(dir, 'etc.nn'), withData('csv("/etc/passwd", label="y")'));
        const result = await nn(['check', 'etc.nn']);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^etc\.nn:6:16: error data-file Cannot use this data file: this file is outside the workspace folder .*; data files must be inside it\.\n/);
        expect(result.stdout).not.toMatch(/root:/);
        expect((await nn(['check', '--root', '/etc', 'etc.nn'])).stdout).not.toMatch(/data-file/);
    });

    it('a missing file, a pipe and a device are errors too, and nothing hangs', async () => {
        execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
        writeFileSync(path.join(dir, 'pipe.nn'), withData('csv("pipe.csv", label="y")'));
        writeFileSync(path.join(dir, 'zero.nn'), withData('csv("/dev/zero", label="y")'));
        writeFileSync(path.join(dir, 'missing.nn'), withData('csv("nope.csv", label="y")'));
        const result = await nn(['check', '--root', '/', 'pipe.nn', 'zero.nn', 'missing.nn']);
        expect(result.code).toBe(1);
        expect(result.stdout.split('\n').filter(l => l.includes('data-file')).map(l => l.replace(/ Cannot use this data file: /, ' '))).toEqual([
            'pipe.nn:6:16: error data-file this is not a regular file (a device, pipe or socket); only regular files are read as data.',
            'zero.nn:6:16: error data-file this is not a regular file (a device, pipe or socket); only regular files are read as data.',
            'missing.nn:6:16: error data-file file not found.'
        ]);
    });

    it('nn train refuses the file before reading it', async () => {
        const result = await nn(['train', 'etc.nn']);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/data-file/);
        expect(result.stderr).not.toMatch(/root:|^\s+at /m);
    });
});

describe('checks that used to come after training', () => {
    it('a 2-row CSV without a validation setting: nn check says it, at the path', async () => {
        writeFileSync(path.join(dir, 'two.csv'), 'a,y\n1,0\n2,1\n');
        writeFileSync(path.join(dir, 'five.csv'), 'a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n');
        writeFileSync(path.join(dir, 'two.nn'), withData('csv("two.csv", label="y")'));
        writeFileSync(path.join(dir, 'five.nn'), withData('csv("five.csv", label="y")'));
        writeFileSync(path.join(dir, 'five-half.nn'), withData('csv("five.csv", label="y")').replace('loss', 'validation = 0.1\n    loss'));
        const result = await nn(['check', 'two.nn', 'five.nn', 'five-half.nn']);
        expect(result.code).toBe(1);
        expect(result.stdout.split('\n').filter(l => l.includes('data-split'))).toEqual([
            'two.nn:6:16: error data-split This CSV has 2 data rows: the 20% test split gets none, and training ends by measuring the test split. Add rows (at least 3).'
        ]);
    });
});

describe('what the CLI reads and writes', () => {
    it('nn check on a named pipe ends at once with a one-line message', async () => {
        execFileSync('mkfifo', [path.join(dir, 'model.nn')]);
        const result = await nn(['check', 'model.nn']);
        expect(result).toEqual({ code: 2, stdout: '', stderr: "nn: cannot read 'model.nn': not a regular file (a pipe or device); to check a stream, pipe it into 'nn check -'\n" });
    });

    it('nn check - reads stdin', async () => {
        const ok = await nn(['check', '-'], { input: 'model M {\n    input [2]\n    Dense(1)\n}\n' });
        expect(ok).toEqual({ code: 0, stdout: 'checked 1 file: no problems\n', stderr: '' });
        const bad = await nn(['check', '--json', '-'], { input: 'model M {\n    input [2]\n    Dense(0)\n}\n' });
        expect(bad.code).toBe(1);
        expect(JSON.parse(bad.stdout)[0]).toMatchObject({ file: '<stdin>', diagnostics: [{ code: 'bad-argument', line: 3 }] });
    });

    it('output that cannot be written ends with one line, no stack trace', async () => {
        const full = openSync('/dev/full', 'w');
        try {
            writeFileSync(path.join(dir, 'ok.nn'), 'model M {\n    input [2]\n    Dense(1)\n}\n');
            for (const args of [['check', 'ok.nn'], ['summary', 'ok.nn'], ['--help']]) {
                const result = await nn(args, { stdout: full });
                expect(result.code, args.join(' ')).toBe(2);
                expect(result.stderr).toBe('nn: cannot write the output: no space left on the device\n');
            }
        } finally {
            closeSync(full);
        }
    });
});
