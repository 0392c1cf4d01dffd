/**
 * Test samples with the model's predictions: images (MNIST 28×28, digits 8×8) drawn from their
 * pixel values on small canvases; other inputs as their first few features.
 */
import { formatValue } from '../format.js';
import type { SampleResult } from '../protocol/index.js';
import { el } from './dom.js';

/** Height and width of a sample drawn as an image, or undefined when it is not an image. */
export function imageSize(sampleShape: number[] | undefined, dataName: string | undefined): [number, number] | undefined {
    if (!sampleShape) return undefined;
    if (sampleShape.length >= 2 && sampleShape[0] >= 4 && sampleShape[1] >= 4) return [sampleShape[0], sampleShape[1]];
    if (dataName === 'digits' && sampleShape.length === 1 && sampleShape[0] === 64) return [8, 8];
    return undefined;
}

function drawImage(values: number[], [h, w]: [number, number]): HTMLCanvasElement {
    const canvas = el('canvas', { class: 'sample-image', width: String(w), height: String(h) });
    const ctx = canvas.getContext('2d');
    if (!ctx) return canvas;
    const image = ctx.createImageData(w, h);
    const channels = Math.max(1, Math.floor(values.length / (w * h)));
    for (let i = 0; i < w * h; i++) {
        // Ink is dark on light, the way digits are written; values are scaled to [0, 1].
        const v = Math.max(0, Math.min(1, values[i * channels] ?? 0));
        const g = Math.round(255 * (1 - v));
        image.data.set([g, g, g, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
    return canvas;
}

export function samplesView(samples: SampleResult[], classNames: string[] | undefined, size: [number, number] | undefined): HTMLElement {
    const name = (k: number | undefined) => (k === undefined ? '?' : (classNames?.[k] ?? String(k)));
    const cards = samples.map(s => {
        const visual = size
            ? drawImage(s.input, size)
            : el('div', { class: 'sample-features', title: s.input.map(v => formatValue(v)).join(', ') }, s.input.slice(0, 4).map(v => formatValue(v)).join('\n') + (s.input.length > 4 ? '\n…' : ''));
        let label: HTMLElement;
        if (s.predictedClass !== undefined) {
            const ok = s.correct === true;
            label = el(
                'div',
                { class: `sample-label ${ok ? 'ok' : 'wrong'}` },
                el('span', { class: 'pred' }, `${ok ? '✓' : '✗'} ${name(s.predictedClass)}`),
                ok ? null : el('span', { class: 'truth' }, `true ${name(s.trueClass)}`)
            );
            label.title = `predicted ${name(s.predictedClass)} (confidence ${formatValue(s.confidence)}), true ${name(s.trueClass)}`;
        } else {
            label = el('div', { class: 'sample-label' }, `ŷ ${s.output.map(v => formatValue(v)).join(', ')}`, el('span', { class: 'truth' }, `y ${s.target.map(v => formatValue(v)).join(', ')}`));
        }
        return el('div', { class: 'sample' }, visual, label);
    });
    return el('div', { class: `samples ${size ? 'images' : 'tabular'}` }, ...cards);
}
