// Every extension-host test file, listed statically so esbuild bundles them into one module.
// Imports are lazy: a file's top-level `describe` calls need mocha's context installed first.
// Add new files here.
export interface TestFile {
    name: string;
    load: () => Promise<unknown>;
}

export const testFiles: TestFile[] = [
    { name: 'smoke.test.ts', load: () => import('./smoke.test.js') },
];
