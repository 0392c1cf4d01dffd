import { DefaultDocumentValidator, type AstNode, type LangiumDocument, type ValidationAcceptor, type ValidationOptions } from 'langium';
import { CancellationToken, type Diagnostic } from 'vscode-languageserver';

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

    /**
     * Every nn check is registered on the Document (one analysis covers the whole file), so the
     * root is the only node with checks: Langium's walk over every AST node, with an `await` per
     * node, would cost a fifth of a 10,000-layer check and find nothing.
     */
    protected override async validateAstNodes(root: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken?: CancellationToken): Promise<void> {
        for (const check of this.validationRegistry.getChecks(root.$type, options.categories)) {
            await check(root, acceptor, cancelToken ?? CancellationToken.None);
        }
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
