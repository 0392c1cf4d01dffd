import { DocumentCache, type LangiumDocument } from 'langium';
import type { LangiumSharedCoreServices } from 'langium';
import { analyzeDocument, ModelAnalysisCache } from './analysis/analyzer.js';
import type { DocumentAnalysis } from './analysis/types.js';
import type { Document } from './generated/ast.js';

/**
 * Shape inference and checking, computed once per document version and cached: every
 * consumer (validator, inlay hints, hover, code actions, CLI, trainer) reads the same result.
 */
export class NnAnalyzer {
    private readonly cache: DocumentCache<string, DocumentAnalysis>;
    /** Models an edit did not touch keep their analysis from the previous version. */
    private readonly models = new ModelAnalysisCache();

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new DocumentCache(shared);
    }

    analyze(document: LangiumDocument): DocumentAnalysis {
        return this.cache.get(document.uri, 'analysis', () => analyzeDocument(document.parseResult.value as Document, this.models));
    }
}
