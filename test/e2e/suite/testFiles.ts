// Every extension-host test file, listed statically so esbuild bundles them into one module.
// Imports are lazy: a file's top-level `describe` calls need mocha's context installed first.
// Add new files here.
export interface TestFile {
    name: string;
    load: () => Promise<unknown>;
}

export const testFiles: TestFile[] = [
    { name: 'smoke.test.ts', load: () => import('./smoke.test.js') },
    { name: 'diagnostics.test.ts', load: () => import('./diagnostics.test.js') },
    { name: 'inlay-hints.test.ts', load: () => import('./inlay-hints.test.js') },
    { name: 'language-features.test.ts', load: () => import('./language-features.test.js') },
    { name: 'quick-fixes.test.ts', load: () => import('./quick-fixes.test.js') },
    { name: 'training.test.ts', load: () => import('./training.test.js') },
    { name: 'interop.test.ts', load: () => import('./interop.test.js') },
];
