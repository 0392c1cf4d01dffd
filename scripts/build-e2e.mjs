// Bundles the extension-host test suite (test/e2e/suite) into out/test/suite.cjs: the module
// that VS Code loads from `extensionTestsPath`. `vscode` is provided by the extension host.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out', 'test', 'suite.cjs');

await build({
    entryPoints: [path.join(root, 'test', 'e2e', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: true,
    // Some of mocha's lazily loaded ESM helpers read import.meta.url, which CommonJS lacks.
    define: { 'import.meta.url': '__nnSuiteImportMetaUrl' },
    banner: { js: "const __nnSuiteImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Mocha's parallel mode (worker threads resolved from disk) is never used in the extension host.
    logOverride: { 'require-resolve-not-external': 'silent' },
    logLevel: 'warning',
});
console.log(`build-e2e: wrote ${path.relative(root, outfile)}`);
