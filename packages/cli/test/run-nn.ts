// Runs the built CLI as a child process, the way users and scripts run it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const launcher = path.join(repoRoot, 'packages/cli/bin/nn.js');

export interface NnResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `nn ...args` from the repository root (so relative paths in the output are predictable). */
export function runNn(args: string[], script = launcher): Promise<NnResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', chunk => { stdout += chunk; });
        child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout, stderr }));
    });
}
