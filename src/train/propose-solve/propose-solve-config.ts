import { z } from 'zod';
import { adamwConfigSchema } from '../../lm/index.ts';
import { TrainConfigError } from '../train-config.ts';
import { learnabilityNames } from './learnability.ts';

/** Verifiers the recipe names; only the executor's rule is built (docs/absolute-zero.md, "Not built"). */
const builtVerifiers = ['rule'] as const;
const plannedVerifiers = ['judge', 'max'] as const;

/**
 * A propose → validate → solve run (docs/absolute-zero.md): per step and task type, the proposer writes tasks from
 * references in the type's buffer, the executor validates them, n solver rollouts give each valid task's solve rate
 * p̂ and the proposer's reward f(p̂), the solver answers a batch drawn from the buffer, and one PPO-clip update takes
 * both roles' samples with TRR++ advantages. Every key is explicit; src/recipes/azr-recipe.ts gives the defaults.
 */
export const proposeSolveConfigSchema = z.strictObject({
  /** The recipe's name, a label for listings. */
  recipe: z.string().min(1),
  /**
   * BASE: the built-in LM the run starts from, a checkpoint folder or a run folder (its latest checkpoint), e.g. what
   * `selfplay pretrain` writes. Both roles start from it.
   */
  checkpoint: z.string().min(1, { error: 'the run starts from a base model: set checkpoint (--checkpoint BASE)' }),
  steps: z.int().min(1),
  minutes: z.number().positive().optional(),
  seed: z.int(),
  threads: z.int().min(1).default(1),
  /**
   * `shared`: one model proposes and solves (AZR, SSP, MAE); `separate`: two models, both from BASE, each with its own
   * learner, the proposer trained on proposer samples only and the solver on solver samples (PasoDoble, Agent0).
   */
  roles: z.enum(['shared', 'separate']),
  /** How answers are judged: `rule` is the executor. */
  verifier: z.string().superRefine((v, ctx) => {
    if ((plannedVerifiers as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `verifier ${v} is not built yet; use rule (the executor)` });
    else if (!(builtVerifiers as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `unknown verifier "${v}"; use rule (the executor)` });
  }),
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
  /** Most tokens of any reply (proposal or answer), EOS included. */
  maxTokens: z.int().min(1),
  /** Optimizer steps per step, each on the step's whole batch. */
  epochs: z.int().min(1),
  optim: adamwConfigSchema.prefault({}),
  /** PPO-clip against the sampling log-probs; token losses summed and divided by `normalizer` (Dr.GRPO's constant). */
  loss: z.strictObject({
    kind: z.literal('ppo-clip'),
    clip: z.number().positive(),
    normalizer: z.number().positive(),
  }),
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
  checkpointEvery: z.int().min(1),
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
