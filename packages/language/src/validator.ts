import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Document, NnAstType } from './generated/ast.js';
import type { NnServices } from './nn-module.js';

/** Reports the cached analysis's issues; each diagnostic carries its stable `code` and quick-fix data. */
export class NnValidator {
    constructor(private readonly services: NnServices) {}

    checkDocument(root: Document, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(root);
        let analysis;
        try {
            analysis = this.services.nn.Analyzer.analyze(document);
        } catch (error) {
            // A checker bug must be visible, not swallowed: report it at the top of the file.
            const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
            accept('error', `Internal checker error (please report): ${text}`, { node: root, code: 'internal-error' });
            return;
        }
        for (const issue of analysis.issues) {
            if (!issue.node?.$cstNode) {
                // Only text the parser recovered from lacks a syntax node; it already has a syntax error.
                continue;
            }
            const related = issue.related?.flatMap(note => {
                const range = note.node.$cstNode?.range;
                return range ? [{ location: { uri: document.textDocument.uri, range }, message: note.message }] : [];
            });
            accept(issue.severity, issue.message, {
                node: issue.node,
                property: issue.property as never,
                code: issue.code,
                data: issue.fix ? { code: issue.code, ...issue.fix, ...(issue.otherFixes?.length ? { otherFixes: issue.otherFixes } : {}) } : { code: issue.code },
                relatedInformation: related?.length ? related : undefined
            });
        }
    }
}

export function registerValidationChecks(services: NnServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.NnValidator;
    const checks: ValidationChecks<NnAstType> = {
        Document: validator.checkDocument.bind(validator)
    };
    registry.register(checks, validator);
}
