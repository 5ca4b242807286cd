// Preference and SPIN data as exact measurements: the file formats, the preference game with its von Neumann
// winner and duality gap, SPIN's divergence, and the built-in LM's exact distribution over listed responses; the
// oracles the recipes play against (a preference file, an LLM judge). See docs/preferences.md, docs/recipes.md.
export { DataFileError, otherKey } from './data-file.ts';
export { defaultJudgeTemplates, judgePlaceholders, parseJudgeTemplate, renderJudgePrompt } from './judge-template.ts';
export { readVerdict, type Verdict } from './judge-verdict.ts';
export {
  createLlmJudge,
  defaultJudgeTopLogprobs,
  type LlmJudge,
  type LlmJudgeDeps,
  LlmJudgeError,
  type LlmJudgeOptions,
  type LlmJudgeStats,
} from './llm-judge.ts';
export { judgedPreferenceSet, llmJudgeOracle } from './llm-judge-oracle.ts';
export {
  type ListedResponses,
  type LmResponseDistributionOptions,
  lmResponseDistribution,
  lmResponseDistributions,
  type ResponseDecoding,
  responseDecodings,
} from './lm-response-distribution.ts';
export { measurePreferenceGap, type PreferenceGapReport, type PromptPreferenceGap } from './measure-preference-gap.ts';
export {
  measureSpinDivergence,
  type PromptSpinDivergence,
  type SpinDivergenceReport,
} from './measure-spin-divergence.ts';
export {
  complementTolerance,
  parsePreferenceFile,
  type PreferencePrompt,
  type PreferenceSet,
  readPreferenceFile,
} from './preference-file.ts';
export { type OracleResponse, type PreferenceOracle, preferenceFileOracle } from './preference-oracle.ts';
export {
  preferenceDualityGap,
  preferenceOracle,
  preferencePayoff,
  replyWinRates,
  vonNeumannWinner,
  type VonNeumannWinner,
} from './preference-game.ts';
export { checkDistribution, distributionRecord, type ResponseDistribution } from './response-distribution.ts';
export {
  parseSpinDataFile,
  probabilitySumTolerance,
  readSpinDataFile,
  type SpinData,
  type SpinPrompt,
} from './spin-data-file.ts';
export { type SpinDivergence, spinDivergence } from './spin-divergence.ts';
