// A UI test is a list of named steps, each ending with a screenshot of what the user sees then.
// The record of every step (passed or not, how long) is printed at the end of the run.

/** @type {{ name: string, ok: boolean, ms: number, screenshot?: string }[]} */
export const steps = [];

/**
 * Runs `action`, then saves a screenshot of `page` to `screenshot` (unless the step took its own:
 * `screenshotTaken`). A step that throws is recorded as failed and the error goes on.
 */
export async function step(name, screenshot, page, action, { screenshotTaken = false } = {}) {
    const record = { name, ok: false, ms: 0, screenshot: undefined };
    steps.push(record);
    console.log(`[ui] ${name} ...`);
    const started = Date.now();
    try {
        await action();
    } finally {
        record.ms = Date.now() - started;
    }
    // Finished animations: a hover caught mid fade-in looks greyed out.
    if (!screenshotTaken) await page.screenshot({ path: screenshot, animations: 'disabled' });
    record.screenshot = screenshot;
    record.ok = true;
}
