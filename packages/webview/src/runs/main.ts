/**
 * Entry point of the runs view (bundled to out/runs.js): the loss and metric curves of one run,
 * or of several overlaid (one colour per run; validation dashed), drawn with uPlot.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../graph/graph.css';
import { metricLabel } from '../format.js';
import { el } from '../views/dom.js';
import { classColors, themeColor } from '../views/theme.js';
import { overlay } from './overlay.js';
import { readRunsHostMessage, type RunCurves } from './protocol.js';
import { acquireVsCode } from '../vscode-api.js';

const vscode = acquireVsCode();
const app = document.getElementById('app')!;
let runs: RunCurves[] = [];
const plots: uPlot[] = [];

/** Appends the chart to the page and then draws it: uPlot draws nothing into a detached element. */
function chart(title: string, train: (r: RunCurves) => (number | null)[], validation: (r: RunCurves) => (number | null)[], width: number): void {
    const colors = classColors();
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
    const withVal = runs.some(r => validation(r).some(v => v !== null));
    const trainData = overlay(runs, train);
    const valData = overlay(runs, validation);
    const data: (number | null)[][] = [trainData[0], ...trainData.slice(1), ...(withVal ? valData.slice(1) : [])];
    const series: uPlot.Series[] = [
        { label: 'epoch' },
        ...runs.map((r, i) => ({ label: runs.length > 1 ? r.name : 'train', stroke: colors[i % colors.length], width: 2, spanGaps: true, points: { show: r.epochs.length <= 60, size: 5 } })),
        ...(withVal ? runs.map((r, i) => ({ label: runs.length > 1 ? `${r.name} (validation)` : 'validation', stroke: colors[i % colors.length], width: 2, dash: [8, 3], spanGaps: true, points: { show: r.epochs.length <= 60, size: 5 } })) : [])
    ];
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const host = el('div', { class: 'chart-plot' });
    app.append(el('figure', { class: 'chart' }, el('figcaption', {}, title), host));
    plots.push(new uPlot({ width, height: 220, scales: { x: { time: false } }, axes: [{ ...axis, label: 'epoch' }, { ...axis, size: 52 }], series }, data as uPlot.AlignedData, host));
}

function render(): void {
    for (const p of plots.splice(0)) p.destroy();
    const width = Math.max(320, Math.min(900, app.clientWidth - 8));
    const title = runs.length === 1 ? `Run ${runs[0].name}` : `${runs.length} runs compared`;
    const list = el('ul', { class: 'runs' }, ...runs.map(r => el('li', {}, el('strong', {}, r.name), ` — ${r.model} · ${r.outcome}`)));
    const parts: HTMLElement[] = [el('header', {}, el('h1', {}, title)), list];
    const empty = runs.every(r => r.epochs.length === 0);
    if (empty) parts.push(el('p', { class: 'muted' }, 'No epoch finished in these runs: there are no curves to draw.'));
    app.replaceChildren(...parts);
    if (empty) return;
    chart('Loss', r => r.loss, r => r.valLoss, width);
    const metric = runs.find(r => r.metric)?.metric;
    if (metric) chart(metricLabel(metric), r => (r.metric === metric ? r.metricValues : r.epochs.map(() => null)), r => (r.metric === metric ? r.valMetricValues : r.epochs.map(() => null)), width);
}

window.addEventListener('message', event => {
    const read = readRunsHostMessage(event.data);
    if (!read.ok) {
        if (read.type === 'runs') console.warn(`nn runs view: dropped a malformed 'runs' message: ${read.problem}`);
        return;
    }
    runs = read.message.runs;
    vscode.setState(read.message);
    render();
});

const saved = readRunsHostMessage(vscode.getState());
if (saved.ok) {
    runs = saved.message.runs;
    render();
}
vscode.postMessage({ type: 'ready' });
