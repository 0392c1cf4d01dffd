/**
 * A small line chart on a canvas: per-batch values as a faint line, per-epoch training and
 * validation values as solid and dashed lines with dots. Colours come from VS Code's theme
 * variables, so it follows light, dark and high-contrast themes.
 */
import { emptySeries, type ChartSeries, type Point } from '../state.js';
import { themeColor } from './theme.js';

export interface ChartOptions {
    title: string;
    /** Epochs of the run: the x axis spans 0..epochs from the start. */
    epochs: number;
    /** Fixed y range (accuracy is 0..1); otherwise fitted to the data. */
    yRange?: [number, number];
    /** Format of y tick labels. */
    format?: (v: number) => string;
}

const PAD = { left: 48, right: 12, top: 10, bottom: 26 };

/** "Nice" tick step for a range: 1, 2 or 5 times a power of ten. */
export function tickStep(span: number, maxTicks: number): number {
    if (!(span > 0)) return 1;
    const raw = span / Math.max(1, maxTicks);
    const power = 10 ** Math.floor(Math.log10(raw));
    const m = raw / power;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * y range for the data: epoch values fully, batch values up to their 98th percentile (the first
 * batches of a run can be an order of magnitude above the rest and would flatten the curve).
 */
export function fitRange(series: ChartSeries): [number, number] | undefined {
    const epochValues = [...series.train.points, ...series.validation.points].map(p => p[1]).filter(Number.isFinite);
    const batchValues = series.batch.points.map(p => p[1]).filter(Number.isFinite).sort((a, b) => a - b);
    const values = [...epochValues];
    if (batchValues.length) {
        values.push(batchValues[0], batchValues[Math.min(batchValues.length - 1, Math.floor(batchValues.length * 0.98))]);
    }
    if (!values.length) return undefined;
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (lo >= 0 && lo < (hi - lo) * 0.5) lo = 0;
    if (hi === lo) {
        hi += Math.abs(hi) * 0.1 || 1;
        lo -= Math.abs(lo) * 0.1 || 0;
    }
    const margin = (hi - lo) * 0.05;
    return [lo === 0 ? 0 : lo - margin, hi + margin];
}

export class LineChart {
    readonly element: HTMLElement;
    private readonly canvas: HTMLCanvasElement;
    private readonly legend: HTMLElement;
    private readonly titleText: HTMLElement;
    private series: ChartSeries = { batch: emptySeries(), train: emptySeries(), validation: emptySeries() };
    private options: ChartOptions;

    constructor(options: ChartOptions) {
        this.options = options;
        this.element = document.createElement('figure');
        this.element.className = 'chart';
        const caption = document.createElement('figcaption');
        const title = (this.titleText = document.createElement('span'));
        title.className = 'chart-title';
        title.textContent = options.title;
        this.legend = document.createElement('span');
        this.legend.className = 'chart-legend';
        caption.append(title, this.legend);
        this.canvas = document.createElement('canvas');
        this.canvas.setAttribute('role', 'img');
        this.canvas.setAttribute('aria-label', `${options.title} chart`);
        this.element.append(caption, this.canvas);
    }

    update(series: ChartSeries, options?: Partial<ChartOptions>): void {
        this.series = series;
        if (options) this.options = { ...this.options, ...options };
        if (this.titleText.textContent !== this.options.title) {
            this.titleText.textContent = this.options.title;
            this.canvas.setAttribute('aria-label', `${this.options.title} chart`);
        }
        this.draw();
    }

    draw(): void {
        const rect = this.canvas.getBoundingClientRect();
        const cssWidth = Math.max(160, Math.round(rect.width || this.canvas.parentElement?.clientWidth || 320));
        const cssHeight = 180;
        const dpr = window.devicePixelRatio || 1;
        if (this.canvas.width !== Math.round(cssWidth * dpr) || this.canvas.height !== Math.round(cssHeight * dpr)) {
            this.canvas.width = Math.round(cssWidth * dpr);
            this.canvas.height = Math.round(cssHeight * dpr);
            this.canvas.style.height = `${cssHeight}px`;
        }
        const ctx = this.canvas.getContext('2d');
        if (!ctx) return;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, cssWidth, cssHeight);

        const fg = themeColor('--vscode-foreground', '#cccccc');
        const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
        const trainColor = themeColor('--vscode-charts-blue', '#3794ff');
        const valColor = themeColor('--vscode-charts-orange', '#d18616');
        const font = themeColor('--vscode-font-family', 'sans-serif');

        const w = cssWidth - PAD.left - PAD.right;
        const h = cssHeight - PAD.top - PAD.bottom;
        const xMax = Math.max(1, this.options.epochs);
        const range = this.options.yRange ?? fitRange(this.series) ?? [0, 1];
        const [y0, y1] = range;
        const X = (x: number) => PAD.left + (x / xMax) * w;
        const Y = (y: number) => PAD.top + h - ((y - y0) / (y1 - y0 || 1)) * h;

        // Grid and ticks.
        ctx.font = `11px ${font}`;
        ctx.fillStyle = fg;
        ctx.strokeStyle = grid;
        ctx.lineWidth = 1;
        ctx.globalAlpha = 1;
        const yStep = tickStep(y1 - y0, 4);
        const fmt = this.options.format ?? ((v: number) => Number(v.toPrecision(3)).toString());
        ctx.textAlign = 'right';
        ctx.textBaseline = 'middle';
        for (let v = Math.ceil(y0 / yStep) * yStep; v <= y1 + 1e-12; v += yStep) {
            const y = Math.round(Y(v)) + 0.5;
            ctx.beginPath();
            ctx.moveTo(PAD.left, y);
            ctx.lineTo(PAD.left + w, y);
            ctx.stroke();
            ctx.globalAlpha = 0.75;
            ctx.fillText(fmt(Math.abs(v) < yStep * 1e-6 ? 0 : v), PAD.left - 6, y);
            ctx.globalAlpha = 1;
        }
        const xStep = Math.max(1, tickStep(xMax, Math.max(2, Math.floor(w / 60))));
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        for (let v = 0; v <= xMax + 1e-9; v += xStep) {
            ctx.globalAlpha = 0.75;
            // The last tick makes room for the axis name.
            if (X(v) < PAD.left + w - 40) ctx.fillText(String(Math.round(v)), X(v), PAD.top + h + 6);
            ctx.globalAlpha = 1;
        }
        ctx.textAlign = 'right';
        ctx.globalAlpha = 0.6;
        ctx.fillText(`epoch ${xMax}`, PAD.left + w, PAD.top + h + 6);
        ctx.globalAlpha = 1;
        ctx.beginPath();
        ctx.moveTo(PAD.left + 0.5, PAD.top);
        ctx.lineTo(PAD.left + 0.5, PAD.top + h + 0.5);
        ctx.lineTo(PAD.left + w, PAD.top + h + 0.5);
        ctx.stroke();

        ctx.save();
        ctx.beginPath();
        ctx.rect(PAD.left, PAD.top - 2, w + 2, h + 4);
        ctx.clip();
        // Batches are noisy (small batches, dropout): faint, so the epoch lines on top stay readable.
        this.line(ctx, this.series.batch.points, X, Y, trainColor, 1, 0.22, []);
        this.line(ctx, this.series.train.points, X, Y, trainColor, 2.25, 1, [], true);
        this.line(ctx, this.series.validation.points, X, Y, valColor, 2.5, 1, [8, 3], true);
        ctx.restore();

        this.renderLegend(trainColor, valColor);
    }

    private line(
        ctx: CanvasRenderingContext2D,
        points: Point[],
        X: (x: number) => number,
        Y: (y: number) => number,
        color: string,
        width: number,
        alpha: number,
        dash: number[],
        dots = false
    ): void {
        const finite = points.filter(p => Number.isFinite(p[1]));
        if (!finite.length) return;
        ctx.strokeStyle = color;
        ctx.fillStyle = color;
        ctx.lineWidth = width;
        ctx.globalAlpha = alpha;
        ctx.setLineDash(dash);
        ctx.lineJoin = 'round';
        ctx.beginPath();
        finite.forEach((p, i) => (i === 0 ? ctx.moveTo(X(p[0]), Y(p[1])) : ctx.lineTo(X(p[0]), Y(p[1]))));
        ctx.stroke();
        ctx.setLineDash([]);
        // Dots only while they stay apart; on long runs they would merge into a thick line.
        // A lone point (the first batch) is a dot too, or nothing would show.
        if ((dots && finite.length <= 60) || finite.length === 1) {
            ctx.globalAlpha = Math.max(alpha, 0.6);
            for (const p of finite) {
                ctx.beginPath();
                ctx.arc(X(p[0]), Y(p[1]), 2.5, 0, Math.PI * 2);
                ctx.fill();
            }
        }
        ctx.globalAlpha = 1;
    }

    private renderLegend(trainColor: string, valColor: string): void {
        const items: [string, string, string][] = [];
        if (this.series.batch.points.length) items.push(['batch', trainColor, 'faint']);
        if (this.series.train.points.length) items.push(['train (epoch)', trainColor, 'solid']);
        if (this.series.validation.points.length) items.push(['validation', valColor, 'dashed']);
        const key = items.map(i => i[0]).join('|');
        if (this.legend.dataset.key === key) return;
        this.legend.dataset.key = key;
        this.legend.replaceChildren(
            ...items.map(([label, color, kind]) => {
                const item = document.createElement('span');
                item.className = `legend-item legend-${kind}`;
                const swatch = document.createElement('span');
                swatch.className = 'legend-swatch';
                swatch.style.borderColor = color;
                item.append(swatch, document.createTextNode(label));
                return item;
            })
        );
    }

    /** True when something has been drawn (used by tests through the DOM, and as a sanity check). */
    hasData(): boolean {
        return this.series.batch.points.length + this.series.train.points.length > 0;
    }
}
