/**
 * One Node backend's share of the benchmark, in its own process (tfjs cannot switch backends
 * cleanly, and each backend gets fresh memory). Forked by node-runner.ts with an IPC channel:
 * receives a NodeJob, trains each model with the trainer's `train()` after `selectBackend` (as
 * `nn train` does), and sends one NodeModelResult per model.
 */
import type { TrainingDescription } from '@nn-lang/language';
import { loadDataset, selectBackend, train, type BackendChoice } from '@nn-lang/training';
import { WindowMeter, type MeterSettings, type Window } from './windows.js';

export interface NodeJob {
    backend: BackendChoice;
    models: { key: string; description: TrainingDescription }[];
    meter: MeterSettings;
    /** Per model: stop timing after this long, keeping what was measured. */
    capSeconds: number;
    /** Folder of the synthetic MNIST-format files (read by the trainer's own loader). */
    mnistDir: string;
}

export type NodeModelResult =
    | {
          type: 'result';
          key: string;
          ok: true;
          /** What `train()` ran on. */
          backend: string;
          reason: string;
          windows: Window[];
          partial: boolean;
          warmupOnly: boolean;
          capped: boolean;
          tfjs: string;
      }
    | { type: 'result'; key: string; ok: false; error: string };

const send = (message: NodeModelResult | { type: 'finished' }): Promise<void> =>
    new Promise((resolve, reject) => process.send!(message, undefined, {}, e => (e ? reject(e) : resolve())));

async function runModel(tf: typeof import('@tensorflow/tfjs'), job: NodeJob, key: string, desc: TrainingDescription): Promise<NodeModelResult> {
    const dataset = await loadDataset(desc.data, { task: desc.task, seed: desc.seed, paths: { mnist: job.mnistDir } });
    // `auto` times a few batches on each backend that can train the model, as `nn train` does.
    const selection = await selectBackend(tf, job.backend, desc.model, { probe: { desc, dataset } });
    const meter = new WindowMeter(job.meter);
    const stop = new AbortController();
    let capped = false;
    const cap = setTimeout(() => {
        capped = true;
        stop.abort();
    }, job.capSeconds * 1000);
    let done = 0;
    let trainSamples = 0;
    try {
        const result = await train(
            tf,
            desc,
            dataset,
            {
                onStart: e => {
                    trainSamples = e.trainSamples;
                },
                onBatchEnd: e => {
                    done++;
                    const samples = (e.epoch - 1) * trainSamples + Math.min(e.batch * desc.batchSize, trainSamples);
                    if (meter.add({ epoch: e.epoch, done, samples, t: performance.now() / 1000 })) stop.abort();
                }
            },
            stop.signal
        );
        result.model.dispose();
        const { windows, partial, warmupOnly } = meter.finish();
        return { type: 'result', key, ok: true, backend: result.backend, reason: selection.reason, windows, partial, warmupOnly, capped, tfjs: tf.version.tfjs };
    } finally {
        clearTimeout(cap);
    }
}

async function main(job: NodeJob): Promise<void> {
    // tfjs greets Node users ("install tfjs-node", which cannot be installed here): not news.
    for (const level of ['log', 'warn'] as const) {
        const write = console[level].bind(console);
        console[level] = (...parts: unknown[]) => {
            const text = parts.map(String).join(' ');
            if (!/tfjs-node|^=+$/.test(text.trim())) write(...parts);
        };
    }
    const tf = await import('@tensorflow/tfjs');
    for (const { key, description } of job.models) {
        let result: NodeModelResult;
        try {
            result = await runModel(tf, job, key, description);
        } catch (e) {
            result = { type: 'result', key, ok: false, error: (e as Error)?.message ?? String(e) };
        }
        await send(result);
    }
    await send({ type: 'finished' });
    process.disconnect();
}

if (!process.send) {
    console.error('bench/train/node-backend.ts runs as a child of the training benchmark (npm run bench:train)');
    process.exit(2);
}
// The parent gone (Ctrl-C, a crash) means nobody wants the numbers.
process.on('disconnect', () => process.exit(0));
process.once('message', job => {
    main(job as NodeJob).catch(e => {
        console.error(e);
        process.exit(1);
    });
});
