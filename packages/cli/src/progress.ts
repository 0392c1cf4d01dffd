/** A one-line progress bar on a terminal (stderr), redrawn in place. */
export class ProgressLine {
    private shown = false;
    private last = 0;

    constructor(private readonly write: (text: string) => void, private readonly width = 24) {}

    update(epoch: number, epochs: number, batch: number, batches: number, loss: number, metrics: Record<string, number>, samplesPerSec: number, etaSeconds: number): void {
        const now = Date.now();
        // Redrawing more than ~20 times a second only costs time.
        if (now - this.last < 50 && batch !== batches) return;
        this.last = now;
        const filled = Math.round((batch / batches) * this.width);
        const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(this.width - filled)}`;
        const metricText = Object.entries(metrics).map(([k, v]) => ` ${k} ${v.toFixed(4)}`).join('');
        const line = `epoch ${epoch}/${epochs} [${bar}] ${batch}/${batches} loss ${loss.toFixed(4)}${metricText} · ${Math.round(samplesPerSec).toLocaleString('en-US')} samples/s · ETA ${formatDuration(etaSeconds)}`;
        const columns = process.stderr.columns || 100;
        this.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
        this.shown = true;
    }

    clear(): void {
        if (this.shown) this.write('\r\x1b[K');
        this.shown = false;
    }
}

function formatDuration(seconds: number): string {
    if (!Number.isFinite(seconds)) return '?';
    const s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
