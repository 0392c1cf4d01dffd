import type { Shape } from '../description.js';

/**
 * 401920 → "401,920". Exact up to 2^53; beyond, a double is no longer a count we know exactly
 * (and the formatter would print made-up digits), so it says so: "about 4.61 × 10^18".
 */
export function formatCount(n: number): string {
    if (!Number.isFinite(n)) return String(n);
    if (Math.abs(n) > Number.MAX_SAFE_INTEGER) {
        const [mantissa, exponent] = n.toExponential(2).split('e');
        return `about ${mantissa} × 10^${Number(exponent)}`;
    }
    // Grouped by hand: Intl's formatter was a tenth of the analysis of a 10,000-layer model
    // (every layer's parameter formula formats its counts). Same text as en-US grouping.
    const rounded = Math.round(n);
    const digits = String(Math.abs(rounded));
    let grouped = digits.slice(0, digits.length % 3 || 3);
    for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
    return rounded < 0 ? `-${grouped}` : grouped;
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
