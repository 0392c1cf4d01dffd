import { it } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createNnServices } from '../src/nn-module.js';
it('probe', async () => {
    for (const [name, make] of [['call', (k: number) => `train M {\n optimizer = ${'f(x='.repeat(k)}1${')'.repeat(k)}\n}`], ['callnoclose', (k: number) => `train M {\n optimizer = ${'f(x='.repeat(k)}1\n}`], ['list', (k: number) => `model M {\n input ${'['.repeat(k)}1${']'.repeat(k)}\n}`]] as const) {
        for (const n of [50, 100, 200, 300, 400]) {
            const parse = parseHelper(createNnServices(EmptyFileSystem).Nn);
            const t = performance.now();
            let r = 'ok';
            try { await parse(make(n), { validation: true }); } catch (e) { r = (e as Error).message.slice(0, 30); }
            console.log('T', name, n, (performance.now() - t).toFixed(0), 'ms', r);
        }
    }
}, 120000);
