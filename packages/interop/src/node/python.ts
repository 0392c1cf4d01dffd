/**
 * Finding a Python that has PyTorch (optional for users: exports work without it; `nn export`
 * then only says how to run the script). Debian's /usr/bin/python3 comes first: the python on
 * PATH may be a pyenv or venv one without torch.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PythonInfo {
    executable: string;
    torch: string;
}

function run(executable: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
        execFile(executable, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 127) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

/** Candidates in order: Debian's python3, python3 on PATH; $NN_PYTHON alone when it is set. */
export function pythonCandidates(): string[] {
    const out: string[] = [];
    if (process.env.NN_PYTHON) return [process.env.NN_PYTHON];
    if (existsSync('/usr/bin/python3')) out.push('/usr/bin/python3');
    out.push('python3');
    return [...new Set(out)];
}

let cached: Promise<PythonInfo | undefined> | undefined;

/** The first Python that imports torch, or undefined. */
export function findTorchPython(): Promise<PythonInfo | undefined> {
    cached ??= (async () => {
        for (const executable of pythonCandidates()) {
            const r = await run(executable, ['-c', 'import torch, numpy; print(torch.__version__)'], 120_000);
            if (r.code === 0) return { executable, torch: r.stdout.trim() };
        }
        return undefined;
    })();
    return cached;
}

/** Runs `python script args…`; resolves with exit code and output (never rejects). */
export function runPython(executable: string, args: string[], timeoutMs = 600_000): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(executable, args, timeoutMs);
}
