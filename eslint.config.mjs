// ESLint (flat config) with typescript-eslint, run by `npm run lint` (part of `npm test`).
// Beyond the recommended rules, one of our own keeps the packages honest: see
// scripts/eslint/package-boundaries.mjs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import packageBoundaries from './scripts/eslint/package-boundaries.mjs';

export default defineConfig(
    {
        ignores: ['**/out/**', '**/node_modules/**', '.tools/**', 'test-results/**', 'packages/language/src/generated/**']
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        rules: {
            // A leading underscore marks what is unused on purpose (`const { type: _t, ...rest } = m`).
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }]
        }
    },
    {
        // The training view runs in a browser; so do the functions the browser-driving tests and
        // scripts hand to page.evaluate().
        files: ['packages/webview/src/**', 'packages/webview/test/**', 'packages/webview/scripts/**', 'test/e2e/ui/**'],
        languageOptions: { globals: { ...globals.browser } }
    },
    {
        files: ['**/*.ts', '**/*.mjs', '**/*.js'],
        plugins: { nn: { rules: { 'package-boundaries': packageBoundaries } } },
        rules: { 'nn/package-boundaries': 'error' }
    }
);
