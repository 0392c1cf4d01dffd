#!/usr/bin/env node
// The `nn` command: runs the bundle that `npm run build` writes (scripts/build.mjs).
import { existsSync } from 'node:fs';

const bundle = new URL('../out/nn.mjs', import.meta.url);
if (!existsSync(bundle)) {
    console.error("nn: the CLI is not built yet: run 'npm run build' in the nn-lang folder");
    process.exit(2);
}
await import(bundle.href);
