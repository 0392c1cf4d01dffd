/**
 * Where `nn train` saves, and what a bad output folder or a Ctrl-C during saving does: a bad
 * folder is refused before training starts; a run folder is always complete or absent.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../scripts/build.mjs';
import { launcher, repoRoot, runNn } from './run-nn.js';

let scratch: string;

beforeAll(async () => {
    await build({ only: ['cli'], log: () => undefined });
    scratch = mkdtempSync(path.join(tmpdir(), 'nn-train-out-'));
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('nn train --out', () => {
    it('refuses a folder it could not save into before training starts, with the reason', async () => {
        const file = path.join(scratch, 'a-file');
        writeFileSync(file, 'x');
        const cases: [string, RegExp][] = [
            [file, /it is a file, not a folder/],
            [path.join(file, 'runs'), /'.*a-file' is a file, not a folder/],
            ['/proc/self', /the folder does not accept new files/],
            ['/proc/nn-no-such/runs', /the folder does not accept new files \(in '\/proc'\)/],
            ['/sys/kernel', /permission denied/]
        ];
        for (const [out, reason] of cases) {
            const { code, stdout, stderr } = await runNn(['train', 'examples/xor.nn', '--out', out]);
            expect(code, `${out}: ${stderr}`).toBe(2);
            expect(stderr).toMatch(new RegExp(`^nn train: --out: cannot write runs into '${out.replace(/[/.]/g, '\\$&')}': ${reason.source}\\n$`));
            // Refused before anything ran: no backend chosen, no data loaded, no epoch.
            expect(stderr).not.toMatch(/backend:|data:|epoch/);
            expect(stdout).toBe('');
        }
    }, 120_000);
});

/** Starts `nn train`, resolves with its exit once it ends; `onStderr` sees the output as it comes. */
function startTrain(args: string[], onStderr: (text: string, signal: (s: NodeJS.Signals) => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [launcher, 'train', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stdout.resume();
        child.stderr.setEncoding('utf8').on('data', chunk => {
            stderr += chunk;
            onStderr(stderr, s => child.kill(s));
        });
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
}

describe('nn train and Ctrl-C', () => {
    it('a second Ctrl-C while the run folder is written quits after it is complete: never a partial folder', async () => {
        let hits = 0;
        for (let attempt = 0; attempt < 3; attempt++) {
            const out = path.join(scratch, `sigint-${attempt}`);
            mkdirSync(out);
            let stopped = false;
            let sent = false;
            // The writer's first act in `out` is its hidden temporary folder: the second Ctrl-C goes then.
            const watcher = watch(out, () => {
                if (stopped && !sent) {
                    sent = true;
                    send?.('SIGINT');
                }
            });
            let send: ((s: NodeJS.Signals) => void) | undefined;
            const result = await startTrain(['examples/xor.nn', '--epochs', '100000', '--out', out], (text, signal) => {
                send = signal;
                if (!stopped && /epoch 1\/100000/.test(text)) {
                    stopped = true;
                    signal('SIGINT');
                }
            });
            watcher.close();
            const entries = readdirSync(out);
            // Whatever the timing: one complete run folder, nothing hidden or half-written.
            expect(entries, result.stderr).toHaveLength(1);
            expect(readdirSync(path.join(out, entries[0])).sort()).toEqual(['metrics.json', 'model.json', 'weights.bin']);
            if (/nn quits as soon as it is complete/.test(result.stderr)) {
                hits++;
                expect(result.code).toBe(130);
            } else {
                // The save finished before the signal arrived: the process had ended or ends normally.
                expect([0, 130, null]).toContain(result.code);
            }
        }
        console.log(`second Ctrl-C landed during saving in ${hits} of 3 runs`);
    }, 180_000);
});
