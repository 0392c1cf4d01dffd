/**
 * Try the trained model: for MNIST-like images, draw a digit and watch the class probabilities
 * as you draw; for rows of numbers (tabular sets), a form of the features. Both run the model the
 * run just trained, kept in the page until the next run starts.
 */
import { formatValue } from '../format.js';
import { MNIST_SIZE, mnistPreprocess } from '../try/preprocess.js';
import { el } from './dom.js';

export type Predict = (x: Float32Array) => Promise<number[]>;

export interface TryOptions {
    predict: Predict;
    sampleShape: number[];
    classNames?: string[];
    /** A test sample to start the form from (tabular sets). */
    example?: number[];
}

const DRAW = 280;
const BRUSH = 22;

/** Whether the model takes MNIST-like 28×28 images (drawn), or rows of features (a form); undefined: neither. */
export function tryKind(sampleShape: number[]): 'draw' | 'form' | undefined {
    const n = sampleShape.reduce((a, b) => a * b, 1);
    if (n === MNIST_SIZE * MNIST_SIZE && (sampleShape.length === 1 || (sampleShape[0] === MNIST_SIZE && sampleShape[1] === MNIST_SIZE))) return 'draw';
    // 2-D sets have the decision boundary; a form is for a handful of features.
    if (sampleShape.length === 1 && sampleShape[0] > 2 && sampleShape[0] <= 64) return 'form';
    return undefined;
}

/** The bar's length is set through the CSSOM: the page's CSP refuses inline style attributes. */
function fill(p: number): HTMLElement {
    const bar = el('span', { class: 'try-fill' });
    bar.style.width = `${(Math.max(0, Math.min(1, p)) * 100).toFixed(1)}%`;
    return bar;
}

function outputsView(outputs: number[], classNames: string[] | undefined): HTMLElement {
    if (outputs.length === 1 && !classNames?.length) return el('div', { class: 'try-value' }, `prediction: ${formatValue(outputs[0])}`);
    // One sigmoid unit: the probability of class 1.
    const probs = outputs.length === 1 ? [1 - outputs[0], outputs[0]] : outputs;
    const best = probs.indexOf(Math.max(...probs));
    return el(
        'div',
        { class: 'try-bars' },
        ...probs.map((p, k) =>
            el(
                'div',
                { class: `try-bar${k === best ? ' best' : ''}`, 'data-class': String(k) },
                el('span', { class: 'try-label' }, classNames?.[k] ?? String(k)),
                el('span', { class: 'try-track' }, fill(p)),
                el('span', { class: 'try-percent' }, `${(p * 100).toFixed(1)}%`)
            )
        )
    );
}

function drawView(o: TryOptions): HTMLElement {
    const canvas = el('canvas', { class: 'try-canvas', width: String(DRAW), height: String(DRAW), 'aria-label': 'draw a digit here' });
    const preview = el('canvas', { class: 'try-preview', width: String(MNIST_SIZE), height: String(MNIST_SIZE), title: 'what the model sees: 28×28, fitted to 20×20, centred by mass' });
    const result = el('div', { class: 'try-result muted' }, 'Draw a digit in the box.');
    const clear = el('button', { type: 'button', class: 'try-clear' }, 'Clear');
    const ctx = canvas.getContext('2d')!;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = BRUSH;
    ctx.strokeStyle = '#000';
    let drawing = false;
    let last: [number, number] | undefined;
    let pending = false;
    let again = false;
    const position = (e: PointerEvent): [number, number] => {
        const r = canvas.getBoundingClientRect();
        return [((e.clientX - r.left) / r.width) * DRAW, ((e.clientY - r.top) / r.height) * DRAW];
    };
    const classify = async () => {
        if (pending) {
            again = true;
            return;
        }
        pending = true;
        const alpha = ctx.getImageData(0, 0, DRAW, DRAW).data;
        const ink = new Float32Array(DRAW * DRAW);
        for (let i = 0; i < ink.length; i++) ink[i] = alpha[i * 4 + 3] / 255;
        const x = mnistPreprocess(ink, DRAW, DRAW);
        const pctx = preview.getContext('2d')!;
        const image = pctx.createImageData(MNIST_SIZE, MNIST_SIZE);
        x.forEach((v, i) => image.data.set([255 * (1 - v), 255 * (1 - v), 255 * (1 - v), 255], i * 4));
        pctx.putImageData(image, 0, 0);
        if (x.some(v => v > 0)) result.replaceChildren(outputsView(await o.predict(x), o.classNames));
        pending = false;
        if (again) {
            again = false;
            void classify();
        }
    };
    canvas.addEventListener('pointerdown', e => {
        drawing = true;
        canvas.setPointerCapture(e.pointerId);
        last = position(e);
        ctx.beginPath();
        ctx.arc(last[0], last[1], BRUSH / 2, 0, Math.PI * 2);
        ctx.fill();
    });
    canvas.addEventListener('pointermove', e => {
        if (!drawing || !last) return;
        const p = position(e);
        ctx.beginPath();
        ctx.moveTo(last[0], last[1]);
        ctx.lineTo(p[0], p[1]);
        ctx.stroke();
        last = p;
        void classify();
    });
    const end = () => {
        if (!drawing) return;
        drawing = false;
        last = undefined;
        void classify();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    clear.addEventListener('click', () => {
        ctx.clearRect(0, 0, DRAW, DRAW);
        preview.getContext('2d')!.clearRect(0, 0, MNIST_SIZE, MNIST_SIZE);
        result.replaceChildren('Draw a digit in the box.');
    });
    return el('div', { class: 'try-draw' }, el('div', { class: 'try-pad' }, canvas, el('div', { class: 'try-tools' }, clear, preview)), result);
}

function formView(o: TryOptions): HTMLElement {
    const n = o.sampleShape[0];
    const start = o.example ?? new Array<number>(n).fill(0);
    const inputs = Array.from({ length: n }, (_, i) => el('input', { type: 'number', step: 'any', value: String(Number((start[i] ?? 0).toPrecision(4))), 'aria-label': `feature ${i + 1}` }));
    const result = el('div', { class: 'try-result' });
    const run = async () => {
        const x = Float32Array.from(inputs, i => Number(i.value) || 0);
        result.replaceChildren(outputsView(await o.predict(x), o.classNames));
    };
    for (const input of inputs) input.addEventListener('input', () => void run());
    void run();
    return el(
        'div',
        { class: 'try-form' },
        el('p', { class: 'muted' }, 'The features as the model sees them (after the data set’s scaling), starting from a test sample: change one and watch the prediction.'),
        el('div', { class: 'try-fields' }, ...inputs.map((input, i) => el('label', {}, `x${i + 1}`, input))),
        result
    );
}

export function tryView(o: TryOptions): HTMLElement | undefined {
    const kind = tryKind(o.sampleShape);
    if (kind === 'draw') return drawView(o);
    if (kind === 'form') return formView(o);
    return undefined;
}
