/** Confusion matrix as a table: rows are true classes, columns predictions, cells shaded by row share. */
import { formatPercent } from '../format.js';
import type { ConfusionResult } from '../protocol/index.js';
import { el } from './dom.js';

export function confusionView(c: ConfusionResult): HTMLElement {
    const names = c.classNames.length === c.matrix.length ? c.classNames : c.matrix.map((_, i) => String(i));
    const head = el('tr', {}, el('th', { class: 'corner', scope: 'col' }, 'true ↓ predicted →'), ...names.map(n => el('th', { scope: 'col', title: n }, n)));
    const rows = c.matrix.map((row, t) => {
        const total = row.reduce((a, b) => a + b, 0);
        const cells = row.map((count, p) => {
            const share = total ? count / total : 0;
            const td = el('td', { title: `true ${names[t]}, predicted ${names[p]}: ${count} (${formatPercent(share)} of the row)` }, String(count));
            td.className = t === p ? 'diag' : count > 0 ? 'off' : 'zero';
            // CSSOM, not a style attribute: the page's CSP has no 'unsafe-inline'.
            td.style.setProperty('--share', share.toFixed(3));
            return td;
        });
        return el('tr', {}, el('th', { scope: 'row', title: names[t] }, names[t]), ...cells);
    });
    const table = el('table', { class: 'confusion' }, el('thead', {}, head), el('tbody', {}, ...rows));
    const caption = el('p', { class: 'muted' }, `${c.correct} of ${c.total} test samples on the diagonal (${formatPercent(c.total ? c.correct / c.total : 0)}).`);
    return el('div', { class: 'confusion-wrap' }, table, caption);
}
