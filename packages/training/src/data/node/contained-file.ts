/**
 * The one gate every user-named data file (`csv("...")`) passes, in the editor, `nn check`,
 * `nn train` and the training view alike: the path must stay inside the workspace folder after
 * links are resolved, name a regular file (no device, pipe, socket or folder), and fit a size cap.
 * A `.nn` file is text anyone can hand you; it must not read /etc/shadow, /dev/zero or a FIFO.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../errors.js';

/** Larger files would not fit comfortably as a JS string plus float copies. */
export const MAX_DATA_FILE_BYTES = 512 * 1024 * 1024;

/** Where a data file was found: its real path (links resolved) and its size in bytes. */
export interface ContainedFile {
    real: string;
    size: number;
    mtimeMs: number;
}

function readFailure(error: unknown): string {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ELOOP') return 'too many levels of links';
    return `cannot read: ${(error as Error).message}`;
}

/** True when `inner` is `outer` or lies below it (both absolute, links already resolved). */
export function isWithin(outer: string, inner: string): boolean {
    const rel = path.relative(outer, inner);
    return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Why `file` may not be read as data, or its real path and size. `root` is the workspace folder
 * (the CLI: the .nn file's folder, or --root). Only metadata is read; nothing is opened.
 */
export async function inspectDataFile(file: string, root: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<ContainedFile | { problem: string }> {
    const realRoot = await realpath(root).catch(() => path.resolve(root));
    let real: string;
    try {
        real = await realpath(file);
    } catch (error) {
        return { problem: readFailure(error) };
    }
    if (!isWithin(realRoot, real)) {
        const link = real !== path.resolve(file) ? ' (through a link)' : '';
        return { problem: `this file is outside the workspace folder ${realRoot}${link}; data files must be inside it` };
    }
    let info;
    try {
        info = await stat(real);
    } catch (error) {
        return { problem: readFailure(error) };
    }
    if (info.isDirectory()) return { problem: 'this is a folder, not a file' };
    if (!info.isFile()) return { problem: 'this is not a regular file (a device, pipe or socket); only regular files are read as data' };
    if (info.size > maxBytes) return { problem: tooBig(info.size, maxBytes) };
    return { real, size: info.size, mtimeMs: info.mtimeMs };
}

function tooBig(size: number, maxBytes: number): string {
    return `the file is ${Math.round(size / 2 ** 20)} MB; at most ${Math.round(maxBytes / 2 ** 20)} MB of data can be read`;
}

/**
 * The bytes of a data file that passes inspectDataFile, or a DataError naming `file`. The file is
 * opened without following links and without blocking (a FIFO swapped in after the check cannot
 * hang the read), then checked again on the open descriptor, and read up to its size only.
 */
export async function readContainedFile(file: string, root: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<Buffer> {
    const found = await inspectDataFile(file, root, maxBytes);
    if ('problem' in found) throw new DataError(found.problem === 'file not found' ? 'missing-file' : 'not-allowed', found.problem, { file });
    let handle;
    try {
        handle = await open(found.real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
        throw new DataError('missing-file', readFailure(error), { file });
    }
    try {
        const info = await handle.stat();
        if (!info.isFile()) throw new DataError('not-allowed', 'this is not a regular file; only regular files are read as data', { file });
        if (info.size > maxBytes) throw new DataError('not-allowed', tooBig(info.size, maxBytes), { file });
        // Read what fstat promised and no more: a file growing under us cannot grow the read.
        const bytes = Buffer.alloc(info.size);
        let filled = 0;
        while (filled < bytes.length) {
            const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
            if (bytesRead === 0) break;
            filled += bytesRead;
        }
        return filled === bytes.length ? bytes : bytes.subarray(0, filled);
    } finally {
        await handle.close();
    }
}

/** The folder data paths of `nnFile` must stay in: the innermost workspace folder holding it, else its own folder. */
export function dataRootOf(nnFile: string, workspaceFolders: readonly string[] = []): string {
    const holding = workspaceFolders.filter(folder => isWithin(path.resolve(folder), path.resolve(nnFile)));
    holding.sort((a, b) => b.length - a.length);
    return holding[0] ?? path.dirname(path.resolve(nnFile));
}
