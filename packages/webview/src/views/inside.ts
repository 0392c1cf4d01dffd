/**
 * "Inside the network": per epoch, each layer's weight and gradient norm (log scale: a vanishing
 * gradient shows as the first layers' curves falling decades below the last's); for one test
 * sample, each layer's output (bars for vectors, grey images for feature maps) and the first
 * convolution's filters.
 */
import type { LayerStats } from '@nn-lang/training/train';
import uPlot from 'uplot';
import type { InsideView, LayerActivation } from '../inside.js';
import { el } from './dom.js';
import { classColors, themeColor } from './theme.js';

const HEIGHT = 180;

/** Appends the chart to `parent` and then draws it: uPlot draws nothing into a detached element. */
export function normsChart(parent: HTMLElement, stats: LayerStats[], pick: 'gradientNorm' | 'weightNorm', title: string, width: number): void {
    const names = stats[0]?.layers.map(l => l.name) ?? [];
    const colors = classColors();
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    // log scale: zeros (a dead layer) have no place on it.
    const data = [stats.map(s => s.epoch), ...names.map((_, i) => stats.map(s => (s.layers[i]?.[pick] > 0 ? s.layers[i][pick] : null)))] as uPlot.AlignedData;
    const host = el('div', { class: 'chart-plot' });
    parent.append(el('figure', { class: 'chart norms' }, el('figcaption', {}, title), host));
    new uPlot(
        {
            width,
            height: HEIGHT,
            scales: { x: { time: false }, y: { distr: 3, log: 10 } },
            axes: [{ ...axis, label: 'epoch' }, { ...axis, size: 56, values: (_u, splits) => splits.map(v => (v === null || v === undefined ? '' : Number(v).toExponential(0).replace('e+0', '').replace('e+', 'e'))) }],
            series: [{ label: 'epoch' }, ...names.map((name, i) => ({ label: name, stroke: colors[i % colors.length], width: 2, spanGaps: true, points: { show: stats.length <= 40, size: 4 } }))]
        },
        data,
        host
    );
}

function greyImage(values: ArrayLike<number>, offset: number, h: number, w: number, signed: boolean): HTMLCanvasElement {
    const canvas = el('canvas', { class: 'inside-map', width: String(w), height: String(h) });
    const ctx = canvas.getContext('2d');
    if (!ctx) return canvas;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < h * w; i++) {
        lo = Math.min(lo, values[offset + i]);
        hi = Math.max(hi, values[offset + i]);
    }
    const image = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
        const v = values[offset + i];
        // Filters: grey is zero, light positive, dark negative; maps: black is the map's minimum.
        const t = signed ? 0.5 + v / (2 * Math.max(Math.abs(lo), Math.abs(hi), 1e-12)) : hi > lo ? (v - lo) / (hi - lo) : 0;
        const g = Math.round(255 * t);
        image.data.set([g, g, g, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
    return canvas;
}

function barsView(values: number[]): HTMLElement {
    const shown = values.slice(0, 128);
    const canvas = el('canvas', { class: 'inside-bars', width: String(Math.max(64, shown.length * 4)), height: '48' });
    const ctx = canvas.getContext('2d');
    if (ctx) {
        const max = Math.max(...shown.map(Math.abs), 1e-12);
        ctx.fillStyle = themeColor('--vscode-charts-blue', '#3794ff');
        shown.forEach((v, i) => {
            const h = (Math.abs(v) / max) * 46;
            ctx.fillRect(i * 4, v >= 0 ? 47 - h : 47, 3, Math.max(1, h));
        });
    }
    return canvas;
}

function layerView(layer: LayerActivation): HTMLElement {
    const head = el('div', { class: 'inside-layer-name' }, `${layer.name} `, el('span', { class: 'muted' }, `[${layer.shape.join(', ')}]`));
    if (layer.shape.length === 3 && layer.maps) {
        const [h, w] = layer.shape;
        const maps = Array.from({ length: layer.maps }, (_, k) => greyImage(layer.values, k * h * w, h, w, false));
        return el('div', { class: 'inside-layer' }, head, el('div', { class: 'inside-maps' }, ...maps), layer.maps < layer.shape[2] ? el('div', { class: 'muted' }, `first ${layer.maps} of ${layer.shape[2]} maps`) : null);
    }
    if (layer.shape.length === 2 && layer.shape[0] >= 4 && layer.shape[1] >= 4) return el('div', { class: 'inside-layer' }, head, greyImage(layer.values, 0, layer.shape[0], layer.shape[1], false));
    const n = layer.shape.reduce((a, b) => a * b, 1);
    return el('div', { class: 'inside-layer' }, head, barsView(layer.values), n > 128 ? el('div', { class: 'muted' }, `first 128 of ${n} values`) : null);
}

export function insideActivations(view: InsideView): HTMLElement {
    const parts: HTMLElement[] = [el('p', { class: 'muted' }, `What each layer outputs for test sample #${view.sampleIndex} (the first in the samples above).`), ...view.layers.map(layerView)];
    if (view.filters) {
        const f = view.filters;
        const images = Array.from({ length: f.count }, (_, k) => greyImage(f.values, k * f.height * f.width, f.height, f.width, true));
        parts.push(el('div', { class: 'inside-layer' }, el('div', { class: 'inside-layer-name' }, `${f.name}: its first ${f.count} filters `, el('span', { class: 'muted' }, `(${f.height}×${f.width}, input channel 0; light positive, dark negative)`)), el('div', { class: 'inside-maps filters' }, ...images)));
    }
    return el('div', { class: 'inside-activations' }, ...parts);
}
