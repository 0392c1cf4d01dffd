/** Reads VS Code's theme variables (set on <html> by the webview host), with fallbacks for a plain browser. */
export function themeColor(variable: string, fallback: string): string {
    const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
    return value || fallback;
}

/** Parses `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb()/rgba()` into 0..255 channels. */
export function parseColor(color: string): [number, number, number] | undefined {
    const hex = color.trim().match(/^#([0-9a-f]{3,8})$/i);
    if (hex) {
        const h = hex[1];
        if (h.length === 3 || h.length === 4) return [0, 1, 2].map(i => parseInt(h[i] + h[i], 16)) as [number, number, number];
        if (h.length === 6 || h.length === 8) return [0, 2, 4].map(i => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
        return undefined;
    }
    const rgb = color.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
    return undefined;
}

/** Theme colours for classes 0..k-1 of a classifier (decision maps, confusion highlights). */
export function classColors(): string[] {
    return [
        themeColor('--vscode-charts-orange', '#d18616'),
        themeColor('--vscode-charts-blue', '#3794ff'),
        themeColor('--vscode-charts-green', '#89d185'),
        themeColor('--vscode-charts-purple', '#b180d7'),
        themeColor('--vscode-charts-red', '#f14c4c'),
        themeColor('--vscode-charts-yellow', '#cca700'),
        '#4dc9c0',
        '#e86fb2',
        '#9aa7b0',
        '#c0a070'
    ];
}
