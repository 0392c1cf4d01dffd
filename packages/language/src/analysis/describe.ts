/** From a checked analysis to the plain description the trainer consumes. */
import type { AstNode } from 'langium';
import { URI, UriUtils } from 'langium';
import type { LayerDescription, ModelDescription, TrainingDescription } from '../description.js';
import { estimateTrainingMemory } from '../catalogue/memory.js';
import { findLoss, optimizerSlots, taskOfLossKind } from '../catalogue/training.js';
import type { CheckedTrain } from './train.js';
import type { ModelAnalysis } from './types.js';

export function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

/** The model as plain data; undefined when it has errors (nothing to build). */
export function describeModel(model: ModelAnalysis): ModelDescription | undefined {
    if (!model.ok || !model.input || !model.output || !model.params) return undefined;
    const layers: LayerDescription[] = [];
    for (const layer of model.layers) {
        if (!layer.kind || !layer.output || !layer.params || !layer.inputShapes || !layer.cost) return undefined;
        const ctx = { input: layer.inputShapes[0], inputs: layer.inputShapes, args: layer.args };
        layers.push({
            index: layer.index,
            line: lineOf(layer.node),
            type: layer.kind.name,
            label: layer.node.name,
            inputs: layer.inputs,
            args: layer.args,
            tfjs: layer.kind.tfjs(ctx),
            inputShapes: layer.inputShapes,
            outputShape: layer.output,
            params: { total: layer.params.trainable + layer.params.nonTrainable, trainable: layer.params.trainable, nonTrainable: layer.params.nonTrainable },
            cost: layer.cost
        });
    }
    return { name: model.name, input: model.input, layers, output: model.output, params: model.params };
}

/** The training run as plain data; undefined when the block or its model has errors. */
export function describeTraining(train: CheckedTrain, documentUri: URI): TrainingDescription | undefined {
    const model = train.model && describeModel(train.model);
    const s = train.settings;
    if (!train.ok || !model || !s.data || !s.loss) return undefined;
    const data = s.data.kind === 'csv'
        ? { ...s.data, path: UriUtils.resolvePath(UriUtils.dirname(documentUri), s.data.path).fsPath }
        : s.data;
    const lossKind = findLoss(s.loss)!.kind;
    return {
        file: documentUri.fsPath,
        line: lineOf(train.node),
        model,
        data,
        loss: s.loss,
        lossKind,
        // A CSV file's label column is read as the loss wants it; a built-in set has its own task.
        task: s.dataInfo?.task ?? taskOfLossKind(lossKind),
        memory: estimateTrainingMemory(model, s.batchSize, optimizerSlots(s.optimizer)),
        optimizer: s.optimizer,
        metrics: s.metrics,
        epochs: s.epochs,
        batchSize: s.batchSize,
        validation: s.validation,
        seed: s.seed
    };
}
