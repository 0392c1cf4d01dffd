/**
 * How the training loop lets the page breathe between batches. The loop runs on the page's main
 * thread, so every click, paint and host message waits for it to yield.
 *
 * Yielding with a MessageChannel task alone can starve the page of frames: Chromium may run the
 * next queued task ahead of a frame. Measured in headless Chromium with the seed CNN on wasm
 * (test/stop-latency.slow.test.ts), Playwright's click, which waits for two animation frames,
 * took 7.1-7.3 s with MessageChannel yields alone and 1.4-3.6 s with this; a plain mouse click
 * was handled within about one batch either way (0.5-0.9 s). So, while the page is visible, the
 * loop waits for a frame every `frameEveryMs` (charts and the Stop button's "Stopping…" get
 * painted); hidden pages draw no frames, and there it keeps to MessageChannel tasks, which
 * browsers do not throttle in hidden pages (setTimeout they do).
 */

/** A macrotask that browsers do not throttle in hidden pages (unlike setTimeout). */
export function messageChannelYield(): Promise<void> {
    return new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
            channel.port1.close();
            resolve();
        };
        channel.port2.postMessage(null);
    });
}

export interface FrameYieldOptions {
    /** Time between two waits for a frame while the page is visible. */
    frameEveryMs?: number;
    /** A frame that does not come within this time (an occluded window) is not waited for. */
    frameTimeoutMs?: number;
    now?: () => number;
    visible?: () => boolean;
    requestFrame?: (callback: () => void) => void;
}

/** A yield function for the trainer: a frame now and then while visible, a MessageChannel task otherwise. */
export function frameAwareYield(options: FrameYieldOptions = {}): () => Promise<void> {
    const frameEveryMs = options.frameEveryMs ?? 100;
    const frameTimeoutMs = options.frameTimeoutMs ?? 100;
    const now = options.now ?? (() => performance.now());
    const visible = options.visible ?? (() => document.visibilityState === 'visible');
    const requestFrame = options.requestFrame ?? (callback => requestAnimationFrame(() => callback()));
    let lastFrame = now();
    return async () => {
        if (!visible() || now() - lastFrame < frameEveryMs) return messageChannelYield();
        await new Promise<void>(resolve => {
            let settled = false;
            const go = () => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                resolve();
            };
            const timer = setTimeout(go, frameTimeoutMs);
            // Resumed from a task queued in the frame's callback: the frame is painted (and input
            // handled) before the next batch starts, not after it.
            requestFrame(() => void messageChannelYield().then(go));
        });
        lastFrame = now();
    };
}
