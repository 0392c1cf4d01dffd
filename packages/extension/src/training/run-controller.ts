/**
 * One training run seen from the extension host: opens its panel, hands the page the description
 * and data, mirrors progress in a cancellable notification, and writes the run's folder when the
 * page reports the end.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type { BackendMessage, BackendPreference, DataMessage, DataPayload, DoneMessage, ErrorMessage, StartedMessage, WebviewMessage } from '@nn-lang/webview';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { outputRoot, runFolderName, writeRun } from './artifacts.js';
import { TrainingPanel } from './panel.js';
import { formatProgress } from './messages.js';

export type RunOutcome = 'done' | 'stopped' | 'error' | 'closed';

export interface RunContext {
    extensionUri: vscode.Uri;
    /** The .nn document: runs of unsaved (untitled) documents have no folder to save into. */
    documentUri: vscode.Uri;
    output: vscode.LogOutputChannel;
    diagnostics: vscode.DiagnosticCollection;
    backend: BackendPreference;
    outputDirectory: string;
}

export class TrainingRunController implements vscode.Disposable {
    readonly runId = randomUUID();
    readonly panel: TrainingPanel;
    private outcome: RunOutcome | undefined;
    private finishedResolve!: (outcome: RunOutcome) => void;
    /** Settles when the run has ended and its folder (if any) is written. */
    readonly finished: Promise<RunOutcome> = new Promise(resolve => (this.finishedResolve = resolve));
    private backend?: BackendMessage;
    private data?: DataMessage;
    private started?: StartedMessage;
    private readonly startedAt = new Date();
    private stopRequested = false;
    private startPosted = false;
    private readonly subscriptions: vscode.Disposable[] = [];

    /** `payload`: the data the page cannot get itself (see data-payload.ts), read before the panel opens. */
    constructor(
        readonly description: TrainingDescription,
        private readonly payload: DataPayload,
        private readonly ctx: RunContext
    ) {
        this.panel = TrainingPanel.create(ctx.extensionUri, `Train ${description.model.name}`);
        this.subscriptions.push(
            this.panel.onMessage(m => void this.onMessage(m)),
            this.panel.onDidDispose(() => {
                if (!this.outcome) {
                    this.ctx.output.warn(`Training view of ${this.label} closed while training: the run ended without saving.`);
                    void vscode.window.showWarningMessage(`Training of ${this.description.model.name} ended: its view was closed. (Stop it first to keep the finished epochs.)`);
                    this.finish('closed');
                }
            })
        );
    }

    get label(): string {
        return `${this.description.model.name} (${vscode.workspace.asRelativePath(this.description.file)}:${this.description.line})`;
    }

    get active(): boolean {
        return this.outcome === undefined;
    }

    /** Sends the run to the page once its script is running. */
    async start(): Promise<void> {
        this.showProgress();
        await this.panel.ready();
        if (!this.active) return;
        this.ctx.output.info(`Training ${this.label} on ${this.ctx.backend} (run ${this.runId})`);
        this.startPosted = true;
        await this.panel.post({ type: 'start', runId: this.runId, description: this.description, data: this.payload, backend: this.ctx.backend });
    }

    stop(): void {
        if (!this.active || this.stopRequested) return;
        this.stopRequested = true;
        void this.panel.post({ type: 'stop', runId: this.runId });
    }

    reveal(): void {
        this.panel.reveal();
    }

    private progressReporter?: vscode.Progress<{ message?: string; increment?: number }>;
    private reported = 0;

    private showProgress(): void {
        void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Training ${this.description.model.name}`, cancellable: true },
            (progress, token) => {
                this.progressReporter = progress;
                progress.report({ message: 'starting…' });
                token.onCancellationRequested(() => this.stop());
                return this.finished;
            }
        );
    }

    private report(fraction: number, message: string): void {
        const target = Math.max(0, Math.min(100, fraction * 100));
        const increment = target - this.reported;
        this.reported = Math.max(this.reported, target);
        this.progressReporter?.report({ message, increment: increment > 0 ? increment : undefined });
    }

    private async onMessage(message: WebviewMessage): Promise<void> {
        if ('runId' in message && message.runId !== undefined && message.runId !== this.runId) return;
        switch (message.type) {
            case 'ready':
                // A second `ready` means the page was reloaded (Developer: Reload Webviews): the run died with the old page.
                if (this.startPosted && this.active) {
                    this.ctx.output.warn(`Training view of ${this.label} was reloaded while training: the run ended without saving.`);
                    void vscode.window.showWarningMessage(`Training of ${this.description.model.name} ended: its view was reloaded. Training cannot survive a reload of its view.`);
                    this.finish('closed');
                }
                break;
            case 'backend':
                this.backend = message;
                this.ctx.output.info(
                    `${this.description.model.name}: backend ${message.name}${message.webglRenderer ? ` (WebGL: ${message.webglRenderer})` : ''} — ${message.reason}`
                );
                if (message.fellBackFrom) {
                    void vscode.window.showWarningMessage(`Training ${this.description.model.name} on ${message.name}: ${message.fellBackFrom} could not be used (${message.reason}).`);
                }
                break;
            case 'data':
                this.data = message;
                this.ctx.output.info(`${this.description.model.name}: data ${message.name}, ${message.trainCount} train / ${message.testCount} test, loaded in ${Math.round(message.loadMs)} ms in the view`);
                break;
            case 'started':
                this.started = message;
                break;
            case 'progress':
                this.report(((message.epoch - 1) * message.batchesPerEpoch + message.batch) / (message.epochs * message.batchesPerEpoch), formatProgress(message, this.description.metrics[0]));
                break;
            case 'epoch':
                this.ctx.output.debug(`${this.description.model.name} epoch ${message.logs.epoch}/${message.epochs}: ${JSON.stringify(message.logs)}`);
                break;
            case 'done':
                await this.complete(message);
                break;
            case 'error':
                await this.fail(message);
                break;
        }
    }

    private finish(outcome: RunOutcome): void {
        if (this.outcome) return;
        this.outcome = outcome;
        this.finishedResolve(outcome);
        for (const s of this.subscriptions) s.dispose();
    }

    private metrics(done?: DoneMessage, error?: ErrorMessage): object {
        const d = this.description;
        const finishedAt = new Date();
        return {
            model: d.model.name,
            file: d.file,
            line: d.line,
            startedAt: this.startedAt.toISOString(),
            finishedAt: finishedAt.toISOString(),
            durationSeconds: (finishedAt.getTime() - this.startedAt.getTime()) / 1000,
            trainingSeconds: done?.seconds,
            stopped: done?.stopped ?? false,
            ...(done?.stopped ? { note: `stopped by request after ${done.epochsCompleted} of ${done.epochs} epochs; the saved model is the one at the stop` } : {}),
            ...(done?.stoppedAt ? { stoppedAt: done.stoppedAt } : {}),
            ...(error ? { error: error.message } : {}),
            epochsCompleted: done?.epochsCompleted ?? error?.history?.length ?? 0,
            settings: {
                data: d.data,
                loss: d.loss,
                optimizer: d.optimizer,
                metrics: d.metrics,
                epochs: d.epochs,
                batchSize: d.batchSize,
                validation: d.validation ?? null
            },
            seed: done?.seed ?? this.started?.seed ?? d.seed ?? null,
            backend: {
                requested: this.ctx.backend,
                used: done?.backend ?? this.backend?.name ?? null,
                webglRenderer: this.backend?.webglRenderer ?? null,
                softwareRendered: this.backend?.softwareRendered ?? null,
                reason: this.backend?.reason ?? null
            },
            params: d.model.params,
            dataset: this.data ? { name: this.data.name, description: this.data.description, trainCount: this.data.trainCount, testCount: this.data.testCount, loadMs: this.data.loadMs } : null,
            history: done?.history ?? error?.history ?? [],
            test: done?.test ?? null,
            confusionMatrix: done?.confusion ? { classNames: done.confusion.classNames, matrix: done.confusion.matrix } : null,
            generatedBy: 'nn-lang VS Code extension (training view)'
        };
    }

    private async complete(done: DoneMessage): Promise<void> {
        const name = this.description.model.name;
        const accuracy = done.test?.accuracy;
        const summary =
            (done.stopped ? `stopped after ${done.epochsCompleted}/${done.epochs} epochs` : `${done.epochsCompleted} epochs in ${done.seconds.toFixed(1)} s`) +
            (done.test ? ` · test loss ${done.test.loss.toFixed(4)}` : '') +
            (accuracy !== undefined ? ` · test accuracy ${(accuracy * 100).toFixed(2)}%` : '');
        this.ctx.output.info(`${name}: ${summary}`);
        let folder: string | undefined;
        try {
            if (this.ctx.documentUri.scheme === 'file') {
                const root = outputRoot(this.description.file, this.ctx.outputDirectory);
                folder = await writeRun(root, runFolderName(name, this.startedAt), { artifacts: done.modelArtifacts, metrics: this.metrics(done) });
                this.ctx.output.info(`${name}: wrote ${folder}${done.modelArtifacts ? '' : ' (metrics only: no epoch finished)'}`);
            }
        } catch (e) {
            this.ctx.output.error(`${name}: could not write the run folder: ${(e as Error).message}`);
            void vscode.window.showErrorMessage(`Training ${name} finished, but its files could not be written: ${(e as Error).message}`);
        }
        this.finish(done.stopped ? 'stopped' : 'done');
        if (folder) {
            const open = 'Open folder';
            const exportRun = 'Export…';
            const choice = await vscode.window.showInformationMessage(`Training ${name} ${done.stopped ? 'stopped' : 'finished'}: ${summary}. Saved in ${vscode.workspace.asRelativePath(folder)}.`, open, exportRun);
            if (choice === open) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder));
            // ONNX, PyTorch (script + safetensors) or Keras, from the run just written (interop/commands.ts).
            if (choice === exportRun) await vscode.commands.executeCommand('nn.exportTrained', vscode.Uri.file(folder));
        } else {
            void vscode.window.showInformationMessage(`Training ${name} ${done.stopped ? 'stopped' : 'finished'}: ${summary}. (Save the .nn file to keep the trained model.)`);
        }
    }

    private async fail(error: ErrorMessage): Promise<void> {
        const name = this.description.model.name;
        this.ctx.output.error(`${name}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
        if (error.file && error.line !== undefined) {
            // A CSV line or a layer: the problem shows where it is, not only in a toast.
            const uri = vscode.Uri.file(error.file);
            const line = Math.max(0, error.line - 1);
            const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), error.message, vscode.DiagnosticSeverity.Error);
            diagnostic.source = 'nn training';
            this.ctx.diagnostics.set(uri, [...(this.ctx.diagnostics.get(uri) ?? []), diagnostic]);
        }
        this.finish('error');
        const where = error.file && error.line !== undefined ? 'Show problem' : undefined;
        const choice = await vscode.window.showErrorMessage(`Training ${name} failed: ${error.message}${error.hint ? ` ${error.hint}` : ''}`, ...(where ? [where] : []));
        if (choice === where && error.file && error.line !== undefined) {
            const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(error.file));
            const pos = new vscode.Position(error.line - 1, 0);
            await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
        }
    }

    dispose(): void {
        this.finish('closed');
        this.panel.dispose();
    }
}
