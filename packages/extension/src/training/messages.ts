/** Texts and choices of the training commands, kept free of the VS Code API so they can be unit-tested. */
import type { ProgressMessage } from '@nn-lang/webview';
import type { ProblemInfo, TrainBlockInfo } from './lsp-protocol.js';

const MAX_LISTED = 3;

/** "Cannot train: xor.nn has 2 errors — line 4: …; line 9: …" */
export function refusal(action: string, fileName: string, errors: Pick<ProblemInfo, 'line' | 'message'>[]): string {
    const listed = errors.slice(0, MAX_LISTED).map(e => `line ${e.line}: ${e.message}`);
    const more = errors.length > MAX_LISTED ? `; and ${errors.length - MAX_LISTED} more` : '';
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    return `Cannot ${action}: ${fileName} has ${count} — ${listed.join('; ')}${more}. Fix them first (see Problems).`;
}

/** The train block at a 1-based line: the one containing it, else none. */
export function blockAt(blocks: TrainBlockInfo[], line: number): TrainBlockInfo | undefined {
    return blocks.find(b => line >= b.line && line <= b.endLine);
}

/** The notification's line: "epoch 3/60 · loss 0.2312 · accuracy 91.20% · 1,234 samples/s · 12 s left". */
export function formatProgress(p: Pick<ProgressMessage, 'epoch' | 'epochs' | 'loss' | 'metrics' | 'samplesPerSec' | 'eta'>, metric?: string): string {
    const parts = [`epoch ${p.epoch}/${p.epochs}`, `loss ${Number.isFinite(p.loss) ? p.loss.toFixed(4) : String(p.loss)}`];
    const m = metric !== undefined ? p.metrics[metric] : undefined;
    if (m !== undefined) parts.push(metric === 'accuracy' ? `accuracy ${(m * 100).toFixed(2)}%` : `${metric} ${m.toFixed(4)}`);
    parts.push(`${Math.round(p.samplesPerSec).toLocaleString('en-US')} samples/s`);
    if (p.eta !== undefined) parts.push(p.eta < 60 ? `${Math.ceil(p.eta)} s left` : `${Math.round(p.eta / 60)} min left`);
    return parts.join(' · ');
}
