import type { LangiumDocument, ParseResult } from 'langium';
import { analyzeDocument, ModelAnalysisCache } from './analysis/analyzer.js';
import type { DocumentAnalysis } from './analysis/types.js';
import type { Document } from './generated/ast.js';

/**
 * Shape inference and checking, computed once per parse of a document and cached: every
 * consumer (validator, inlay hints, hover, code actions, CLI, trainer) reads the same result.
 *
 * Keyed by the parse result, not by the document: an edit re-parses in place (the tree is
 * spliced, see incremental-parse.ts) and each parse gives a new result object, so an analysis a
 * request computed between an edit's notification and its parse can never be taken for the new
 * text's (a cache cleared on the notification alone would keep it).
 */
export class NnAnalyzer {
    private readonly byParse = new WeakMap<ParseResult, DocumentAnalysis>();
    /** Models an edit did not touch keep their analysis from the previous parse. */
    private readonly models = new ModelAnalysisCache();

    analyze(document: LangiumDocument): DocumentAnalysis {
        const parsed = document.parseResult;
        let analysis = this.byParse.get(parsed);
        if (!analysis) {
            analysis = analyzeDocument(parsed.value as Document, this.models);
            this.byParse.set(parsed, analysis);
        }
        return analysis;
    }
}
