/**
 * Diagnostic messages are shown as plain text (the Problems panel, hovers over squiggles, the
 * CLI), but several are assembled from catalogue prose written in Markdown. This turns one into
 * plain text: `code` becomes 'code', and a sentence that ends in a full stop and then gets one
 * more (a summary ending in "." followed by our own ".") keeps one.
 */
export function plainMessage(message: string): string {
    return message
        .replace(/`([^`\n]+)`/g, (_, code: string) => (/^'.*'$/.test(code) ? code : `'${code}'`))
        .replace(/(?<!\.)\.\.(?!\.)/g, '.')
        .replace(/\.\s+\./g, '.');
}
