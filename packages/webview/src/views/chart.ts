/**
 * A training chart drawn by uPlot: per-batch values as a faint line, per-epoch training and
 * validation values as solid and dashed lines, with the values under the cursor in the legend.
 * Colours and font come from VS Code's theme variables, so it follows light, dark and
 * high-contrast themes (and is rebuilt when the theme changes). The x axis grows with the run.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { emptySeries, type ChartSeries, type Point } from '../state.js';
import { parseColor, themeColor } from './theme.js';

export interface ChartOptions {
    title: string;
    /** Fixed y range (accuracy is 0..1); otherwise fitted to the data. */
    yRange?: [number, number];
    /** Format of y tick labels and legend values. */
    format?: (v: number) => string;
}

const HEIGHT = 180;

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

/**
 * The x axis spans the epochs the run has reached so far (whole epochs, at least one): it grows
 * with the run instead of leaving epoch 1 a sliver of a 20-epoch axis.
 */
export function xExtent(series: ChartSeries): number {
    let last = 0;
    for (const s of [series.batch, series.train, series.validation]) for (const [x] of s.points) if (x > last) last = x;
    return Math.max(1, Math.ceil(last - 1e-9));
}

/** uPlot's aligned data: one x array (the union of every series' x) and a y array per series, null where it has no point. */
export function alignedData(series: ChartSeries): [number[], ...(number | null)[][]] {
    const lines: Point[][] = [series.batch.points, series.train.points, series.validation.points];
    const xs = [...new Set(lines.flatMap(points => points.map(p => p[0])))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = lines.map(points => {
        const y: (number | null)[] = new Array(xs.length).fill(null);
        for (const [x, v] of points) y[index.get(x)!] = Number.isFinite(v) ? v : null;
        return y;
    });
    return [xs, ...ys];
}

function withAlpha(color: string, alpha: number): string {
    const rgb = parseColor(color);
    return rgb ? `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})` : color;
}

interface Theme {
    fg: string;
    grid: string;
    train: string;
    validation: string;
    font: string;
}

function currentTheme(): Theme {
    return {
        fg: themeColor('--vscode-foreground', '#cccccc'),
        grid: themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
        train: themeColor('--vscode-charts-blue', '#3794ff'),
        validation: themeColor('--vscode-charts-orange', '#d18616'),
        font: themeColor('--vscode-font-family', 'sans-serif')
    };
}

/** Dots only while they stay apart (on long runs they would merge into a thick line); a lone point is a dot, or nothing would show. */
const pointsWhile = (max: number) => (u: uPlot, seriesIdx: number) => {
    let n = 0;
    for (const v of u.data[seriesIdx]) if (v !== null && v !== undefined) n++;
    return n === 1 || n <= max;
};

export class LineChart {
    readonly element: HTMLElement;
    private readonly titleText: HTMLElement;
    private readonly plotHost: HTMLElement;
    private plot: uPlot | undefined;
    private themeKey = '';
    private series: ChartSeries = { batch: emptySeries(), train: emptySeries(), validation: emptySeries() };
    private options: ChartOptions;

    constructor(options: ChartOptions) {
        this.options = options;
        this.element = document.createElement('figure');
        this.element.className = 'chart';
        const caption = document.createElement('figcaption');
        this.titleText = document.createElement('span');
        this.titleText.className = 'chart-title';
        this.titleText.textContent = options.title;
        caption.append(this.titleText);
        this.plotHost = document.createElement('div');
        this.plotHost.className = 'chart-plot';
        this.plotHost.setAttribute('role', 'img');
        this.plotHost.setAttribute('aria-label', `${options.title} chart`);
        this.element.append(caption, this.plotHost);
    }

    update(series: ChartSeries, options?: Partial<ChartOptions>): void {
        this.series = series;
        if (options) this.options = { ...this.options, ...options };
        if (this.titleText.textContent !== this.options.title) {
            this.titleText.textContent = this.options.title;
            this.plotHost.setAttribute('aria-label', `${this.options.title} chart`);
        }
        this.draw();
    }

    /** Draws (or resizes) the chart; nothing while it is hidden. */
    draw(): void {
        const width = Math.floor(this.plotHost.clientWidth || this.element.clientWidth);
        if (this.element.hidden || width <= 0) return;
        const theme = currentTheme();
        const key = JSON.stringify(theme);
        if (!this.plot || key !== this.themeKey) {
            this.plot?.destroy();
            this.plot = new uPlot(this.plotOptions(theme, width), alignedData(this.series), this.plotHost);
            this.themeKey = key;
            return;
        }
        if (this.plot.width !== width) this.plot.setSize({ width, height: HEIGHT });
        this.plot.setData(alignedData(this.series));
    }

    private plotOptions(theme: Theme, width: number): uPlot.Options {
        // Read at drawing time: the page may change the format (the metric) without a rebuild.
        const format = (v: number) => (this.options.format ?? (x => Number(x.toPrecision(3)).toString()))(v);
        const axis = (label?: string): uPlot.Axis => ({
            stroke: theme.fg,
            font: `11px ${theme.font}`,
            labelFont: `11px ${theme.font}`,
            grid: { stroke: theme.grid, width: 1 },
            ticks: { stroke: theme.grid, width: 1, size: 4 },
            ...(label ? { label, labelSize: 14 } : {})
        });
        const value = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format(v));
        return {
            width,
            height: HEIGHT,
            legend: { live: true },
            cursor: { drag: { x: false, y: false, setScale: false } },
            scales: {
                x: { time: false, range: () => [0, xExtent(this.series)] },
                y: { range: () => this.options.yRange ?? fitRange(this.series) ?? [0, 1] }
            },
            axes: [
                {
                    ...axis('epoch'),
                    // Whole epochs only.
                    splits: u => {
                        const max = u.scales.x.max ?? 1;
                        const step = Math.max(1, tickStep(max, Math.max(2, Math.floor(u.width / 60))));
                        const ticks: number[] = [];
                        for (let v = 0; v <= max + 1e-9; v += step) ticks.push(v);
                        return ticks;
                    },
                    values: (_u, splits) => splits.map(v => String(Math.round(v)))
                },
                { ...axis(), size: 48, values: (_u, splits) => splits.map(v => format(Math.abs(v) < 1e-12 ? 0 : v)) }
            ],
            series: [
                { label: 'epoch', value: (_u, v) => (v === null || v === undefined ? '–' : v.toFixed(2)) },
                // Batches are noisy (small batches, dropout): faint, so the epoch lines on top stay readable.
                { label: 'batch', stroke: withAlpha(theme.train, 0.3), width: 1, spanGaps: true, value, points: { show: pointsWhile(1), size: 5, fill: theme.train } },
                { label: 'train (epoch)', stroke: theme.train, width: 2.25, spanGaps: true, value, points: { show: pointsWhile(60), size: 5, fill: theme.train } },
                { label: 'validation', stroke: theme.validation, width: 2.5, dash: [8, 3], spanGaps: true, value, points: { show: pointsWhile(60), size: 5, fill: theme.validation } }
            ]
        };
    }

    /** True when something has been drawn (used by tests through the DOM, and as a sanity check). */
    hasData(): boolean {
        return this.series.batch.points.length + this.series.train.points.length > 0;
    }
}
