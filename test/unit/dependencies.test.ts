/**
 * The production dependency tree (issue 9, supply chain): docs/dependencies.md is generated from
 * package-lock.json and must match it; every licence is permissive or was reviewed; the tree
 * stays small (adding to it is a decision, made by raising the ceiling here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOWED_LICENSES, generate, OUTPUT, productionTree } from '../../scripts/dependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; link?: boolean; version?: string }> };
const tree = productionTree(lock);

/** Licences that are not one SPDX identifier, each read and judged permissive. */
const REVIEWED: Record<string, string> = {
    h5wasm: 'LICENSE.txt: the NIST public-service notice (keep the notice) and the HDF5 BSD-style licence'
};

/** Every identifier of an SPDX expression such as "(MIT OR CC0-1.0)" or "Apache-2.0 AND MIT" is allowed. */
function permissive(license: string): boolean {
    const ids = license.replace(/[()]/g, ' ').split(/\s+(?:AND|OR)\s+|\s+/).filter(Boolean);
    return ids.length > 0 && ids.every(id => ALLOWED_LICENSES.includes(id));
}

describe('production dependencies', () => {
    it('docs/dependencies.md is what package-lock.json says (run node scripts/dependencies.mjs after npm install)', () => {
        expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
    });

    it('the tree is exactly the packages the lockfile marks as not for development', () => {
        const fromLock = Object.entries(lock.packages)
            .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev && !entry.devOptional && !entry.link)
            .map(([key, entry]) => `${key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`)
            .sort();
        expect(tree.map(p => `${p.name}@${p.version}`).sort()).toEqual(fromLock);
    });

    it('every licence is permissive, or was read and noted here', () => {
        const unreviewed = tree.filter(p => !permissive(p.license) && !REVIEWED[p.name]).map(p => `${p.name}: ${p.license}`);
        expect(unreviewed).toEqual([]);
    });

    it('stays small', () => {
        expect(tree.length).toBeLessThanOrEqual(130);
    });
});
