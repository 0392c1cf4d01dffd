import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
        setupFiles: ['./scripts/polyfill.mjs'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks'
    }
});
