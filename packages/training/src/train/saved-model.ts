/**
 * A trained model as plain data: tfjs's LayersModel topology, the weight specs and one buffer of
 * weights. The webview posts it to the extension host; the CLI hands it to the run-folder writer.
 * Browser-safe: no Node imports.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from './types.js';

export interface WeightSpec {
    name: string;
    shape: number[];
    dtype: string;
}

export interface SavedModel {
    modelTopology: object;
    weightSpecs: WeightSpec[];
    /** All weights, concatenated in `weightSpecs` order. */
    weightData: ArrayBuffer;
    generatedBy?: string;
    convertedBy?: string | null;
}

/** Serialises a model without touching any storage (`tf.io.withSaveHandler` hands the artifacts over). */
export async function saveModelToMemory(tf: TF, model: tfjs.LayersModel): Promise<SavedModel> {
    let saved: tfjs.io.ModelArtifacts | undefined;
    await model.save(
        tf.io.withSaveHandler(async artifacts => {
            saved = artifacts;
            return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
        })
    );
    if (!saved?.modelTopology || !saved.weightSpecs) throw new Error('tfjs returned no model topology or weights when saving the model');
    const data = saved.weightData;
    return {
        modelTopology: saved.modelTopology as object,
        weightSpecs: saved.weightSpecs.map(s => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
        weightData: data === undefined ? new ArrayBuffer(0) : new tf.io.CompositeArrayBuffer(data).slice(),
        generatedBy: saved.generatedBy,
        convertedBy: saved.convertedBy ?? null
    };
}
