/**
 * Regenerates binary.generated.ts from generate.ts (run from the repository root by
 * `npm run build:kernels`, part of `npm run build`). Writes only when the bytes changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assemble, generatedSource } from './assemble.js';

const target = resolve('packages/training/src/train/kernels/wasm/binary.generated.ts');
const modules = await assemble();
const source = generatedSource(modules);
const sizes = Object.values(modules).map(b => b.length);
if (existsSync(target) && readFileSync(target, 'utf8') === source) {
    console.log(`build: kernels up to date (${sizes.join(' + ')} bytes of wasm)`);
} else {
    writeFileSync(target, source);
    console.log(`build: kernels regenerated: ${target} (${sizes.join(' + ')} bytes of wasm)`);
}
