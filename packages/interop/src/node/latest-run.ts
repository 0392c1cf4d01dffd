/** The newest run folder of a model next to its .nn file (`.nn-runs/<Model>-<timestamp>`). */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function latestRun(nnFile: string, model: string, runsFolder = '.nn-runs'): Promise<string | undefined> {
    const root = join(dirname(nnFile), runsFolder);
    const safe = model.replace(/[^A-Za-z0-9_.-]/g, '_');
    const names = await readdir(root).catch(() => [] as string[]);
    // Timestamps sort as text (YYYYMMDD-HHMMSS, then -2, -3 for runs in the same second).
    const candidates = names.filter(n => n.startsWith(`${safe}-`) && /^\d{8}-\d{6}(-\d+)?$/.test(n.slice(safe.length + 1))).sort((a, b) => {
        const key = (n: string) => n.slice(safe.length + 1).replace(/^(\d{8}-\d{6})$/, '$1-1').replace(/-(\d+)$/, (_, k: string) => `-${k.padStart(4, '0')}`);
        return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    });
    for (const name of candidates.reverse()) {
        if ((await stat(join(root, name, 'model.json')).catch(() => undefined))?.isFile()) return join(root, name);
    }
    return undefined;
}
