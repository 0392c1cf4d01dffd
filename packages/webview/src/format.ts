/** Number and time formatting for the training view. */

/** 0.12345 → "0.1235", 1234.5 → "1,235", 1.2e-5 → "1.20e-5". */
export function formatValue(v: number | undefined): string {
    if (v === undefined || Number.isNaN(v)) return '–';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    const a = Math.abs(v);
    if (a !== 0 && a < 1e-3) return v.toExponential(2).replace('e-', 'e−');
    if (a >= 1000) return Math.round(v).toLocaleString('en-US');
    return v.toFixed(4);
}

/** A fraction as a percentage with two decimals: 0.98412 → "98.41%". */
export function formatPercent(v: number | undefined): string {
    if (v === undefined || !Number.isFinite(v)) return '–';
    return `${(v * 100).toFixed(2)}%`;
}

/** Seconds → "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number | undefined): string {
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
    if (seconds < 10) return `${seconds.toFixed(1)} s`;
    if (seconds < 60) return `${Math.round(seconds)} s`;
    const total = Math.round(seconds);
    if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
    const minutes = Math.round(total / 60);
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Milliseconds → "3 ms", "850 ms", "1.2 s", "14 s". */
export function formatMs(ms: number | undefined): string {
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
    if (ms < 10) return `${ms.toFixed(1)} ms`;
    if (ms < 1000) return `${Math.round(ms)} ms`;
    return formatDuration(ms / 1000);
}

/** 12345.6 → "12,346", 12.34 → "12.3". */
export function formatRate(perSecond: number | undefined): string {
    if (perSecond === undefined || !Number.isFinite(perSecond)) return '–';
    if (perSecond >= 100) return Math.round(perSecond).toLocaleString('en-US');
    return perSecond.toFixed(1);
}

export function formatCount(n: number): string {
    return n.toLocaleString('en-US');
}

/** Share of the run done after `batch` of `epoch` (both 1-based). */
export function fractionDone(epoch: number, batch: number, batchesPerEpoch: number, epochs: number): number {
    const total = batchesPerEpoch * epochs;
    if (total <= 0) return 0;
    return Math.min(1, Math.max(0, ((epoch - 1) * batchesPerEpoch + batch) / total));
}

/** "accuracy" → "Accuracy", "val_loss" → "Validation loss". */
export function metricLabel(name: string): string {
    const base = name.startsWith('val_') ? name.slice(4) : name;
    const pretty = base === 'mse' || base === 'mae' ? base.toUpperCase() : base.replace(/_/g, ' ');
    const text = name.startsWith('val_') ? `validation ${pretty}` : pretty;
    return text.charAt(0).toUpperCase() + text.slice(1);
}
