// The built-in language model's public surface: import from here, not from the files behind it.
export {
  type AdamwConfig,
  adamwConfigSchema,
  createOptimizer,
  type Optimizer,
  type OptimizerState,
  type OptimStepResult,
} from './adamw.ts';
export { AllowedSetError } from './allowed-trie.ts';
export {
  type ChoiceItem,
  type ChoiceTarget,
  choiceDistributions,
  choiceLogprobs,
  packChoices,
  readChoiceRows,
} from './choice-loss.ts';
export {
  CHECKPOINT_FORMAT,
  type CheckpointData,
  CheckpointError,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.ts';
export {
  type ModelConfig,
  ModelConfigError,
  type ModelConfigInput,
  type ModelPreset,
  modelConfigSchema,
  modelPresets,
  resolveModelConfig,
} from './config.ts';
export { DecodeError, type DecodeRow, decodeForward } from './decode-forward.ts';
export { GenerateError, type GenerateOptions, type Generation, generate } from './generate.ts';
export { hfLlamaConfig } from './hf-config.ts';
export { createKvCache, type KvCache } from './kv-cache.ts';
export {
  type CreateModelOptions,
  createModel,
  type LmModel,
  ModelInputError,
  type StepResult,
  type TokenBatch,
} from './model.ts';
export { type LoadedModel, loadModel, saveModel } from './model-checkpoint.ts';
export { packSequences, type WeightedSequence } from './pack-sequences.ts';
export { type ParamLayout, parameterCount, paramLayout, type TensorSlot } from './param-layout.ts';
export { decodeSafetensors, encodeSafetensors, type NamedTensor, SafetensorsError } from './safetensors.ts';
export {
  type CandidateProbability,
  type CompletionScore,
  candidateProbabilities,
  ScoreError,
  type ScoreItem,
  type ScoreOptions,
  scoreCompletions,
} from './scoring.ts';
export { type Sampling, SamplingOptionsError } from './token-distribution.ts';
export * from './tokenizer.ts';
