// SPC (Self-Play Critic, research/systems.md §2.7; docs/self-play-critic.md) over the program language: the step,
// its rewards and task source, and the held-out critic evaluation (file, scripted corrupter, accuracy).
export { type CriticAccuracyReport, type CriticAnswer, criticAccuracy, itemSteps } from './critic-accuracy.ts';
export {
  checkCriticLines,
  CriticFileError,
  type CriticItem,
  criticItemLine,
  criticItemsToJsonl,
  parseCriticFile,
  readCriticFile,
} from './critic-file.ts';
export {
  criticCleanShare,
  criticFileSeed,
  criticFileSize,
  generateCriticFile,
  generateCriticItems,
} from './critic-file-generator.ts';
export { type Corruption, invalidCorruptionReward, judgeCorruption } from './corruption.ts';
export { type SpcStepSettings, spcStepSchema } from './spc-config.ts';
export { critiqueOutcome, traceReward } from './spc-rewards.ts';
export { type SpcRole, spcRoles, type SpcSample, spcStep, type SpcStepOutcome } from './spc-step.ts';
export {
  fitting,
  generatedTaskSource,
  programExclusion,
  spcTextBytes,
  type TaskSource,
  type TracedTask,
} from './spc-tasks.ts';
