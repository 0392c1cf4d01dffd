/**
 * The whole-document analysis: every model's shapes and parameters, every train block's fit,
 * and every issue. Computed once per document version (see `NnAnalyzer`) and read by the
 * validator, inlay hints, hover, the CLI and the trainer.
 */
import { isModel, isTrain, type Document, type Model } from '../generated/ast.js';
import { analyzeModel } from './model.js';
import { plainMessage } from './plain-text.js';
import { analyzeTrain } from './train.js';
import type { DocumentAnalysis, Issue, ModelAnalysis } from './types.js';

/**
 * A model's own analysis, kept while the model's statements are the same objects. The editor
 * re-parses only the block or statement an edit touched and keeps the other nodes (see
 * incremental-parse.ts), so a keystroke in one of 2,000 models re-analyses that one model.
 */
export class ModelAnalysisCache {
    private readonly entries = new WeakMap<Model, { name: string; statements: Model['statements']; model: ModelAnalysis; issues: Issue[] }>();

    analyze(block: Model): { model: ModelAnalysis; issues: Issue[] } {
        const kept = this.entries.get(block);
        if (kept && kept.statements === block.statements && kept.name === block.name) return kept;
        const issues: Issue[] = [];
        const model = analyzeModel(block, issues);
        for (const issue of issues) issue.message = plainMessage(issue.message);
        const entry = { name: block.name, statements: block.statements, model, issues };
        this.entries.set(block, entry);
        return entry;
    }
}

export function analyzeDocument(root: Document, cache = new ModelAnalysisCache()): DocumentAnalysis {
    const analysis: DocumentAnalysis = { models: [], trains: [], issues: [], layerOf: new Map(), modelOf: new Map() };
    const byName = new Map<string, ModelAnalysis>();
    for (const block of root.blocks) {
        if (!isModel(block)) continue;
        const own = cache.analyze(block);
        // A copy: the duplicate check below marks this document's view of it, not the cached one.
        const model = { ...own.model };
        analysis.issues.push(...own.issues);
        analysis.models.push(model);
        analysis.modelOf.set(block, model);
        for (const layer of model.layers) analysis.layerOf.set(layer.node, layer);
        if (!block.name) continue;
        if (byName.has(block.name)) {
            analysis.issues.push({ severity: 'error', code: 'duplicate-name', message: `A model named ${block.name} is already defined above; give this one another name.`, node: block, property: 'name' });
            model.ok = false;
        } else {
            byName.set(block.name, model);
        }
    }
    const trainIssues: Issue[] = [];
    for (const block of root.blocks) {
        if (isTrain(block)) analysis.trains.push(analyzeTrain(block, byName, trainIssues));
    }
    for (const issue of trainIssues) issue.message = plainMessage(issue.message);
    analysis.issues.push(...trainIssues);
    return analysis;
}

export function modelByName(analysis: DocumentAnalysis, name: string): ModelAnalysis | undefined {
    return analysis.models.find(m => m.name === name);
}

export type { Model };
