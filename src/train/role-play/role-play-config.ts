import { z } from 'zod';
import { adamwConfigSchema } from '../../lm/index.ts';
import { endpointSpecPrefix } from '../../llm/index.ts';

/**
 * The keys every role-play recipe's run has (the shared loop, role-play-run.ts); a recipe's schema spreads them and
 * adds its protocol's keys and its `evaluation`. Every key is explicit: the recipe files give the defaults.
 */
export const rolePlayRunKeys = {
  /** The recipe's name, a label for listings. */
  recipe: z.string().min(1),
  /**
   * BASE: the built-in LM the run starts from, a checkpoint folder or a run folder (its latest checkpoint), e.g. what
   * `selfplay pretrain` writes. Every role starts from it.
   */
  checkpoint: z.string().min(1, { error: 'the run starts from a base model: set checkpoint (--checkpoint BASE)' }),
  steps: z.int().min(1),
  minutes: z.number().positive().optional(),
  seed: z.int(),
  threads: z.int().min(1).default(1),
  /**
   * `shared`: one model plays every role; `separate`: a second model, also from BASE, with its own learner, plays the
   * protocol's second-model roles (Absolute Zero's proposer, SPC's sneaky) and trains on their samples only.
   */
  roles: z.enum(['shared', 'separate']),
  /**
   * Roles played by an OpenAI-compatible endpoint (`openai:URL#MODEL?…`) instead of the built-in LM: its replies are
   * judged like any other and never trained on (training an endpoint needs a remote learner).
   */
  players: z
    .record(
      z.string(),
      z.string().refine((spec) => spec.startsWith(endpointSpecPrefix), {
        error: `a role's player is an endpoint spec, ${endpointSpecPrefix}URL#MODEL[?OPTIONS]`,
      }),
    )
    .default({}),
  /** Most tokens of any reply, EOS included. */
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
  checkpointEvery: z.int().min(1),
};

/** What the shared loop reads of any role-play recipe's config: the run keys, and how often to evaluate. */
export type RolePlayRunConfig = z.output<z.ZodObject<typeof rolePlayRunKeys>> & {
  readonly evaluation: { readonly every: number };
};
