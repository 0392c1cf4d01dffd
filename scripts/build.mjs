// Bundles the extension, its language server, the `nn` CLI and (once it exists) the webview with
// esbuild. `node scripts/build.mjs [--watch] [--only NAME,...]`; `npm run build` runs langium
// generate first. Tests import `build` to produce the CLI they run.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { copyWebviewAssets } from '@nn-lang/webview/copy-assets';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Node 20 lacks Object.groupBy, which chevrotain (bundled through langium) calls while building
// the parser. The bundles carry the same polyfill the tests load, so they run on Node 20 alone.
const polyfill = fs.readFileSync(path.join(root, 'scripts', 'polyfill.mjs'), 'utf8');

// esbuild turns the `require()` of Node built-ins in bundled CommonJS dependencies into a call
// that throws in an ES module; a real `require` (and the CommonJS path globals) fixes that.
// `require` also resolves the `@tensorflow/*` externals from packages/cli/out up to node_modules.
const esmCommonJsShim = [
    "import { createRequire as __nnCreateRequire } from 'node:module';",
    "import { fileURLToPath as __nnFileURLToPath } from 'node:url';",
    "import { dirname as __nnDirname } from 'node:path';",
    'const require = __nnCreateRequire(import.meta.url);',
    'const __filename = __nnFileURLToPath(import.meta.url);',
    'const __dirname = __nnDirname(__filename);'
].join('\n');

/**
 * What gets built. `optional` entries are skipped (and the skip is printed) while their source
 * does not exist yet; a missing required entry fails the build.
 */
export const targets = [
    {
        name: 'extension',
        entry: 'packages/extension/src/extension.ts',
        outfile: 'out/extension.cjs',
        options: { platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] }
    },
    {
        name: 'server',
        entry: 'packages/extension/src/server.ts',
        outfile: 'out/server.cjs',
        // import.meta.url for ESM dependencies bundled into CommonJS (h5wasm locates itself with it).
        options: {
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            banner: { js: `${polyfill}\nconst __nnImportMetaUrl = require('url').pathToFileURL(__filename).href;` },
            define: { 'import.meta.url': '__nnImportMetaUrl' }
        }
    },
    {
        // VS Code for the Web: the language server as a web worker (Langium's browser setup) and
        // the extension's `browser` entry that starts it. Browsers have Object.groupBy.
        name: 'server-browser',
        entry: 'packages/extension/src/server-browser.ts',
        outfile: 'out/server-browser.js',
        options: { platform: 'browser', format: 'iife', target: 'es2022' }
    },
    {
        name: 'extension-browser',
        entry: 'packages/extension/src/extension-browser.ts',
        outfile: 'out/extension-browser.cjs',
        options: { platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'] }
    },
    {
        name: 'cli',
        entry: 'packages/cli/src/main.ts',
        outfile: 'packages/cli/out/nn.mjs',
        options: {
            platform: 'node',
            format: 'esm',
            target: 'node20',
            // tfjs-backend-wasm locates its .wasm files next to its own module: it must stay in node_modules.
            // h5wasm (nn import of .h5 files) loads its wasm next to its own module, like tfjs-backend-wasm.
            external: ['@tensorflow/*', 'h5wasm', 'h5wasm/*'],
            banner: { js: `${esmCommonJsShim}\n${polyfill}` }
        }
    },
    {
        name: 'webview',
        entry: 'packages/webview/src/main.ts',
        outfile: 'out/webview.js',
        optional: true,
        options: { platform: 'browser', format: 'iife', target: 'es2022' },
        // The page fetches tfjs's .wasm binaries and the data sets from out/ (see copy-assets.mjs).
        after: log => {
            const { copied, bytes, files } = copyWebviewAssets(root);
            log(`build: webview assets: ${files} files in out/wasm, out/data${copied ? ` (${copied} copied, ${(bytes / 2 ** 20).toFixed(1)} MB)` : ' (up to date)'}`);
        }
    }
];

function optionsFor(target) {
    return {
        entryPoints: [path.join(root, target.entry)],
        outfile: path.join(root, target.outfile),
        bundle: true,
        sourcemap: true,
        minify: false,
        logLevel: 'warning',
        ...target.options
    };
}

function selectTargets(only) {
    if (!only) return targets;
    const unknown = only.filter(name => !targets.some(t => t.name === name));
    if (unknown.length) throw new BuildError(`unknown build target(s): ${unknown.join(', ')} (known: ${targets.map(t => t.name).join(', ')})`);
    return targets.filter(t => only.includes(t.name));
}

export class BuildError extends Error {}

function present(target) {
    if (fs.existsSync(path.join(root, target.entry))) return true;
    if (target.optional) return false;
    throw new BuildError(`${target.entry} does not exist (needed for ${target.outfile})`);
}

function describeOutput(target, ms) {
    const bytes = fs.statSync(path.join(root, target.outfile)).size;
    return `${target.outfile.padEnd(26)} ${(bytes / 1024).toFixed(0).padStart(6)} KB  ${String(Math.round(ms)).padStart(5)} ms`;
}

/**
 * Builds once. Resolves with the per-target timings; rejects (after esbuild has printed the
 * errors) when any target fails.
 * @param {{ only?: string[], log?: (line: string) => void }} [options]
 */
export async function build({ only, log = line => console.log(line) } = {}) {
    const started = performance.now();
    const selected = selectTargets(only);
    const runs = selected.map(async target => {
        if (!present(target)) {
            log(`build: skipped ${target.name}: ${target.entry} not present yet`);
            return { target, skipped: true };
        }
        const t0 = performance.now();
        await esbuild.build(optionsFor(target));
        const ms = performance.now() - t0;
        log(`build: ${describeOutput(target, ms)}`);
        target.after?.(log);
        return { target, ms };
    });
    const settled = await Promise.allSettled(runs);
    const failures = settled.filter(s => s.status === 'rejected').map(s => s.reason);
    if (failures.length) {
        throw new BuildError(failures.map(f => (f instanceof BuildError ? f.message : `esbuild failed: ${f.message.split('\n')[0]}`)).join('\n'));
    }
    const totalMs = performance.now() - started;
    log(`build: done in ${Math.round(totalMs)} ms`);
    return { totalMs, results: settled.map(s => s.value) };
}

/** Rebuilds on change until the process is stopped; errors are printed and the watch goes on. */
export async function watch({ only, log = line => console.log(line) } = {}) {
    const contexts = [];
    for (const target of selectTargets(only)) {
        if (!present(target)) {
            log(`watch: skipped ${target.name}: ${target.entry} not present (restart the watch once it exists)`);
            continue;
        }
        let t0 = 0;
        const timing = {
            name: 'nn-timing',
            setup(b) {
                b.onStart(() => { t0 = performance.now(); });
                b.onEnd(result => {
                    const ms = performance.now() - t0;
                    if (result.errors.length) log(`watch: ${target.name} failed with ${result.errors.length} error(s)`);
                    else log(`watch: ${describeOutput(target, ms)}`);
                });
            }
        };
        const ctx = await esbuild.context({ ...optionsFor(target), plugins: [timing] });
        await ctx.watch();
        target.after?.(log);
        contexts.push(ctx);
    }
    log('watch: watching for changes (Ctrl+C to stop)');
    const stop = async () => {
        await Promise.all(contexts.map(ctx => ctx.dispose()));
        process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}

async function main() {
    let values;
    try {
        ({ values } = parseArgs({ options: { watch: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
    } catch (e) {
        console.error(`build: ${e.message}\nusage: node scripts/build.mjs [--watch] [--only ${targets.map(t => t.name).join(',')}]`);
        process.exit(2);
    }
    if (values.help) {
        console.log(`usage: node scripts/build.mjs [--watch] [--only ${targets.map(t => t.name).join(',')}]`);
        return;
    }
    const only = values.only?.split(',').map(s => s.trim()).filter(Boolean);
    try {
        if (values.watch) await watch({ only });
        else await build({ only });
    } catch (e) {
        console.error(`build: FAILED\n${e instanceof BuildError ? e.message : e.stack}`);
        process.exit(1);
    }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    await main();
}
