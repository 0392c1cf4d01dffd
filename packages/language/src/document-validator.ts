import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';

/**
 * Parse and lex errors get the stable code `syntax` and a plainer message. Unresolved names are
 * reported by the analysis itself (with "did you mean"), so Langium's generic linking errors are
 * dropped here rather than shown twice.
 */
export class NnDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const code = (d.data as { code?: string } | undefined)?.code;
            if (code === 'parsing-error' || code === 'lexing-error') {
                d.code = 'syntax';
                if (typeof d.message === 'string') d.message = friendlySyntaxMessage(d.message);
                d.data = { code: 'syntax' };
            }
        }
        return diagnostics;
    }

    protected override processLinkingErrors(): void {
        // Intentionally empty: see the class comment.
    }
}

/** Chevrotain says "Expecting token of type ')' but found `x`."; students need plainer words. */
export function friendlySyntaxMessage(message: string): string {
    const expecting = /^Expecting (?:token of type )?'?(.+?)'? but found `(.*)`\.?$/s.exec(message);
    if (expecting) {
        const found = expecting[2] === '' ? 'the end of the file' : `'${expecting[2]}'`;
        return `Syntax error: expected ${expecting[1]} but found ${found}.`;
    }
    if (message.startsWith('brackets nested deeper')) return `Syntax error: ${message}`;
    const unexpected = /^unexpected character: ->(.)<- at offset: \d+,.*$/s.exec(message);
    if (unexpected) return `Syntax error: unexpected character '${unexpected[1]}'.`;
    return `Syntax error: ${message}`;
}
