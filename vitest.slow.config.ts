import { defineConfig } from 'vitest/config';

// Slow integration tests (full-data training), run by `npm test` but not by `npm run test:unit`.
export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.slow.test.ts'],
        setupFiles: ['./scripts/polyfill.mjs'],
        testTimeout: 900_000,
        pool: 'forks'
    }
});
