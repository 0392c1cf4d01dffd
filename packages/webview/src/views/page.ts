/**
 * The training page: built once, then updated from the view state. Cheap parts (text, progress)
 * are refreshed on every frame with changes; charts redraw; results are rebuilt only when a new
 * result arrives.
 */
import { formatCount, formatDuration, formatMs, formatPercent, formatRate, formatValue, metricLabel } from '../format.js';
import { isActive, type RunView, type ViewState } from '../state.js';
import { boundaryView } from './boundary.js';
import { LineChart } from './chart.js';
import { confusionView } from './confusion.js';
import { el, setText } from './dom.js';
import { imageSize, samplesView } from './samples.js';
import { tryView, type Predict } from './try.js';
import { insideActivations, normsChart } from './inside.js';

export interface PageCallbacks {
    onStop(): void;
    /** The trained model of this page's last run, while the page still has it. */
    predictor?(runId: string): Predict | undefined;
}

const STATUS_TEXT: Record<RunView['status'], string> = {
    loading: 'Preparing',
    training: 'Training',
    stopping: 'Stopping…',
    done: 'Finished',
    stopped: 'Stopped',
    error: 'Failed',
    interrupted: 'Interrupted'
};

const percentTick = (v: number) => `${Math.round(v * 100)}%`;

function basename(path: string): string {
    return path.split(/[\\/]/).pop() ?? path;
}

export class TrainingPage {
    private readonly root: HTMLElement;
    private readonly title = el('h1');
    private readonly subtitle = el('p', { class: 'subtitle' });
    private readonly banner = el('div', { class: 'banner', role: 'status' });
    private readonly backendLine = el('div', { class: 'backend' });
    private readonly backendWarning = el('div', { class: 'banner warning', role: 'alert' });
    private readonly statusBadge = el('span', { class: 'status' });
    private readonly progressText = el('span', { class: 'progress-text' });
    private readonly bar = el('div', { class: 'bar-fill' });
    private readonly stats = el('dl', { class: 'stats' });
    private readonly stopButton = el('button', { type: 'button', class: 'stop' }, '■ Stop');
    private readonly errorBox = el('div', { class: 'banner error', role: 'alert' });
    private readonly lossChart = new LineChart({ title: 'Loss' });
    private readonly metricChart = new LineChart({ title: 'Metric' });
    private readonly charts = el('section', { class: 'charts' });
    private readonly results = el('section', { class: 'results' });
    /** Inside the network: norms per epoch while training, one sample's activations at the end. */
    private readonly inside = el('section', { class: 'inside' });
    private renderedInside: unknown[] = [];
    /** The decision boundary while training (2-D classifiers); the results show the final one. */
    private readonly live = el('section', { class: 'live figures' });
    private renderedLiveGrid: unknown;
    private renderedResult: unknown;
    private renderedRunId: string | undefined;
    private readonly statCells = new Map<string, { label: HTMLElement; value: HTMLElement; basis: HTMLElement }>();
    private labelledRunId: string | undefined;

    private readonly callbacks: PageCallbacks;

    constructor(root: HTMLElement, callbacks: PageCallbacks) {
        this.root = root;
        this.callbacks = callbacks;
        this.stopButton.addEventListener('click', () => {
            // Shown at once, before the trainer's next batch ends: the click was heard.
            this.stopButton.disabled = true;
            setText(this.stopButton, '■ Stopping…');
            callbacks.onStop();
        });
        const progress = el(
            'section',
            { class: 'progress' },
            el('div', { class: 'progress-head' }, this.statusBadge, this.progressText, this.stopButton),
            el('div', { class: 'bar', role: 'progressbar', 'aria-label': 'training progress' }, this.bar),
            this.stats
        );
        this.charts.append(this.lossChart.element, this.metricChart.element);
        root.replaceChildren(
            el('header', {}, this.title, this.subtitle),
            this.banner,
            this.backendLine,
            this.backendWarning,
            this.errorBox,
            progress,
            this.charts,
            this.live,
            this.results,
            this.inside
        );
        // The labels are fixed for a run (set once it starts); what a value is based on (the last
        // batch, or the last finished epoch) is said beside the value, so no label changes mid-run.
        for (const key of ['Epoch', 'Batch', 'Loss', 'Metric', 'Validation loss', 'Validation metric', 'Samples/s', 'Elapsed', 'ETA']) {
            const label = el('dt', {}, key);
            const value = el('span', { class: 'stat-value' }, '–');
            const basis = el('span', { class: 'stat-basis muted' });
            this.stats.append(el('div', { class: 'stat' }, label, el('dd', {}, value, basis)));
            this.statCells.set(key, { label, value, basis });
        }
        new ResizeObserver(() => this.drawCharts()).observe(this.charts);
    }

    render(state: ViewState): void {
        const run = state.run;
        this.root.classList.toggle('idle', !run);
        if (!run) {
            setText(this.title, 'nn training');
            setText(this.subtitle, 'Waiting for a run: use “NN: Train Model” or the ▶ Train lens above a train block.');
            this.hide(this.banner, this.backendWarning, this.errorBox);
            return;
        }
        if (this.renderedRunId !== run.runId) {
            this.renderedRunId = run.runId;
            this.renderedResult = undefined;
            this.results.replaceChildren();
        }
        setText(this.title, `Training ${run.model}`);
        const s = run.settings;
        const optimizer = `${s.optimizer}(lr=${s.learningRate})`;
        setText(
            this.subtitle,
            `${basename(run.file)}:${run.line} · ${formatCount(run.params)} params · ${run.dataLabel} · ${s.loss} · ${optimizer} · ${s.epochs} epochs × batch ${s.batchSize}` +
                (s.validation !== undefined ? ` · validation ${s.validation}` : '') +
                (s.seed !== undefined ? ` · seed ${s.seed}` : '')
        );

        this.renderBanner(state, run);
        this.renderBackend(run);
        this.renderProgress(run);
        this.renderError(run);
        this.drawCharts(run);
        this.renderLive(run);
        this.renderResults(run);
        this.renderInside(run);
    }

    private renderInside(run: RunView): void {
        const stats = run.layerStats ?? [];
        const key = [run.runId, stats.length, run.inside];
        if (key.every((k, i) => k === this.renderedInside[i])) return;
        this.renderedInside = key;
        this.inside.hidden = stats.length === 0 && !run.inside;
        if (this.inside.hidden) return this.inside.replaceChildren();
        const width = Math.max(300, Math.min(520, Math.floor((this.root.clientWidth || 900) / 2) - 24));
        const charts = el('div', { class: 'inside-charts' });
        this.inside.replaceChildren(el('h2', {}, 'Inside the network'), charts, ...(run.inside ? [insideActivations(run.inside)] : []));
        if (stats.length) {
            normsChart(charts, stats, 'gradientNorm', 'Gradient norm per layer (last batch of each epoch)', width);
            normsChart(charts, stats, 'weightNorm', 'Weight norm per layer', width);
        }
    }

    private renderLive(run: RunView): void {
        const live = run.result ? undefined : run.liveGrid;
        this.live.hidden = !live;
        if (!live) {
            // The results hold the final boundary: one picture, not two.
            if (this.renderedLiveGrid !== undefined) this.live.replaceChildren();
            this.renderedLiveGrid = undefined;
            return;
        }
        if (this.renderedLiveGrid === live) return;
        this.renderedLiveGrid = live;
        this.live.replaceChildren(el('div', { class: 'figure' }, el('h3', {}, `Decision boundary after epoch ${live.epoch}`), boundaryView(live.grid, undefined)));
    }

    private hide(...nodes: HTMLElement[]): void {
        for (const n of nodes) n.hidden = true;
    }

    private renderBanner(state: ViewState, run: RunView): void {
        let text = '';
        if (run.status === 'interrupted') {
            text = 'This view was reloaded while training: a run cannot survive a reload of its view (the model lived in the old page). The charts show what was finished. Start again with “NN: Train Model”.';
        } else if (state.restored) {
            text = 'Restored view of an earlier run (charts and results only; nothing is running).';
        } else if (isActive(run)) {
            text = 'Training runs in this view: hiding it is fine, closing or reloading it ends the run.';
        }
        this.banner.hidden = !text;
        this.banner.classList.toggle('info', run.status !== 'interrupted');
        this.banner.classList.toggle('warning', run.status === 'interrupted');
        setText(this.banner, text);
    }

    private renderBackend(run: RunView): void {
        const b = run.backend;
        if (!b) {
            delete this.backendLine.dataset.key;
            setText(this.backendLine, run.status === 'loading' ? 'Starting the tfjs backend…' : '');
            this.backendWarning.hidden = true;
            return;
        }
        // Rebuilt only when what it shows changes: render() runs ten times a second while training.
        const key = JSON.stringify([b, run.data?.loadMs]);
        if (this.backendLine.dataset.key === key) return;
        this.backendLine.dataset.key = key;
        // The renderer matters to a WebGL run; on wasm or cpu only its absence is worth a word.
        const gl = b.name === 'webgl' ? `WebGL ${b.webglVersion ?? ''} renderer: ${b.webglRenderer ?? 'unknown'}` : b.webglRenderer ? undefined : 'WebGL: unavailable';
        this.backendLine.replaceChildren(
            el('span', { class: `backend-badge backend-${b.name}`, title: b.reason }, `backend: ${b.name}`),
            el('span', { class: 'muted backend-why', title: b.reason }, backendWhy(b)),
            ...(gl ? [el('span', { class: 'muted', 'data-renderer': b.webglRenderer ?? '' }, gl)] : [])
        );
        let warning = '';
        if (b.fellBackFrom) {
            warning = `${b.fellBackFrom} could not be used, training on ${b.name} instead (${b.reason}).`;
        } else if (b.name === 'webgl' && b.softwareRendered) {
            warning = `WebGL is software-rendered (${b.webglRenderer}): the “GPU” is the CPU, so training is slow. wasm is usually faster for dense models: set nn.training.backend to wasm or auto.`;
        } else if (b.name !== 'webgl' && !b.webglRenderer) {
            warning = `WebGL is unavailable in this view; training runs on ${b.name}.`;
        }
        this.backendWarning.hidden = !warning;
        setText(this.backendWarning, warning ? `⚠ ${warning}` : '');
        if (run.data) {
            this.backendLine.append(
                el('span', { class: 'muted', title: run.data.description }, `data: ${formatCount(run.data.trainCount)} train / ${formatCount(run.data.testCount)} test, loaded in ${formatMs(run.data.loadMs)}`)
            );
        }
    }

    private renderProgress(run: RunView): void {
        this.statusBadge.className = `status status-${run.status}`;
        setText(this.statusBadge, STATUS_TEXT[run.status]);
        this.stopButton.hidden = !isActive(run);
        this.stopButton.disabled = run.status === 'stopping';
        setText(this.stopButton, run.status === 'stopping' ? '■ Stopping…' : '■ Stop');
        const p = run.progress;
        const epochs = run.started?.epochs ?? run.settings.epochs;
        const fraction = run.status === 'done' ? 1 : (p?.fraction ?? 0);
        this.bar.style.width = `${(fraction * 100).toFixed(1)}%`;
        const r = run.result;
        let text: string;
        if (r) {
            text = r.stopped
                ? `stopped after ${r.epochsCompleted} of ${epochs} epochs in ${formatDuration(r.seconds)}`
                : `${r.epochsCompleted} epochs in ${formatDuration(r.seconds)}`;
        } else if (run.finishing) {
            text = `${run.status === 'stopping' ? `stopped at epoch ${p?.epoch ?? '–'}, batch ${p?.batch ?? '–'}` : 'training done'} · ${run.finishing}`;
        } else if (p) {
            text = `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batchesPerEpoch} · ${(fraction * 100).toFixed(0)}%`;
        } else {
            text = run.status === 'loading' ? (run.data ? 'building the model…' : 'loading data…') : '';
        }
        setText(this.progressText, text);
        const cell = (k: string, v: string, basis = '') => {
            const c = this.statCells.get(k)!;
            setText(c.value, v);
            setText(c.basis, basis);
        };
        const show = (k: string, visible: boolean) => ((this.statCells.get(k)!.label.parentElement as HTMLElement).hidden = !visible);
        const e = run.lastEpoch;
        const m = run.metric;
        if (this.labelledRunId !== run.runId) {
            this.labelledRunId = run.runId;
            setText(this.statCells.get('Metric')!.label, m ? metricLabel(m) : 'Metric');
            setText(this.statCells.get('Validation metric')!.label, m ? metricLabel(`val_${m}`) : 'Validation metric');
        }
        // Epoch means once an epoch is done (a single batch's accuracy swings too much to read), the batch before.
        const basis = e ? 'epoch' : p ? 'batch' : '';
        const fmtMetric = (v: number | undefined) => (m === 'accuracy' ? formatPercent(v) : formatValue(v));
        cell('Epoch', p ? `${run.status === 'done' ? p.epochs : p.epoch} / ${p.epochs}` : `– / ${epochs}`);
        cell('Batch', p ? `${p.batch} / ${p.batchesPerEpoch}` : '–');
        cell('Loss', formatValue(e ? e.loss : p?.loss), basis);
        show('Metric', m !== undefined);
        if (m) cell('Metric', fmtMetric(e ? e[m] : p?.metric), basis);
        const hasVal = e !== undefined && e.val_loss !== undefined;
        show('Validation loss', hasVal);
        show('Validation metric', hasVal && m !== undefined && e?.[`val_${m}`] !== undefined);
        if (hasVal) {
            cell('Validation loss', formatValue(e.val_loss), 'epoch');
            if (m) cell('Validation metric', fmtMetric(e[`val_${m}`]), 'epoch');
        }
        cell('Samples/s', formatRate(p?.samplesPerSec));
        cell('Elapsed', formatDuration(r?.seconds ?? p?.elapsed));
        cell('ETA', isActive(run) ? formatDuration(p?.eta) : '–');
    }

    private renderError(run: RunView): void {
        const e = run.error;
        this.errorBox.hidden = !e;
        if (!e) return;
        this.errorBox.replaceChildren(el('strong', {}, 'Training failed: '), e.message);
        if (e.hint) this.errorBox.append(el('div', { class: 'hint' }, e.hint));
    }

    private drawCharts(run = this.lastRun): void {
        this.lastRun = run;
        if (!run) return;
        this.lossChart.update(run.charts.loss, { title: `Loss (${run.settings.loss})` });
        this.metricChart.element.hidden = !run.metric;
        if (run.metric) {
            const accuracy = run.metric === 'accuracy';
            this.metricChart.update(run.charts.metric, {
                title: metricLabel(run.metric),
                yRange: accuracy ? [0, 1] : undefined,
                format: accuracy ? percentTick : undefined
            });
        }
    }
    private lastRun: RunView | undefined;

    private renderResults(run: RunView): void {
        const r = run.result;
        if (!r || this.renderedResult === r) return;
        this.renderedResult = r;
        const parts: HTMLElement[] = [];
        const cards: HTMLElement[] = [];
        if (r.test) {
            cards.push(el('div', { class: 'card' }, el('div', { class: 'card-label' }, 'Test loss'), el('div', { class: 'card-value' }, formatValue(r.test.loss))));
            for (const [k, v] of Object.entries(r.test)) {
                if (k === 'loss' || v === undefined) continue;
                cards.push(el('div', { class: 'card' }, el('div', { class: 'card-label' }, `Test ${metricLabel(k).toLowerCase()}`), el('div', { class: 'card-value', 'data-metric': k }, k === 'accuracy' ? formatPercent(v) : formatValue(v))));
            }
        }
        if (r.stopped && r.epochsCompleted === 0) {
            // Nothing finished: say so, rather than promise results that do not exist.
            parts.push(el('h2', {}, 'Results (stopped run)'), el('p', { class: 'muted' }, 'Stopped before the first epoch finished: there are no results, and no model was saved.'));
            this.results.replaceChildren(...parts);
            return;
        }
        const note = r.stopped ? el('p', { class: 'muted' }, `Stopped by request after ${r.epochsCompleted} finished epoch(s); the results are those of the model at the stop.`) : null;
        parts.push(el('h2', {}, r.stopped ? 'Results (stopped run)' : 'Results'), el('div', { class: 'cards' }, ...cards), ...(note ? [note] : []));

        const figures: HTMLElement[] = [];
        if (r.grid) figures.push(el('div', { class: 'figure' }, el('h3', {}, 'Decision boundary'), boundaryView(r.grid, r.confusion?.classNames)));
        if (r.confusion) figures.push(el('div', { class: 'figure' }, el('h3', {}, 'Confusion matrix (test)'), confusionView(r.confusion)));
        if (figures.length) parts.push(el('div', { class: 'figures' }, ...figures));
        if (r.samples?.length) {
            const size = imageSize(run.data?.sampleShape, run.data?.name);
            // Images are small; rows of numbers are not: fewer of those.
            const shown = size ? r.samples : r.samples.slice(0, 12);
            parts.push(el('h3', {}, `Test samples (${shown.length})`), samplesView(shown, r.confusion?.classNames, size));
        }
        if (r.mistakes?.length) {
            const size = imageSize(run.data?.sampleShape, run.data?.name);
            const shown = size ? r.mistakes : r.mistakes.slice(0, 12);
            parts.push(el('h3', {}, `Worst mistakes (${shown.length}): the test samples it got wrong with the most confidence`), samplesView(shown, r.confusion?.classNames, size));
        }
        const predict = this.callbacks.predictor?.(run.runId);
        // Small images other than MNIST's (digits, 8×8) have no drawing pad; a form of 64 pixels says nothing.
        const image = imageSize(run.data?.sampleShape, run.data?.name) !== undefined;
        const trial = predict && run.data && !(image && run.data.sampleShape.reduce((a, b) => a * b, 1) !== 784) ? tryView({ predict, sampleShape: run.data.sampleShape, classNames: r.confusion?.classNames, example: (r.samples ?? [])[0]?.input }) : undefined;
        if (trial) parts.push(el('h2', {}, 'Try the model'), el('div', { class: 'try' }, trial));
        this.results.replaceChildren(...parts);
    }
}

/** Why this backend, short enough for one line: the probe's figures when `auto` measured. */
function backendWhy(b: NonNullable<RunView['backend']>): string {
    if (b.probe?.length) {
        const figures = b.probe.map(r => (r.samplesPerSec !== undefined ? `${r.backend} ${formatRate(r.samplesPerSec)}` : `${r.backend} skipped`));
        return `auto: fastest of ${figures.join(' · ')} samples/s`;
    }
    if (b.requested === 'auto') return 'auto: WebGL on a hardware GPU';
    return b.fellBackFrom ? `${b.fellBackFrom} could not start` : 'as set in nn.training.backend';
}
