// Browser-safe part of the interop package: exporters, importers and file formats on plain data.
// Node-only parts (files, zip/HDF5 readers, running python) are in ./node.
export { exportPytorch, type ScriptExport, type ScriptOptions } from './pytorch/script.js';
export { TORCH_LAYERS, TORCH_ACTIVATIONS } from './pytorch/table.js';
export { describeText, type DescribedText, type TextProblem } from './describe.js';
export { exportKeras } from './keras/script.js';
export { KERAS_LAYERS, KERAS_ACTIVATIONS } from './keras/table.js';
export { exportOnnx, OPSET } from './onnx/export.js';
export { ONNX_LAYERS, ONNX_ACTIVATIONS } from './onnx/table.js';
export { torchSafetensors, torchStateDict } from './pytorch/weights.js';
export { writeSafetensors, readSafetensors } from './weights/safetensors.js';
export { importKerasConfig, ImportError, type ImportResult, type ImportProblem, type TrainSettings } from './import/index.js';
export { IMPORT_LAYERS } from './import/table.js';
export { trainedModelFromTfjs, TrainedModelError, type TrainedModel } from './trained.js';
