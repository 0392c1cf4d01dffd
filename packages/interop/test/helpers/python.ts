/** The Python the verification tests need (Debian's python3-torch, installed by scripts/setup-python.sh). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTorchPython, runPython, type PythonInfo } from '../../src/node/python.js';

export async function requireTorchPython(): Promise<PythonInfo> {
    const found = await findTorchPython();
    if (!found) {
        throw new Error('these tests need Python with PyTorch and numpy: run `bash scripts/setup-python.sh` (installs Debian\'s python3-torch), or set NN_PYTHON');
    }
    return found;
}

export interface ScriptJob {
    script: string;
    check?: boolean;
    weights?: string;
    input?: string;
    input_shape?: number[];
    output?: string;
}

export interface ScriptResult {
    script: string;
    check?: string;
    shape?: number[];
    error?: string;
}

const DRIVER = fileURLToPath(new URL('../fixtures/run_scripts.py', import.meta.url));

/** Runs the jobs in one Python process (see fixtures/run_scripts.py). */
export async function runScripts(python: PythonInfo, jobs: ScriptJob[]): Promise<ScriptResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'nn-jobs-'));
    const jobsFile = join(dir, 'jobs.json');
    const resultsFile = join(dir, 'results.json');
    writeFileSync(jobsFile, JSON.stringify(jobs));
    const r = await runPython(python.executable, [DRIVER, jobsFile, resultsFile]);
    if (r.code !== 0) throw new Error(`the script driver failed (exit ${r.code}):\n${r.stderr}`);
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as ScriptResult[];
}

export function writeFloat32(path: string, data: Float32Array): void {
    writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export function readFloat32(path: string): Float32Array {
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
