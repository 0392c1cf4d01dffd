import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function bundleForBrowser(path: string): Promise<{ text: string; inputs: string[] }> {
    const result = await build({
        entryPoints: [entry(path)],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent'
    });
    return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

describe('browser safety', () => {
    it('the data entry (@nn-lang/training/data) bundles for the browser without Node modules or tfjs', async () => {
        const { text, inputs } = await bundleForBrowser('../src/data/index.ts');
        expect(inputs.some((p) => p.includes('/node/'))).toBe(false);
        expect(inputs.some((p) => p.includes('node_modules'))).toBe(false);
        expect(text).not.toMatch(/from\s*["']node:|require\(["']node:/);
        // The bundle works on its own: generate a set from it.
        const mod = await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
        const d = mod.generateDataset({ kind: 'circle', n: 40, noise: 0 }, { seed: 1 });
        expect(d.train.count + d.test.count).toBe(40);
    });

    it('the data-set facts (the language catalogue\'s data.ts, which the loaders read) import nothing', async () => {
        const { inputs } = await bundleForBrowser('../../language/src/catalogue/data.ts');
        expect(inputs).toHaveLength(1);
    });

    it('the Node entry is refused by a browser bundle (so nobody ships it by accident)', async () => {
        await expect(bundleForBrowser('../src/data/node/index.ts')).rejects.toThrow(/node:/);
    });
});
