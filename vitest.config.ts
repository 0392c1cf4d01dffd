import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
    resolve: {
        // `vscode` exists only inside VS Code: the extension's host-side tests get a small stand-in.
        alias: { vscode: fileURLToPath(new URL('./packages/extension/test/fake-vscode.ts', import.meta.url)) }
    },
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
        setupFiles: ['./scripts/polyfill.mjs'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks'
    }
});
