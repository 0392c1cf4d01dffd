/**
 * The fuzz/soak run's bounded quick mode (issue 9), inside `npm test`: seeded inputs and edit
 * bursts over a real LSP connection to out/server.cjs. `npm run fuzz` is the full run, which also
 * holds the server to its latency budgets; NN_FUZZ_SEED replays another seed.
 */
import { beforeAll, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';
import { checkReport } from '../fuzz/properties.js';
import { DEFAULT_FUZZ_SEED, formatReport, QUICK, runFuzz } from '../fuzz/run.js';

beforeAll(async () => {
    await build({ only: ['server'], log: () => {} });
});

it('the server survives the quick fuzz run: every request answers, bursts equal fresh opens, concurrent equals sequential, memory flat', async () => {
    const seed = process.env.NN_FUZZ_SEED ? Number(process.env.NN_FUZZ_SEED) : DEFAULT_FUZZ_SEED;
    const report = await runFuzz({ seed, ...QUICK });
    console.log(formatReport(report));
    expect(checkReport(report, { latency: false })).toEqual([]);
    expect(report.requests).toBeGreaterThan(1000);
}, 300_000);
