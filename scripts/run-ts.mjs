// Runs a TypeScript entry (a benchmark or a tool script) on Node 20: bundles it with esbuild
// into a temporary ESM file, then imports it. Usage: node scripts/run-ts.mjs bench/checker.ts [args...]
import './polyfill.mjs';
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
    console.error('usage: node scripts/run-ts.mjs FILE.ts [args...]');
    process.exit(2);
}
// Inside the repo so that bare imports resolve against its node_modules.
const cache = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'nn-run');
mkdirSync(cache, { recursive: true });
const outfile = join(mkdtempSync(join(cache, 'run-')), 'entry.mjs');
await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    // npm packages load from node_modules; the workspace's own packages are TypeScript sources, so they are bundled.
    plugins: [
        {
            name: 'npm-packages-external',
            setup(b) {
                b.onResolve({ filter: /^[^./]/ }, args => (args.path.startsWith('@nn-lang/') ? undefined : { path: args.path, external: true }));
            }
        }
    ],
    logLevel: 'warning'
});
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
