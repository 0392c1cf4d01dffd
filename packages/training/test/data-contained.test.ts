/**
 * The workspace boundary for data files (issue 9): a csv path must stay inside its root after
 * links are resolved, be a regular file and fit the cap; nothing else is opened, nothing hangs,
 * and messages quote at most a cut cell of the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, inspectDataFile, loadDataset, readContainedFile } from '../src/index.js';

const base = mkdtempSync(join(tmpdir(), 'nn-contained-'));
const root = join(base, 'workspace');
const outside = join(base, 'elsewhere');
mkdirSync(join(root, 'data'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'data', 'ok.csv'), 'a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n');
writeFileSync(join(outside, 'secret.csv'), 'a,y\n1,0\n');
symlinkSync(join(outside, 'secret.csv'), join(root, 'data', 'link.csv'));
symlinkSync(outside, join(root, 'escape'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const problemOf = async (file: string, maxBytes?: number) => {
    const found = await inspectDataFile(file, root, maxBytes);
    return 'problem' in found ? found.problem : undefined;
};

describe('inspectDataFile', () => {
    it('accepts a regular file inside the root, also through a link that stays inside', async () => {
        expect(await problemOf(join(root, 'data', 'ok.csv'))).toBeUndefined();
        symlinkSync(join(root, 'data', 'ok.csv'), join(root, 'inside-link.csv'));
        expect(await problemOf(join(root, 'inside-link.csv'))).toBeUndefined();
        expect(await problemOf(join(root, 'data', '..', 'data', 'ok.csv'))).toBeUndefined();
    });

    it('refuses ../, absolute paths and links that leave the root', async () => {
        expect(await problemOf(join(root, '..', 'elsewhere', 'secret.csv'))).toMatch(/outside the workspace folder/);
        expect(await problemOf('/etc/passwd')).toMatch(/outside the workspace folder/);
        expect(await problemOf('/proc/self/environ')).toMatch(/outside the workspace folder/);
        expect(await problemOf(join(root, 'data', 'link.csv'))).toMatch(/outside the workspace folder .*through a link/);
        expect(await problemOf(join(root, 'escape', 'secret.csv'))).toMatch(/outside the workspace folder/);
    });

    it('refuses devices, pipes and folders, and files over the cap', async () => {
        expect(await inspectDataFile('/dev/zero', '/dev')).toEqual({ problem: expect.stringMatching(/not a regular file/) });
        const fifo = join(root, 'pipe.csv');
        execFileSync('mkfifo', [fifo]);
        expect(await problemOf(fifo)).toMatch(/not a regular file/);
        expect(await problemOf(join(root, 'data'))).toBe('this is a folder, not a file');
        expect(await problemOf(join(root, 'data', 'ok.csv'), 10)).toMatch(/at most 0 MB/);
        expect(await problemOf(join(root, 'nope.csv'))).toBe('file not found');
    });
});

describe('reading a data file', () => {
    it('reads what passes and throws a DataError naming the file for what does not', async () => {
        expect((await readContainedFile(join(root, 'data', 'ok.csv'), root)).toString()).toMatch(/^a,y\n/);
        const error = await readContainedFile(join(root, 'data', 'link.csv'), root).catch(e => e);
        expect(error).toBeInstanceOf(DataError);
        expect(error).toMatchObject({ code: 'not-allowed', file: join(root, 'data', 'link.csv') });
    });

    it('a named pipe and /dev/zero end at once, without reading', async () => {
        const fifo = join(root, 'pipe2.csv');
        execFileSync('mkfifo', [fifo]);
        // Nobody writes to the pipe: a plain read would wait forever.
        await expect(loadDataset({ kind: 'csv', path: fifo, label: 'y' }, { root })).rejects.toThrow(/not a regular file/);
        await expect(loadDataset({ kind: 'csv', path: '/dev/zero', label: 'y' }, { root: '/dev' })).rejects.toThrow(/not a regular file/);
    });

    it('the csv loader keeps to the root (the CSV’s own folder when none is given)', async () => {
        await expect(loadDataset({ kind: 'csv', path: join(root, 'data', 'link.csv'), label: 'y' }, { root })).rejects.toThrow(/outside the workspace folder/);
        await expect(loadDataset({ kind: 'csv', path: join(root, 'data', 'link.csv'), label: 'y' })).rejects.toThrow(/outside the workspace folder/);
        const d = await loadDataset({ kind: 'csv', path: join(root, 'data', 'ok.csv'), label: 'y' }, { root });
        expect(d.train.count + d.test!.count).toBe(5);
    });
});

describe('messages quote a cut cell, never the file', () => {
    const secret = `root:${'x'.repeat(300)}:0:0:root:/root:/bin/bash`;
    it('an unknown label column lists cut column names', async () => {
        const file = join(root, 'shadow.csv');
        writeFileSync(file, `${secret}\n${secret}\n`);
        const error = await loadDataset({ kind: 'csv', path: file, label: 'y' }, { root }).catch((e: unknown) => e as Error) as Error;
        expect(error.message).toMatch(/no column "y"/);
        expect(error.message).not.toContain('x'.repeat(50));
        expect(error.message.length).toBeLessThan(file.length + 320);
    });

    it('a bad cell is cut, and so is the whole message', async () => {
        const file = join(root, 'cells.csv');
        writeFileSync(file, `a,y\n${'9'.repeat(10)}z${'q'.repeat(500)},1\n`);
        const error = await loadDataset({ kind: 'csv', path: file, label: 'y' }, { root }).catch((e: unknown) => e as Error) as Error;
        expect(error.message).toMatch(/is not a number/);
        expect(error.message).not.toContain('q'.repeat(50));
        const many = Array.from({ length: 200 }, (_, i) => `column_${i}`).join(',');
        writeFileSync(file, `${many}\n${many}\n`);
        const wide = await loadDataset({ kind: 'csv', path: file, label: 'y' }, { root }).catch((e: unknown) => e as Error) as Error;
        expect(wide.message).toMatch(/and 188 more/);
        expect(wide.message).not.toContain('column_150');
    });
});
