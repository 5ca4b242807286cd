// Model exports for outside runtimes (llama.cpp GGUF, Hugging Face transformers): import from here.
export {
  exportModel,
  type ExportModelOptions,
  ModelExportError,
  type ModelExportFormat,
  modelExportFormats,
  type ModelExportSummary,
} from './export-model.ts';
export { byteSymbols, exportVocab, suppressedIds } from './byte-vocab.ts';
export { gguf, GgufError, type GgufValue } from './gguf-format.ts';
export { type GgufContents, type GgufTensorInfo, readGguf, readGgufTensor } from './gguf-reader.ts';
export { encodeGgufHeader, type GgufTensor, writeGgufFile } from './gguf-writer.ts';
export { hfExportFiles, writeHfExport } from './hf-export.ts';
export { llamaGgufContents, llamaGgufMetadata, llamaGgufTensors, permuteForInterleavedRope } from './llama-gguf.ts';
export {
  defaultParityPrompts,
  PARITY_TOLERANCE,
  type ParityRecord,
  parityRecord,
  promptLogits,
} from './parity-record.ts';
