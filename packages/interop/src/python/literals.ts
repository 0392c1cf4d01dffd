/** Python source text for plain values: what generated scripts embed. */

/** A Python float or int literal that reads back as the same double. */
export function pyNumber(value: number): string {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'float("nan")' : value > 0 ? 'float("inf")' : '-float("inf")';
    if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
    // JS's shortest round-trip text is valid Python for every finite double (1e-7, 0.001, 2.5e+30).
    return String(value).replace('e+', 'e');
}

/** A float literal even for whole numbers (`0.0`), where Python code expects a float. */
export function pyFloat(value: number): string {
    const text = pyNumber(value);
    return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

export function pyString(value: string): string {
    return JSON.stringify(value);
}

export function pyBool(value: boolean): string {
    return value ? 'True' : 'False';
}

/** A Python literal for a JSON-like value (numbers, strings, booleans, null, lists, objects). */
export function pyValue(value: unknown): string {
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'number') return pyNumber(value);
    if (typeof value === 'boolean') return pyBool(value);
    if (typeof value === 'string') return pyString(value);
    if (Array.isArray(value)) return `[${value.map(pyValue).join(', ')}]`;
    if (typeof value === 'object') {
        return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`).join(', ')}}`;
    }
    throw new Error(`no Python literal for ${typeof value}`);
}

/** A tuple literal: `(3,)`, `(3, 3)`. */
export function pyTuple(values: readonly number[]): string {
    return values.length === 1 ? `(${pyNumber(values[0])},)` : `(${values.map(pyNumber).join(', ')})`;
}

const KEYWORDS = new Set([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
    'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
    'while', 'with', 'yield', 'match', 'case', 'type'
]);

/**
 * A Python identifier for a name from a .nn file. Keywords and names the generated code uses
 * itself (`reserved`) get a trailing underscore, as PEP 8 suggests.
 */
export function pyIdentifier(name: string, reserved: ReadonlySet<string> = new Set()): string {
    let id = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
    while (KEYWORDS.has(id) || reserved.has(id)) id = `${id}_`;
    return id;
}

/** A class name: the .nn model name when it is a valid identifier, else a cleaned-up one. */
export function pyClassName(name: string): string {
    return pyIdentifier(name, new Set(['Model', 'Module', 'Tensor', 'F', 'nn', 'torch', 'keras', 'layers', 'np']));
}

/** Indents every non-empty line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
    const pad = ' '.repeat(spaces);
    return text.split('\n').map(line => (line.trim() === '' ? '' : pad + line)).join('\n');
}

/** A `#` comment block, each line wrapped at `width` characters. */
export function pyComment(text: string, width = 96): string {
    const out: string[] = [];
    for (const paragraph of text.split('\n')) {
        let line = '#';
        for (const word of paragraph.split(/\s+/).filter(Boolean)) {
            if (line.length + 1 + word.length > width && line !== '#') {
                out.push(line);
                line = '#';
            }
            line += ` ${word}`;
        }
        out.push(line);
    }
    return out.join('\n');
}
