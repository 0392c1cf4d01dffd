/**
 * The whole-document analysis: every model's shapes and parameters, every train block's fit,
 * and every issue. Computed once per document version (see `NnAnalyzer`) and read by the
 * validator, inlay hints, hover, the CLI and the trainer.
 */
import { isModel, isTrain, type Document, type Model } from '../generated/ast.js';
import { analyzeModel } from './model.js';
import { plainMessage } from './plain-text.js';
import { analyzeTrain } from './train.js';
import type { DocumentAnalysis, ModelAnalysis } from './types.js';

export function analyzeDocument(root: Document): DocumentAnalysis {
    const analysis: DocumentAnalysis = { models: [], trains: [], issues: [], layerOf: new Map(), modelOf: new Map() };
    const byName = new Map<string, ModelAnalysis>();
    for (const block of root.blocks) {
        if (!isModel(block)) continue;
        const model = analyzeModel(block, analysis.issues);
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
    for (const block of root.blocks) {
        if (isTrain(block)) analysis.trains.push(analyzeTrain(block, byName, analysis.issues));
    }
    for (const issue of analysis.issues) issue.message = plainMessage(issue.message);
    return analysis;
}

export function modelByName(analysis: DocumentAnalysis, name: string): ModelAnalysis | undefined {
    return analysis.models.find(m => m.name === name);
}

export type { Model };
