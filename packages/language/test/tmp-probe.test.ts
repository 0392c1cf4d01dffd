import { it } from 'vitest';
import { LAYERS } from '../src/catalogue/layers.js';
import { compareWithTfjs } from './gen/compare.js';
import { prng } from './gen/fuzz.js';
import { generateValidModel, renderModel } from './gen/models.js';
import { prngPicker } from './gen/picker.js';
import { tfjsVerdictsForText } from './gen/text-to-tfjs.js';
import { useCpuBackend } from './gen/tfjs-reference.js';
import { analysisOf, check, forget } from './helpers.js';
it('probe', async () => {
    await useCpuBackend();
    const p = prngPicker(prng(7));
    const times: [number, string][] = [];
    for (let i = 0; i < 1500; i++) {
        const text = renderModel(generateValidModel(p, p.pick(LAYERS).name));
        const t0 = performance.now();
        const { document } = await check(text);
        compareWithTfjs(analysisOf(document).models[0]);
        tfjsVerdictsForText(text);
        await forget(document);
        times.push([performance.now() - t0, text]);
    }
    times.sort((a, b) => b[0] - a[0]);
    const total = times.reduce((s, t) => s + t[0], 0);
    console.log('TOTAL', total.toFixed(0), 'median', times[750][0].toFixed(1));
    for (const [t, text] of times.slice(0, 4)) console.log('SLOW', t.toFixed(0), text);
}, 600_000);
