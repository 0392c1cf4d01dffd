/**
 * The data the host hands the webview: a CSV file's text (the page cannot read the user's files)
 * and Fashion-MNIST's files (a Debian package outside the extension). Everything else the page
 * generates or fetches from out/data itself.
 */
import { DATA_SETS } from '@nn-lang/language/catalogue';
import type { TrainingDescription } from '@nn-lang/language';
import type { DataPayload } from '@nn-lang/webview';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const FASHION = DATA_SETS.fashion_mnist.install;
/** Where Debian's dataset-fashion-mnist puts its files (the catalogue's fact, which the trainer's Node loader reads too). */
export const FASHION_MNIST_DIR = FASHION.dir;
/** A CSV travels to the page as one string through postMessage: keep it reasonable. */
export const MAX_CSV_BYTES_FOR_VIEW = 256 * 1024 * 1024;

/** A data problem with a place: the file (the CSV, or the .nn file) and a 1-based line. */
export class PayloadError extends Error {
    constructor(
        message: string,
        readonly file: string,
        readonly line?: number
    ) {
        super(message);
    }
}

function describeReadError(e: unknown): string {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'file not found';
    if (code === 'EISDIR') return 'this is a folder, not a file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return (e as Error).message;
}

async function readBuffer(file: string): Promise<ArrayBuffer> {
    const bytes = await readFile(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function dataPayload(desc: TrainingDescription): Promise<DataPayload> {
    const data = desc.data;
    if (data.kind === 'csv') {
        const info = await stat(data.path).catch(e => {
            throw new PayloadError(`${data.path}: ${describeReadError(e)} (csv("…") paths are relative to the .nn file)`, desc.file, desc.line);
        });
        if (!info.isFile()) throw new PayloadError(`${data.path}: this is a folder, not a file`, desc.file, desc.line);
        if (info.size > MAX_CSV_BYTES_FOR_VIEW) {
            throw new PayloadError(`${data.path}: ${Math.round(info.size / 2 ** 20)} MB is too big to train in the editor (at most ${MAX_CSV_BYTES_FOR_VIEW / 2 ** 20} MB); use the CLI: nn train`, desc.file, desc.line);
        }
        const text = await readFile(data.path, 'utf8').catch(e => {
            throw new PayloadError(`${data.path}: ${describeReadError(e)}`, desc.file, desc.line);
        });
        return { kind: 'csv-text', file: data.path, text };
    }
    if (data.kind === 'fashion_mnist') {
        const file = (stem: string) => path.join(FASHION_MNIST_DIR, `${stem}-ubyte.gz`);
        try {
            const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
                ['train-images-idx3', 'train-labels-idx1', 't10k-images-idx3', 't10k-labels-idx1'].map(stem => readBuffer(file(stem)))
            );
            return { kind: 'idx-gz', dir: FASHION_MNIST_DIR, trainImages, trainLabels, testImages, testLabels };
        } catch (e) {
            throw new PayloadError(
                `Fashion-MNIST is not bundled: install it with \`sudo apt-get install ${FASHION.debianPackage}\` (files in ${FASHION_MNIST_DIR}); ${describeReadError(e)}`,
                desc.file,
                desc.line
            );
        }
    }
    return { kind: 'builtin' };
}
