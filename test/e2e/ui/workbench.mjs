// Driving the VS Code workbench the way a user does (keyboard, mouse) and reading what it shows.
// Selectors are VS Code's own stable class names and ids; every wait is on a condition.

/** User settings of the UI test's profile, over the e2e defaults: a tidy window for screenshots. */
export const WORKBENCH_SETTINGS = {
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'editor.inlayHints.enabled': 'on',
    'workbench.tips.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'chat.commandCenter.enabled': false,
    'workbench.editor.enablePreview': false,
    // Typing an error must not write it to disk (VS Code in a browser saves after a delay by default).
    'files.autoSave': 'off',
    // Below the line: the hover over a layer leaves the model's inline hints above it visible.
    'editor.hover.above': false,
};

const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';

/** `.view-lines` render spaces as no-break spaces. */
const normalise = (text) => (text ?? '').replace(/\u00a0/g, ' ');

export async function poll(what, probe, timeoutMs, intervalMs = 100) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        last = await probe();
        if (last.ok) return last.value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last.detail ? `; last seen: ${last.detail}` : ''}`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/** Ctrl+P, the file name, Enter; resolves once its tab is the active one. */
export async function openFile(page, fileName, timeoutMs = 30_000) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(fileName);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container.active .tab.active', { hasText: fileName }).waitFor({ timeout: timeoutMs });
    await page.locator(ACTIVE_EDITOR).first().waitFor({ timeout: timeoutMs });
}

/** The language indicator in the status bar (`status.editor.mode`) reads `language`. */
export async function waitForStatusLanguage(page, language, timeoutMs = 30_000) {
    await poll(`the status bar to show the language '${language}'`, async () => {
        const text = (await page.locator('[id="status.editor.mode"]').textContent().catch(() => null))?.trim();
        return { ok: text === language, detail: text };
    }, timeoutMs);
}

/** The active editor's rendered text, inlay hints included, once `accept(text)` holds. */
export async function editorText(page, accept, timeoutMs = 30_000) {
    return poll('the editor to render the expected text', async () => {
        const text = normalise(await page.locator(`${ACTIVE_EDITOR} .view-lines`).first().textContent().catch(() => ''));
        return { ok: accept(text), value: text, detail: text.slice(0, 400) };
    }, timeoutMs);
}

/** The text of every hover widget on screen (the editor's, and any other the workbench shows). */
async function visibleHoverText(page) {
    return page.evaluate(() => [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => el.textContent)
        .join('\n')).catch(() => '');
}

/**
 * Moves the mouse onto the first token of `needle` (e.g. `Dense` of `Dense(512`) in the active
 * editor and resolves with the hover's text once `accept(text)` holds.
 */
export async function hoverOver(page, needle, accept, timeoutMs = 30_000) {
    const locate = () => page.evaluate(({ selector, needle }) => {
        const lines = [...document.querySelectorAll(`${selector} .view-line`)];
        const line = lines.find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(needle));
        if (!line) return undefined;
        const word = /^\w+/.exec(needle)[0];
        const span = [...line.querySelectorAll('span')].find((s) => s.children.length === 0 && s.textContent.includes(word));
        if (!span) return undefined;
        const rect = span.getBoundingClientRect();
        return { x: rect.left + Math.min(rect.width / 2, 12), y: rect.top + rect.height / 2 };
    }, { selector: ACTIVE_EDITOR, needle });
    // The hover starts on a mouse move that ends on the word. Should the editor miss it (still
    // laying out, another hover closing), the word is clicked (the cursor goes there) and the
    // keyboard's "Show Hover" (Ctrl+K Ctrl+I) asks for the same hover at the cursor.
    let attempts = 0;
    let attemptAt = 0;
    return poll(`a hover over '${needle}'`, async () => {
        const text = normalise(await visibleHoverText(page));
        if (accept(text)) return { ok: true, value: text };
        if (Date.now() - attemptAt > 3_000) {
            const point = await locate();
            if (!point) return { ok: false, detail: `'${needle}' is not visible in the active editor` };
            attempts++;
            await page.mouse.move(point.x, point.y - 40);
            if (attempts % 2 === 0) {
                await page.mouse.click(point.x, point.y);
                await page.keyboard.press('Control+K');
                await page.keyboard.press('Control+I');
            } else {
                await page.mouse.move(point.x - 3, point.y);
                await page.mouse.move(point.x, point.y);
            }
            attemptAt = Date.now();
        }
        return { ok: false, detail: `${attempts} attempt(s); hover text: ${text.slice(0, 300)}` };
    }, timeoutMs);
}

/** F1, the command's title, Enter (optionally a screenshot of the palette first). */
export async function runCommand(page, title, { screenshotBeforeEnter, timeoutMs = 30_000 } = {}) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: timeoutMs });
    if (screenshotBeforeEnter) await page.screenshot({ path: screenshotBeforeEnter, animations: 'disabled' });
    // The row that names the command, not the first row: fuzzy matching ranks "NN: Export Trained
    // Model" above "NN: Train Model" for the text "NN: Train Model".
    await row.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * The frame of the training page: a webview is an iframe (VS Code's host page) holding another
 * iframe with the extension's HTML; the latter is the frame that has the page's `.charts`.
 */
export async function trainingFrame(page, timeoutMs = 60_000) {
    return poll('the training panel (a webview frame with .charts)', async () => {
        for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            if (await frame.locator('.charts').count().catch(() => 0)) return { ok: true, value: frame };
        }
        return { ok: false, detail: `${page.frames().length} frames` };
    }, timeoutMs, 250);
}

/** Ctrl+G, the line number, Enter: the cursor goes to the start of that (1-based) line. */
export async function goToLine(page, line, timeoutMs = 10_000) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
    await poll(`the cursor on line ${line}`, async () => {
        const text = (await page.locator('[id="status.editor.selection"]').textContent().catch(() => ''))?.trim() ?? '';
        return { ok: text.startsWith(`Ln ${line},`), detail: text };
    }, timeoutMs);
}

/** The epoch the training page shows (`12 / 60`), once `accept(epoch)` holds. */
export async function trainingEpoch(frame, accept, timeoutMs = 60_000) {
    return poll('the training page to reach the expected epoch', async () => {
        const text = await frame.evaluate(() => {
            const term = [...document.querySelectorAll('.stats dt')].find((dt) => dt.textContent.trim() === 'Epoch');
            return term?.nextElementSibling?.textContent ?? '';
        }).catch(() => '');
        const epoch = Number(/^(\d+)\s*\//.exec(text.trim())?.[1]);
        return { ok: Number.isFinite(epoch) && accept(epoch), value: epoch, detail: text };
    }, timeoutMs, 200);
}

/** The first webview frame holding `selector` (the graph view: `svg .node`; the runs view: `.chart`). */
export async function webviewFrame(page, selector, what, timeoutMs = 60_000) {
    return poll(what, async () => {
        for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            if (await frame.locator(selector).count().catch(() => 0)) return { ok: true, value: frame };
        }
        return { ok: false, detail: `${page.frames().length} frames` };
    }, timeoutMs, 250);
}

/** The cursor's line as the status bar shows it (`Ln 7, Col 1`), once `accept(line)` holds. */
export async function cursorLine(page, accept, timeoutMs = 15_000) {
    return poll('the cursor line in the status bar', async () => {
        const text = (await page.locator('[id="status.editor.selection"]').textContent().catch(() => ''))?.trim() ?? '';
        const line = Number(text.match(/^Ln (\d+),/)?.[1]);
        return { ok: Number.isFinite(line) && accept(line), value: line, detail: text };
    }, timeoutMs);
}
