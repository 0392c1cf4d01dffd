import type { Shape } from '../description.js';

// One formatter for every count: `toLocaleString` builds a new one per call, which was a tenth of
// the analysis of a 10,000-layer model (every layer's parameter formula formats its counts).
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 401920 → "401,920". */
export function formatCount(n: number): string {
    return Number.isFinite(n) ? COUNT.format(Math.round(n)) : String(n);
}

/** [28, 28, 1] → "[28, 28, 1]". */
export function formatShape(shape: readonly number[]): string {
    return `[${shape.join(', ')}]`;
}

/** 2_680_000 bytes → "2.6 MB" (binary units, as memory is counted). */
export function formatBytes(bytes: number): string {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${Math.round(value)} bytes` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function elementCount(shape: Shape): number {
    let n = 1;
    for (const d of shape) n *= d;
    return n;
}

/** "1 parameter" / "60 parameters". */
export function plural(n: number, word: string): string {
    return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
