/**
 * How the training loop lets the page breathe between batches. The loop runs on the page's main
 * thread, so every click, paint and host message waits for it to yield.
 *
 * A MessageChannel task: browsers do not throttle it in hidden pages (setTimeout they do, to once
 * a second), so a hidden panel keeps training. Measured in headless Chromium with the seed CNN on
 * wasm (test/stop-latency.slow.test.ts): a mouse click on Stop is handled within about one batch
 * (0.5-0.9 s, batches of ~0.5 s) with this yield alone. A variant that also waited for an
 * animation frame every 100 ms painted more often, but in one real-VS-Code UI run with it the
 * host's progress notification trailed the page by 36 epochs; unproven either way, so the
 * simpler yield stays.
 */
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
