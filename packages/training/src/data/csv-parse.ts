import { DataError } from './errors.js';

/** One CSV record and the 1-based line it starts on (a quoted cell may span lines). */
export interface CsvRecord {
    cells: string[];
    line: number;
}

/**
 * Splits CSV text into records (RFC 4180: comma separator, `"` quoting with `""` escapes, LF,
 * CRLF or CR line ends). A leading byte-order mark is dropped and blank lines are skipped.
 * Cells are returned as written (not trimmed); `file` only labels errors.
 */
export function parseCsvRecords(text: string, file: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const n = text.length;
    let line = 1;
    let cells: string[] = [];
    let recordLine = 1;
    let cell = '';
    let quotedCellSeen = false;
    let atCellStart = true;

    const endRecord = (): void => {
        cells.push(cell);
        // A blank line is one empty unquoted cell.
        if (!(cells.length === 1 && cells[0] === '' && !quotedCellSeen)) records.push({ cells, line: recordLine });
        cells = [];
        cell = '';
        quotedCellSeen = false;
    };

    while (i < n) {
        const ch = text[i];
        if (atCellStart && ch === '"') {
            quotedCellSeen = true;
            const openLine = line;
            i++;
            let closed = false;
            while (i < n) {
                const c = text[i];
                if (c === '"') {
                    if (text[i + 1] === '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
                cell += c;
                i++;
            }
            if (!closed) {
                throw new DataError('bad-quote', 'a quoted cell opened here is never closed (missing ")', { file, line: openLine });
            }
            // After a closing quote only a separator or the end of the record may follow.
            if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
                throw new DataError('bad-quote', `unexpected ${JSON.stringify(text[i])} after a closing quote (write "" for a quote inside a quoted cell)`, { file, line });
            }
            atCellStart = false;
            continue;
        }
        if (ch === ',') {
            cells.push(cell);
            cell = '';
            atCellStart = true;
            i++;
            continue;
        }
        if (ch === '\n' || ch === '\r') {
            endRecord();
            i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
            line++;
            recordLine = line;
            atCellStart = true;
            continue;
        }
        // Unquoted run up to the next separator or line end, taken in one slice.
        let j = i + 1;
        while (j < n) {
            const c = text.charCodeAt(j);
            if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
            j++;
        }
        cell += text.slice(i, j);
        atCellStart = false;
        i = j;
    }
    if (cell !== '' || cells.length > 0 || quotedCellSeen) endRecord();
    return records;
}
