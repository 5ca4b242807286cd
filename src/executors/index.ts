// The sandboxed executor for model-written programs (`lambda x: EXPR`, a subset of Python; docs/executors.md),
// the Absolute Zero task types over it, their checkers, task files and a seeded generator.
export { checkAnswer, extractAnswer, parseIntegerAnswer, type Verdict } from './check-answer.ts';
export {
  defaultLimits,
  type ExecFailure,
  type ExecLimits,
  type FailureKind,
  failureKinds,
  type RuntimeErrorCode,
  runtimeErrors,
  valueBound,
} from './exec-result.ts';
export { formatExpr, formatProgram } from './format-program.ts';
export { generateExpr, generateProgram, type ProgramShape, taskShape } from './generate-program.ts';
export {
  benchmarkCounts,
  benchmarkSeed,
  generateBenchmark,
  generateTasks,
  type TaskGeneratorOptions,
  taskKey,
} from './generate-tasks.ts';
export {
  type Judgement,
  judgedAnswerChars,
  judgeInstructions,
  judgePrompt,
  judgeText,
  readJudgement,
} from './judge-prompt.ts';
export { parseProgram } from './parse-program.ts';
export type { Expr, Program } from './program-ast.ts';
export { execute, type RunResult, type RunSuccess, runProgram } from './run-program.ts';
export {
  programTasksInfo,
  type SampleResult,
  type SolveTasksOptions,
  type SolveTasksReport,
  solveTasks,
  type TypeAccuracy,
} from './solve-tasks.ts';
export {
  type AbductionTask,
  type DeductionTask,
  type Example,
  type InductionTask,
  type Task,
  type TaskType,
  taskLine,
  tasksToJsonl,
  taskSchema,
  taskTypes,
} from './task.ts';
export {
  checkTaskLines,
  describeError,
  parseTaskFile,
  readTaskFile,
  TaskFileError,
  type TaskFileLines,
  type TaskLineError,
} from './task-file.ts';
export {
  type Proposal,
  type ProposalOptions,
  proposalText,
  proposeInstructions,
  proposePrompt,
  readProposal,
} from './propose-prompt.ts';
export { taskInstructions, taskPrompt } from './task-prompt.ts';
export { type ProgramValidation, validateProgram } from './validate-program.ts';
export {
  canonicalExpr,
  checkStep,
  firstWrongStep,
  isRightTrace,
  maxStepLength,
  maxTraceSteps,
  readStep,
  readTrace,
  referenceTrace,
  type StepCheck,
  type StepRead,
  stepText,
  type TraceRead,
  type TraceStep,
  traceText,
} from './trace.ts';
export {
  type ScriptedCorruption,
  scriptedCorruption,
  type ScriptedError,
  scriptedErrors,
  scriptedValue,
} from './trace-corruption.ts';
export {
  corruptInstructions,
  corruptPrompt,
  type CritiqueRead,
  critiqueInstructions,
  critiquePrompt,
  critiqueText,
  numberedSteps,
  readCritique,
  traceInstructions,
  type TraceTask,
  tracePrompt,
} from './critique-prompt.ts';
