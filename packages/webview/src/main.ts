/**
 * Entry point of the training webview (bundled to out/webview.js as an IIFE: the UMD tfjs build
 * needs `eval`, which the page's CSP forbids; an esbuild bundle of the ESM entry does not).
 */
import './styles.css';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { PROTOCOL_VERSION, readHostMessage, type HostMessage, type WebviewMessage } from './protocol/index.js';
import { compileKernels } from './trainer.js';
import { runTraining } from './run.js';
import { messageChannelYield } from './yield.js';
import { applyEvent, emptyState, isActive, restoreState, type ViewEvent, type ViewState } from './state.js';
import { TrainingPage } from './views/page.js';
import { acquireVsCode } from './vscode-api.js';

const vscode = acquireVsCode();
const body = document.body;
const wasmBase = body.dataset.wasmBase ?? './wasm/';
const dataBase = body.dataset.dataBase ?? './data/';

const restored = restoreState(vscode.getState());
const state: ViewState = restored ?? emptyState();
let controller: AbortController | undefined;

/** The last run's trained model, for "Try the model"; disposed when the next run starts. */
let kept: { runId: string; model: tf.LayersModel } | undefined;

const page = new TrainingPage(document.getElementById('app')!, {
    onStop: () => stop(),
    predictor: runId => {
        const k = kept;
        if (!k || k.runId !== runId) return undefined;
        return async x => {
            const shape = [1, ...(k.model.inputs[0].shape.slice(1) as number[])];
            const y = tf.tidy(() => k.model.predict(tf.tensor(x, shape)) as tf.Tensor);
            const values = Array.from(await y.data());
            y.dispose();
            return values;
        };
    }
});

// ------------------------------------------------------------ rendering and persistence

/**
 * Ten frames a second are plenty for charts and counters, and leave the CPU to training (on
 * software WebGL, the renderer and the page share the same cores: drawing every frame halved the
 * training speed).
 */
const RENDER_EVERY_MS = 100;
let renderQueued = false;
let lastRender = 0;
function scheduleRender(urgent = false): void {
    if (renderQueued) return;
    renderQueued = true;
    const wait = urgent ? 0 : Math.max(0, RENDER_EVERY_MS - (performance.now() - lastRender));
    setTimeout(() =>
        requestAnimationFrame(() => {
            renderQueued = false;
            lastRender = performance.now();
            page.render(state);
        }), wait);
}

const SAVE_EVERY_MS = 1000;
let lastSave = 0;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** `setState` serialises everything: at most once a second while training, at once at the end. */
function persist(now = false): void {
    const save = () => {
        saveTimer = undefined;
        lastSave = performance.now();
        vscode.setState(state);
    };
    if (now) {
        if (saveTimer) clearTimeout(saveTimer);
        save();
    } else if (!saveTimer) {
        saveTimer = setTimeout(save, Math.max(0, SAVE_EVERY_MS - (performance.now() - lastSave)));
    }
}

function apply(event: ViewEvent): void {
    applyEvent(state, event);
    const final = event.type === 'done' || event.type === 'error' || event.type === 'start';
    scheduleRender(final || event.type === 'stopping');
    persist(final);
}

function post(message: WebviewMessage): void {
    apply(message);
    vscode.postMessage(message);
}

// ------------------------------------------------------------ running

// Before anything touches a backend: when webgl fails to start, tfjs itself initialises the
// next registered backend (wasm), which then has to know where its binaries are. Only the
// prefix is given: tfjs picks the SIMD (or plain) binary; the threaded one needs cross-origin
// isolation, which webviews do not have.
setWasmPaths(wasmBase);

async function registerWasm(): Promise<void> {
    if (!tf.findBackendFactory('wasm')) throw new Error('tfjs-backend-wasm did not register with this tfjs');
    // The trainer's own wasm kernels: compiled ahead, since a page's main thread may refuse to
    // compile a module synchronously. If this fails they fall back to tfjs's own kernels.
    await compileKernels().catch(() => undefined);
}

function stop(): void {
    const run = state.run;
    if (!controller || !run || !isActive(run)) return;
    controller.abort();
    apply({ type: 'stopping', runId: run.runId });
}

async function start(message: Extract<HostMessage, { type: 'start' }>): Promise<void> {
    if (isActive(state.run) && controller) {
        vscode.postMessage({ type: 'error', runId: message.runId, message: 'This view is already training; start another run from the editor (each run gets its own view).' });
        return;
    }
    kept?.model.dispose();
    kept = undefined;
    apply(message);
    controller = new AbortController();
    await runTraining(
        {
            tf,
            registerWasm,
            dataBase,
            emit: post,
            onPageEvent: event => {
                applyEvent(state, event);
                scheduleRender(event.type === 'finishing');
                persist();
            },
            yieldFn: messageChannelYield,
            keepModel: model => (kept = { runId: message.runId, model })
        },
        { runId: message.runId, description: message.description, data: message.data, backend: message.backend },
        controller.signal
    );
    controller = undefined;
    scheduleRender();
}

window.addEventListener('message', event => {
    const read = readHostMessage(event.data);
    if (!read.ok) {
        // VS Code posts its own messages into webviews too: only ours (start/stop) are worth a word.
        if (read.type !== 'start' && read.type !== 'stop') return;
        console.warn(`nn training view: dropped a malformed '${read.type}' message: ${read.problem}`);
        // The host waits for this run to end: tell it the run cannot start, rather than nothing.
        if (read.type === 'start' && read.runId) {
            vscode.postMessage({ type: 'error', runId: read.runId, message: `The training view could not read the run it was given (${read.problem}).`, hint: 'Reload the window; if it persists, report it.' } satisfies WebviewMessage);
        }
        return;
    }
    const message = read.message;
    if (message.type === 'start') void start(message);
    else if (message.type === 'stop' && state.run?.runId === message.runId) stop();
});

page.render(state);
if (restored) persist(true);
vscode.postMessage({ type: 'ready', protocol: PROTOCOL_VERSION, restored: restored !== undefined } satisfies WebviewMessage);
