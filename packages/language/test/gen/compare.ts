/**
 * The checker's figures for one model side by side with tfjs's: every disagreement as a
 * readable line (empty list = they agree).
 */
import { describeModel } from '../../src/analysis/describe.js';
import type { ModelAnalysis } from '../../src/analysis/types.js';
import { buildReference, type ReferenceModel } from './tfjs-reference.js';

export interface Comparison {
    problems: string[];
    reference?: ReferenceModel;
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function compareWithTfjs(model: ModelAnalysis): Comparison {
    const description = describeModel(model);
    if (!description) return { problems: [`${model.name}: describeModel refused the model (it has errors or unknown shapes)`] };
    let reference: ReferenceModel;
    try {
        reference = buildReference(description);
    } catch (error) {
        return { problems: [`${model.name}: tfjs refused to build or run what we accept: ${(error as Error).message}`] };
    }
    const problems: string[] = [];
    description.layers.forEach((ours, i) => {
        const theirs = reference.layers[i];
        const where = `${model.name} line ${ours.line} ${ours.type} (input ${JSON.stringify(ours.inputShapes)})`;
        if (!same(ours.outputShape, theirs.outputShape)) {
            problems.push(`${where}: output shape ours ${JSON.stringify(ours.outputShape)}, tfjs ${JSON.stringify(theirs.outputShape)}`);
        }
        theirs.runtimeShapes.forEach((ran, k) => {
            if (!same(ran, [2, ...theirs.layerShapes[k]])) {
                problems.push(`${where}: tfjs ${theirs.classNames[k]} declares ${JSON.stringify(theirs.layerShapes[k])} but predict gave ${JSON.stringify(ran.slice(1))}`);
            }
        });
        if (ours.params.total !== theirs.params.total) {
            problems.push(`${where}: params ours ${ours.params.total}, tfjs countParams ${theirs.params.total}`);
        }
        if (ours.params.trainable !== theirs.params.trainable || ours.params.nonTrainable !== theirs.params.nonTrainable) {
            problems.push(`${where}: trainable/non-trainable ours ${ours.params.trainable}/${ours.params.nonTrainable}, tfjs ${theirs.params.trainable}/${theirs.params.nonTrainable}`);
        }
    });
    if (description.params.total !== reference.total) {
        problems.push(`${model.name}: total params ours ${description.params.total}, tfjs model.countParams() ${reference.total}`);
    }
    if (!same(reference.predicted, [2, ...description.output])) {
        problems.push(`${model.name}: predict on 2 zero samples gave ${JSON.stringify(reference.predicted)}, we expect [2, ${description.output.join(', ')}]`);
    }
    return { problems, reference };
}
