import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils, type URI } from 'langium';
import { dataPathUses } from './data-files.js';
import type { Document, NnAstType } from './generated/ast.js';
import type { NnServices } from './nn-module.js';

/** Reports the cached analysis's issues; each diagnostic carries its stable `code` and quick-fix data. */
export class NnValidator {
    constructor(private readonly services: NnServices) {}

    async checkDocument(root: Document, accept: ValidationAcceptor): Promise<void> {
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
            accept(issue.severity, issue.message, {
                node: issue.node,
                property: issue.property as never,
                code: issue.code,
                data: issue.fix ? { code: issue.code, ...issue.fix } : { code: issue.code }
            });
        }
        await this.checkDataFiles(root, document.uri, accept);
    }

    /** A csv path that cannot be read is an error at the path itself, before anyone trains. */
    private async checkDataFiles(root: Document, uri: URI, accept: ValidationAcceptor): Promise<void> {
        if (uri.scheme !== 'file') return;
        for (const use of dataPathUses(root, uri)) {
            const problem = await this.services.nn.DataFiles.problem(use.path, uri.fsPath);
            if (problem) accept('error', `Cannot use this data file: ${problem}.`, { node: use.node, code: 'data-file', data: { code: 'data-file' } });
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
