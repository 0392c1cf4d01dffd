import type { FuzzReport } from './run.js';

/** The budgets (issue 9): p99 on files of at most 300 lines, worst outside the 1 MB file, memory growth. */
export const BUDGET = { p99Ms: 100, worstMs: 1_000, memoryGrowthMb: 40 };

/**
 * Every property the run must hold, as failure messages (empty when all hold). Latency is a
 * speed target: `npm run fuzz` (the full run, a benchmark that prints its figures) checks it; the
 * quick run inside `npm test` prints it but does not fail on it (a loaded CI machine is not a
 * broken server).
 */
export function checkReport(report: FuzzReport, options: { latency: boolean } = { latency: true }): string[] {
    const failures: string[] = [];
    if (report.deaths) failures.push('the server died');
    if (report.problems.length) failures.push(`the server logged errors: ${report.problems.slice(0, 3).join(' | ')}`);
    if (report.failedRequests.length) failures.push(`requests failed: ${report.failedRequests.slice(0, 3).join(' | ')}`);
    if (options.latency && report.p99Ms > BUDGET.p99Ms) failures.push(`p99 ${report.p99Ms.toFixed(0)} ms > ${BUDGET.p99Ms} ms`);
    if (options.latency && report.worstMs > BUDGET.worstMs) failures.push(`worst ${report.worstMs.toFixed(0)} ms > ${BUDGET.worstMs} ms: ${report.worstMethod}`);
    if (report.burstMismatches.length) failures.push(`diagnostics after a burst differ from a fresh open: ${report.burstMismatches.slice(0, 3).join(', ')}`);
    if (report.concurrencyMismatches.length) failures.push(`concurrent answers differ from sequential ones: ${report.concurrencyMismatches.slice(0, 3).join(', ')}`);
    if (report.memoryAfterMb - report.memoryBeforeMb > BUDGET.memoryGrowthMb) {
        failures.push(`memory grew ${(report.memoryAfterMb - report.memoryBeforeMb).toFixed(0)} MB (> ${BUDGET.memoryGrowthMb} MB)`);
    }
    return failures;
}
