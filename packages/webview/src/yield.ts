/**
 * How the training loop lets the page breathe between batches. The loop runs on the page's main
 * thread, so every click, paint and host message waits for it to yield.
 *
 * A MessageChannel task: browsers do not throttle it in hidden pages (setTimeout they do, to once
 * a second), so a hidden panel keeps training. Measured in headless Chromium with the seed CNN on
 * wasm (test/stop-latency.slow.test.ts): a mouse click on Stop is handled within about one batch
 * (0.5-0.9 s, batches of ~0.5 s). A variant that also waited for an animation frame every 100 ms
 * painted more often but was dropped: in the real-VS-Code UI test, the host then received the
 * page's messages late (a wasm run's notification 36 epochs behind the page).
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
