import { it } from 'vitest';
import { tfjsVerdictsForText } from './gen/text-to-tfjs.js';
import { useCpuBackend } from './gen/tfjs-reference.js';
it('probe', async () => {
    await useCpuBackend();
    for (const body of [
        'input [2, 2]\nEmbedding(5, 2, mask_zero=true)\nReshape([4, 2])\nGRU(3)',
        'input [2, 2]\nEmbedding(5, 2, mask_zero=true)\nReshape([4, 2])\nGRU(3, return_sequences=true)',
        'input [2, 2]\nEmbedding(5, 2, mask_zero=true)\nReshape([4, 2])\nGRU(3, go_backwards=true)',
        'input [2, 2]\nEmbedding(5, 2, mask_zero=true)\nReshape([4, 2])\nGRU(3, go_backwards=true, return_sequences=true)',
        'input [1, 1]\nEmbedding(1, 2, mask_zero=true)\nReshape([2, 1])\nGRU(1, go_backwards=true, return_sequences=true)',
        'input [1, 1]\nEmbedding(1, 2, mask_zero=true)\nReshape([2, 1])\nGRU(1, return_sequences=true)',
        'input [1, 1]\nEmbedding(1, 2, mask_zero=true)\nReshape([2, 1])\nGRU(1, go_backwards=true)',
        'input [3]\nEmbedding(1, 2, mask_zero=true)\nReshape([2, 3])\nGRU(1, go_backwards=true, return_sequences=true)',
        'input [3]\nEmbedding(1, 2, mask_zero=true)\nReshape([6, 1])\nGRU(1, go_backwards=true, return_sequences=true)',
        'input [3]\nEmbedding(1, 2, mask_zero=true)\nReshape([6, 1])\nGRU(1, go_backwards=true)',
]) {
        const [v] = tfjsVerdictsForText(`model M { ${body} }`);
        console.log('V', v.verdict.ok ? 'ok' : (v.verdict as { reason: string }).reason.slice(0, 90), '::', body.replace(/\n/g, ' | '));
    }
});
