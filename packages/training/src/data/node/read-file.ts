import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.js';

/** The file's bytes, or a DataError naming the file and what is wrong with it. */
export async function readDataFile(path: string, missingHint = ''): Promise<Buffer> {
    try {
        return await readFile(path);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new DataError('missing-file', `file not found${missingHint ? `; ${missingHint}` : ''}`, { file: path });
        if (code === 'EISDIR') throw new DataError('missing-file', 'this is a folder, not a file', { file: path });
        if (code === 'EACCES' || code === 'EPERM') throw new DataError('missing-file', 'permission denied', { file: path });
        throw new DataError('missing-file', `cannot read: ${(error as Error).message}`, { file: path });
    }
}

/** Where this module lives, or undefined in a CommonJS bundle where import.meta is empty. */
export function moduleUrl(): string | undefined {
    return typeof import.meta.url === 'string' && import.meta.url !== '' ? import.meta.url : undefined;
}
