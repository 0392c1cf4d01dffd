/**
 * One training run seen from the extension host: opens its panel, hands the page the description
 * and data, mirrors progress in a cancellable notification, and writes the run's folder when the
 * page reports the end.
 */
import type { TrainingDescription } from '@nn-lang/language';
import type { BackendMessage, BackendPreference, DataMessage, DataPayload, DoneMessage, ErrorMessage, StartedMessage, WebviewMessage } from '@nn-lang/webview';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { outputRoot, runFolderName, runMetrics, writeRunFolder, type RunMetrics } from '@nn-lang/training/runs';
import { TrainingPanel, type RefusedMessage } from './panel.js';
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
    /** The view of this model's previous run, reused (one view per model): its page is still running. */
    panel?: TrainingPanel;
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
        this.panel = ctx.panel && !ctx.panel.isDisposed ? ctx.panel : TrainingPanel.create(ctx.extensionUri, `Train ${description.model.name}`);
        if (this.panel === ctx.panel) this.panel.reveal();
        this.subscriptions.push(
            this.panel.onMessage(m => void this.onMessage(m)),
            this.panel.onRefusedMessage(r => this.onRefused(r)),
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
        const ready = await this.panel.ready();
        if (!this.active) return;
        if (!ready.compatible) {
            this.abandon(`its view is of another version of the extension (protocol ${ready.protocol}). Close the view and train again`);
            return;
        }
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

    /** Ends the run because its view cannot be relied on; nothing is saved. */
    private abandon(why: string): void {
        if (!this.active) return;
        const name = this.description.model.name;
        this.ctx.output.error(`Training ${this.label} ended: ${why}.`);
        this.finish('error');
        void vscode.window.showErrorMessage(`Training ${name} ended: ${why}. Nothing was saved.`);
    }

    /** A message that failed its schema is logged and dropped; when it was this run's end, the run ends here. */
    private onRefused(refused: RefusedMessage): void {
        if (refused.runId !== undefined && refused.runId !== this.runId) return;
        this.ctx.output.warn(`Training view of ${this.label}: dropped a malformed '${refused.type ?? '?'}' message: ${refused.problem}`);
        if (refused.type === 'done' || refused.type === 'error') this.abandon(`the training view sent a '${refused.type}' message this extension could not read (${refused.problem})`);
    }

    private async onMessage(message: WebviewMessage): Promise<void> {
        try {
            await this.handle(message);
        } catch (error) {
            // A bug here must not leave the run "active" for good (and the Stop command enabled).
            this.abandon(`an internal error occurred while handling its '${message.type}' message: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private async handle(message: WebviewMessage): Promise<void> {
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

    private metrics(done: DoneMessage): Omit<RunMetrics, 'files'> {
        const finishedAt = new Date();
        return runMetrics({
            description: this.description,
            startedAt: this.startedAt,
            finishedAt,
            durationSeconds: (finishedAt.getTime() - this.startedAt.getTime()) / 1000,
            trainingSeconds: done.seconds,
            stopped: done.stopped,
            stoppedAt: done.stoppedAt,
            history: done.history,
            test: done.test,
            seed: done.seed ?? this.started?.seed ?? this.description.seed ?? null,
            backend: {
                requested: this.ctx.backend,
                used: done.backend ?? this.backend?.name ?? null,
                webglRenderer: this.backend?.webglRenderer ?? null,
                softwareRendered: this.backend?.softwareRendered ?? null,
                reason: this.backend?.reason ?? null
            },
            dataset: this.data ? { name: this.data.name, description: this.data.description, trainCount: this.data.trainCount, testCount: this.data.testCount, loadMs: this.data.loadMs } : undefined,
            confusion: done.confusion,
            generatedBy: 'nn-lang VS Code extension (training view)',
            modelSaved: done.modelArtifacts !== undefined
        });
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
                const metadata = { nn: { model: name, file: this.description.file, seed: done.seed } };
                folder = (await writeRunFolder(root, runFolderName(name, this.startedAt), { model: done.modelArtifacts, metadata, metrics: this.metrics(done) })).dir;
                this.ctx.output.info(`${name}: wrote ${folder}${done.modelArtifacts ? '' : ' (metrics.json only: no model to save)'}`);
            }
        } catch (e) {
            this.ctx.output.error(`${name}: could not write the run folder: ${(e as Error).message}`);
            void vscode.window.showErrorMessage(`Training ${name} finished, but its files could not be written: ${(e as Error).message}`);
        }
        this.finish(done.stopped ? 'stopped' : 'done');
        const verb = done.stopped ? 'stopped' : 'finished';
        if (folder) {
            const open = 'Open folder';
            // Exactly what the folder holds: a view stopped in its first epoch has no model to keep (or export).
            const kept = done.modelArtifacts
                ? `Saved the model and its metrics in ${vscode.workspace.asRelativePath(folder)}.`
                : `No epoch finished, so there is no model to save: only metrics.json is in ${vscode.workspace.asRelativePath(folder)}.`;
            const exportRun = 'Export…';
            const choice = await vscode.window.showInformationMessage(`Training ${name} ${verb}: ${summary}. ${kept}`, open, ...(done.modelArtifacts ? [exportRun] : []));
            if (choice === open) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder));
            // ONNX, PyTorch (script + safetensors) or Keras, from the run just written (interop/commands.ts).
            if (choice === exportRun) await vscode.commands.executeCommand('nn.exportTrained', vscode.Uri.file(folder));
        } else {
            void vscode.window.showInformationMessage(`Training ${name} ${verb}: ${summary}. (Save the .nn file to keep the trained model.)`);
        }
    }

    /**
     * Files the run itself was given: only these may be marked or opened for an error the view
     * reports (its `file` is the view's word, not a fact).
     */
    private knownFiles(): Set<string> {
        const files = new Set([this.description.file]);
        if (this.description.data.kind === 'csv') files.add(this.description.data.path);
        if (this.payload.kind === 'csv-text') files.add(this.payload.file);
        return files;
    }

    private async fail(error: ErrorMessage): Promise<void> {
        const name = this.description.model.name;
        this.ctx.output.error(`${name}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
        let where: { file: string; line: number } | undefined;
        if (error.file !== undefined && error.line !== undefined) {
            if (this.knownFiles().has(error.file)) where = { file: error.file, line: error.line };
            else this.ctx.output.warn(`${name}: the training view placed the error in '${error.file}', a file this run was not given: not shown there.`);
        }
        if (where) {
            // A CSV line or a layer: the problem shows where it is, not only in a toast.
            const uri = vscode.Uri.file(where.file);
            const line = where.line - 1;
            const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), error.message, vscode.DiagnosticSeverity.Error);
            diagnostic.source = 'nn training';
            this.ctx.diagnostics.set(uri, [...(this.ctx.diagnostics.get(uri) ?? []), diagnostic]);
        }
        this.finish('error');
        const show = where ? 'Show problem' : undefined;
        const choice = await vscode.window.showErrorMessage(`Training ${name} failed: ${error.message}${error.hint ? ` ${error.hint}` : ''}`, ...(show ? [show] : []));
        if (where && choice === show) {
            const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(where.file));
            const pos = new vscode.Position(where.line - 1, 0);
            await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
        }
    }

    dispose(): void {
        this.finish('closed');
        this.panel.dispose();
    }
}
