/** Decision-boundary heat map of a 2-D classifier: predicted class per grid cell, shaded by confidence, with the test points on top. */
import type { GridResult } from '../protocol/index.js';
import { el } from './dom.js';
import { classColors, parseColor, themeColor } from './theme.js';

const SIZE = 280;

export function boundaryView(grid: GridResult, classNames: string[] | undefined): HTMLElement {
    const canvas = el('canvas', { class: 'boundary', width: String(SIZE), height: String(SIZE), role: 'img', 'aria-label': 'decision boundary' });
    const ctx = canvas.getContext('2d');
    const colors = classColors();
    if (ctx) {
        const background = parseColor(themeColor('--vscode-editor-background', '#1e1e1e')) ?? [30, 30, 30];
        const rgb = colors.map(c => parseColor(c) ?? [128, 128, 128]);
        // One pixel per grid cell, scaled up smoothly: a soft map instead of blocks.
        const cells = document.createElement('canvas');
        cells.width = grid.nx;
        cells.height = grid.ny;
        const cctx = cells.getContext('2d');
        if (cctx) {
            const image = cctx.createImageData(grid.nx, grid.ny);
            for (let j = 0; j < grid.ny; j++) {
                for (let i = 0; i < grid.nx; i++) {
                    const k = j * grid.nx + i;
                    const c = rgb[grid.classes[k] % rgb.length];
                    // Confidence 0.5 (the boundary) fades to the background; 1 is the full class colour at 60%.
                    const units = Math.max(2, grid.units);
                    const strength = Math.max(0, (grid.confidence[k] - 1 / units) / (1 - 1 / units)) * 0.6;
                    const row = grid.ny - 1 - j; // grid row 0 is y's minimum: draw it at the bottom
                    const o = (row * grid.nx + i) * 4;
                    for (let ch = 0; ch < 3; ch++) image.data[o + ch] = Math.round(background[ch] * (1 - strength) + c[ch] * strength);
                    image.data[o + 3] = 255;
                }
            }
            cctx.putImageData(image, 0, 0);
            ctx.imageSmoothingEnabled = true;
            ctx.drawImage(cells, 0, 0, SIZE, SIZE);
        }
        const X = (x: number) => ((x - grid.x[0]) / (grid.x[1] - grid.x[0])) * SIZE;
        const Y = (y: number) => SIZE - ((y - grid.y[0]) / (grid.y[1] - grid.y[0])) * SIZE;
        ctx.lineWidth = 1;
        ctx.strokeStyle = themeColor('--vscode-editor-background', '#1e1e1e');
        for (const [x, y, k] of grid.points) {
            ctx.beginPath();
            ctx.arc(X(x), Y(y), 3, 0, Math.PI * 2);
            ctx.fillStyle = colors[k % colors.length];
            ctx.fill();
            ctx.stroke();
        }
    }
    const names = classNames?.length ? classNames : ['0', '1'];
    const legend = el(
        'div',
        { class: 'boundary-legend' },
        ...names.map((n, k) => {
            const sw = el('span', { class: 'legend-dot' });
            sw.style.background = colors[k % colors.length];
            return el('span', { class: 'legend-item' }, sw, n);
        })
    );
    return el('div', { class: 'boundary-wrap' }, canvas, legend, el('p', { class: 'muted' }, 'Shaded by the model’s confidence; dots are test samples.'));
}
