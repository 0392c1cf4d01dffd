// Browser-safe part of the interop package: exporters, importers and file formats on plain data.
// Node-only parts (files, zip/HDF5 readers, running python) are in ./node.
export { exportPytorch, type ScriptExport, type ScriptOptions } from './pytorch/script.js';
export { TORCH_LAYERS, TORCH_ACTIVATIONS } from './pytorch/table.js';
export { describeText, type DescribedText, type TextProblem } from './describe.js';
