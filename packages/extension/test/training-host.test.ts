/**
 * The host side of training that runs without VS Code: data payloads, messages. (The run folder
 * is the training package's writer: packages/training/test/runs-folder.test.ts.)
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPayload, PayloadError } from '../src/training/data-payload.js';
import { blockAt, formatProgress, refusal } from '../src/training/messages.js';

describe('data payload', () => {
    const desc = (data: object) => ({ file: '/w/a.nn', line: 12, data }) as never;
    it('sends a CSV file as text', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'nn-csv-'));
        const file = path.join(dir, 'd.csv');
        writeFileSync(file, 'a,b\n1,2\n');
        expect(await dataPayload(desc({ kind: 'csv', path: file, label: 'b' }), dir)).toEqual({ kind: 'csv-text', file, text: 'a,b\n1,2\n' });
    });
    it('reads no CSV outside the workspace folder, through a link, or that is not a regular file', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'nn-csv-'));
        symlinkSync('/etc/passwd', path.join(dir, 'p.csv'));
        for (const [file, says] of [['/etc/passwd', /outside the workspace folder/], [path.join(dir, 'p.csv'), /outside the workspace folder .*link/], ['/dev/zero', /not a regular file/]] as const) {
            const error = await dataPayload(desc({ kind: 'csv', path: file, label: 'b' }), file === '/dev/zero' ? '/dev' : dir).catch(e => e);
            expect(error).toBeInstanceOf(PayloadError);
            expect(error).toMatchObject({ file: '/w/a.nn', line: 12 });
            expect(error.message).toMatch(says);
            expect(error.message).not.toMatch(/root:/);
        }
    });
    it('a missing CSV is an error at the train block', async () => {
        const error = await dataPayload(desc({ kind: 'csv', path: '/nowhere/d.csv', label: 'b' })).catch(e => e);
        expect(error).toBeInstanceOf(PayloadError);
        expect(error).toMatchObject({ file: '/w/a.nn', line: 12 });
        expect(error.message).toMatch(/\/nowhere\/d.csv: file not found/);
    });
    it('everything else is the page’s business', async () => {
        expect(await dataPayload(desc({ kind: 'mnist' }))).toEqual({ kind: 'builtin' });
        expect(await dataPayload(desc({ kind: 'xor', n: 10, noise: 0 }))).toEqual({ kind: 'builtin' });
    });
});

describe('command messages', () => {
    it('names the errors when refusing', () => {
        const errors = [1, 2, 3, 4].map(line => ({ line, column: 1, message: `bad ${line}` }));
        expect(refusal('train', 'xor.nn', errors.slice(0, 1))).toBe('Cannot train: xor.nn has 1 error — line 1: bad 1. Fix them first (see Problems).');
        expect(refusal('train', 'xor.nn', errors)).toBe('Cannot train: xor.nn has 4 errors — line 1: bad 1; line 2: bad 2; line 3: bad 3; and 1 more. Fix them first (see Problems).');
    });
    it('finds the block under the cursor', () => {
        const blocks = [
            { model: 'A', line: 10, endLine: 18, errors: [] },
            { model: 'B', line: 30, endLine: 35, errors: [] }
        ];
        expect(blockAt(blocks, 12)?.model).toBe('A');
        expect(blockAt(blocks, 35)?.model).toBe('B');
        expect(blockAt(blocks, 20)).toBeUndefined();
    });
    it('formats progress for the notification', () => {
        expect(formatProgress({ epoch: 3, epochs: 60, loss: 0.23123, metrics: { accuracy: 0.912 }, samplesPerSec: 1234.4, eta: 12.2 }, 'accuracy')).toBe(
            'epoch 3/60 · loss 0.2312 · accuracy 91.20% · 1,234 samples/s · 13 s left'
        );
        expect(formatProgress({ epoch: 1, epochs: 2, loss: 1, metrics: { mae: 0.5 }, samplesPerSec: 10, eta: 600 }, 'mae')).toBe('epoch 1/2 · loss 1.0000 · mae 0.5000 · 10 samples/s · 10 min left');
    });
});
