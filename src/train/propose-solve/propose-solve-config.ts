import { z } from 'zod';
import { rolePlayRunKeys } from '../role-play/role-play-config.ts';
import { TrainConfigError } from '../train-config.ts';
import { learnabilityNames } from './learnability.ts';

/**
 * How answers are judged (docs/absolute-zero.md, "Judge"): `rule` the executor; `judge` the solver's model through
 * `judgePrompt`; `max` right when either says so (SPELL, research/systems.md §2.13 (d)).
 */
export const verifierNames = ['rule', 'judge', 'max'] as const;
export type VerifierName = (typeof verifierNames)[number];
const verifierHelp =
  "rule (the executor), judge (the solver's model grades the answers) or max (right when either says so)";

/**
 * A propose → validate → solve run (docs/absolute-zero.md): per step and task type, the proposer writes tasks from
 * references in the type's buffer, the executor validates them, n solver rollouts give each valid task's solve rate
 * p̂ and the proposer's reward f(p̂), the solver answers a batch drawn from the buffer, and one PPO-clip update takes
 * both roles' samples with TRR++ advantages. Every key is explicit; src/recipes/azr-recipe.ts gives the defaults.
 */
export const proposeSolveConfigSchema = z.strictObject({
  ...rolePlayRunKeys,
  /**
   * How answers are judged: `rule` the executor; `judge` the solver's model grades each readable answer (trained
   * against the executor); `max` an answer is right when the executor or the judge says so.
   */
  verifier: z.enum(verifierNames, {
    error: (issue) =>
      `${issue.input === undefined ? 'no verifier' : `unknown verifier ${JSON.stringify(issue.input)}`}; use ${verifierHelp}`,
  }),
  /**
   * Which judgements train the judge: `batch` the solve batch's; `balanced` per task type as many of the step's judged
   * answers (rollouts and batch) right as wrong by the executor, so that always giving the common verdict earns
   * nothing (docs/absolute-zero.md, "The judge").
   */
  judgeSamples: z.enum(['batch', 'balanced']).default('batch'),
  /** P: proposals per task type per step. */
  proposalsPerType: z.int().min(1),
  /** K: reference tasks a proposal conditions on (fewer when the buffer holds fewer, or the context cannot hold K). */
  references: z.int().min(1),
  /** n: solver rollouts per valid proposal, whose solve rate p̂ is the proposer's learnability. */
  solveSamples: z.int().min(1),
  /** Tasks of each type the solver answers (once each) per step. */
  solveBatch: z.int().min(1),
  /** Most tasks a type's buffer keeps; the oldest leave first. */
  bufferCap: z.int().min(2),
  /** The learnability map f(p̂) (train/propose-solve/learnability.ts). */
  learnability: z.enum(learnabilityNames),
  /** α of the `ssr` map. */
  ssrAlpha: z.number().min(0).default(0.8),
  /**
   * Accuracy on a task file every `every` steps (and at the start and the end): one answer per task at temperature 1
   * seeded by `seed`, as `selfplay solve-tasks` asks; `perType` keeps the first N tasks of each type (default all).
   */
  evaluation: z.strictObject({
    every: z.int().min(1),
    tasks: z.string().min(1),
    seed: z.int().default(0),
    maxTokens: z.int().min(1).default(64),
    perType: z.int().min(1).optional(),
  }),
});

export type ProposeSolveConfig = z.output<typeof proposeSolveConfigSchema>;

/** Validates a propose → solve config; every problem is reported with its key path. */
export function parseProposeSolveConfig(input: unknown): ProposeSolveConfig {
  const result = proposeSolveConfigSchema.safeParse(input);
  if (!result.success) throw new TrainConfigError(`invalid recipe config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Whether a stored run config is a propose → solve run (it names the buffers' sizes and a learnability map). */
export function isProposeSolveConfig(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'learnability' in config && 'solveSamples' in config;
}
