import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils, type URI } from 'langium';
import type { DocumentAnalysis } from './analysis/types.js';
import { TABULAR_TEST_FRACTION } from './catalogue/data.js';
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
        await this.checkDataFiles(root, document.uri, analysis, accept);
    }

    /**
     * A csv path that cannot be read is an error at the path itself, and so is a file too small
     * for its splits: both would otherwise surface only when training starts, or after it ends.
     */
    private async checkDataFiles(root: Document, uri: URI, analysis: DocumentAnalysis, accept: ValidationAcceptor): Promise<void> {
        if (uri.scheme !== 'file') return;
        for (const use of dataPathUses(root, uri)) {
            const report = await this.services.nn.DataFiles.inspect(use.path, uri.fsPath);
            if (report.problem) {
                accept('error', `Cannot use this data file: ${report.problem}.`, { node: use.node, code: 'data-file', data: { code: 'data-file' } });
                continue;
            }
            const validation = analysis.trains.find(t => t.node === use.train)?.settings.validation;
            const problem = report.split && splitProblem(report.split, validation);
            if (problem) accept('error', problem, { node: use.node, code: 'data-split', data: { code: 'data-split' } });
        }
    }
}

const HOLDOUT = `${Math.round(TABULAR_TEST_FRACTION * 100)}%`;

/** Why training on a CSV with these split sizes would fail, as the trainer would find out (some of it only after the last epoch). */
export function splitProblem(split: { rows: number; train: number; test: number }, validation: 'test' | number | undefined): string | undefined {
    const { rows, train, test } = split;
    const samples = `${rows} data row${rows === 1 ? '' : 's'}`;
    if (rows === 0) return 'This CSV has a header but no data rows.';
    if (test === 0) {
        return `This CSV has ${samples}: the ${HOLDOUT} test split gets none, and training ends by measuring the test split. Add rows (at least 3).`;
    }
    if (typeof validation === 'number' && validation > 0 && validation < 1) {
        const splitAt = Math.floor(train * (1 - validation));
        if (splitAt < 1 || splitAt >= train) {
            return `This CSV has ${samples}: ${train} for training after the ${HOLDOUT} test split, and validation = ${validation} of them leaves ${splitAt} for training and ${train - splitAt} for validation; both need at least one. Add rows, or use validation = test.`;
        }
    }
    return undefined;
}export function registerValidationChecks(services: NnServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.NnValidator;
    const checks: ValidationChecks<NnAstType> = {
        Document: validator.checkDocument.bind(validator)
    };
    registry.register(checks, validator);
}
