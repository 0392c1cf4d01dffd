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
    | 'bad-argument';

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
        super(prefix + detail);
        this.name = 'DataError';
        this.code = code;
        this.file = where.file;
        this.line = where.line;
    }
}
