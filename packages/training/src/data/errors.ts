export type DataErrorCode =
    | 'missing-file'
    | 'empty-file'
    | 'corrupt-file'
    | 'not-installed'
    | 'ragged-row'
    | 'not-a-number'
    | 'missing-value'
    | 'unknown-column'
    | 'bad-quote'
    | 'bad-argument'
    /** Outside the workspace folder, not a regular file, or too big: refused before reading. */
    | 'not-allowed';

/**
 * A data problem the user can fix. `file` and `line` (1-based) are kept apart from the message so
 * an editor can place a diagnostic; the message itself already reads `file:line: what`.
 */
export class DataError extends Error {
    readonly code: DataErrorCode;
    readonly file?: string;
    readonly line?: number;

    constructor(code: DataErrorCode, detail: string, where: { file?: string; line?: number } = {}) {
        const prefix = where.file ? (where.line ? `${where.file}:${where.line}: ` : `${where.file}: `) : '';
        super(prefix + clipMessage(detail));
        this.name = 'DataError';
        this.code = code;
        this.file = where.file;
        this.line = where.line;
    }
}

/** Longest detail a DataError carries: a message quotes at most a cell or a line of the file, never the file. */
export const MAX_DETAIL_CHARS = 300;

/** `text` cut to `max` characters (an ellipsis marks the cut), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
    if (text.length <= max) return text;
    let end = max - 1;
    if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
    return `${text.slice(0, end)}…`;
}

function clipMessage(detail: string): string {
    return clip(detail, MAX_DETAIL_CHARS);
}
