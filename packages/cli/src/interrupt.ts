/**
 * What Ctrl-C does during `nn train`: the first stops training after the current batch (what
 * finished is kept); a second one quits at once, except while the run folder is being written:
 * then nn quits right after the folder is complete, so a run folder is whole or absent, never half.
 */
export type TrainPhase = 'training' | 'saving';

export type InterruptAction = 'stop' | 'quit' | 'quit-after-save' | 'ignore';

export class InterruptPolicy {
    private phase: TrainPhase = 'training';
    private stopRequested = false;
    private quitRequested = false;

    /** Decides what one Ctrl-C does now. */
    interrupt(): InterruptAction {
        if (this.phase === 'saving') {
            if (this.quitRequested) return 'ignore';
            this.quitRequested = true;
            return 'quit-after-save';
        }
        if (this.stopRequested) return 'quit';
        this.stopRequested = true;
        return 'stop';
    }

    enter(phase: TrainPhase): void {
        this.phase = phase;
    }

    /** True when a Ctrl-C during saving asked to quit once the folder is written. */
    get quitAfterSave(): boolean {
        return this.quitRequested;
    }
}

/** Exit status after a Ctrl-C, as shells report it (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export const INTERRUPT_MESSAGES: Record<Exclude<InterruptAction, 'quit'>, string> = {
    stop: '\nstopping after this batch (Ctrl-C again to quit at once)…\n',
    'quit-after-save': '\nwriting the run folder: nn quits as soon as it is complete…\n',
    ignore: ''
};
