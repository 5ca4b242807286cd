import { z } from 'zod';
import { type EndpointConfig, parseEndpointSpec, weightSyncKinds } from '../../llm/index.ts';
import { adamwConfigSchema, modelPresets } from '../../lm/index.ts';
import { defaultJudgeTopLogprobs } from '../../preference/index.ts';
import { TrainConfigError } from '../train-config.ts';

/**
 * How an iteration's batch is made from the frozen iterate's samples (research/systems.md §3, "PairBuilder" and
 * the win-rate estimators):
 * - `win-rates`: every sample with its win rate against the prompt's K samples, itself included (SPPO's P̂);
 * - `win-fraction`: every sample with its win fraction against the prompt's other samples, centred on the prompt's
 *   mean, as a policy-gradient advantage (SPO);
 * - `best-vs-worst`: one pair per prompt, the best and the worst sample by win fraction (DPO on a Bradley–Terry
 *   reading of the oracle);
 * - `data-vs-own`: pairs of a data response and the iterate's own sample (SPIN);
 * - `data`: data responses alone, for their likelihood (SFT).
 */
export const curations = ['win-rates', 'win-fraction', 'best-vs-worst', 'data-vs-own', 'data'] as const;
export type Curation = (typeof curations)[number];

/** Curations that need a preference oracle; the rest need a data file. */
const preferenceCurations: readonly Curation[] = ['win-rates', 'win-fraction', 'best-vs-worst'];

const pairLoss = z.union([
  z.strictObject({ kind: z.literal('dpo'), beta: z.number().positive(), chosenNll: z.number().min(0).optional() }),
  z.strictObject({
    kind: z.literal('dpo-hinge'),
    beta: z.number().positive(),
    chosenNll: z.number().min(0).optional(),
  }),
  z.strictObject({ kind: z.literal('ipo'), tau: z.number().positive(), chosenNll: z.number().min(0).optional() }),
]);
const sequenceLoss = z.strictObject({ kind: z.literal('sppo'), eta: z.number().positive() });
const gradientLoss = z.union([
  z.strictObject({ kind: z.literal('ppo-clip'), clip: z.number().positive(), normalizer: z.number().positive() }),
  z.strictObject({ kind: z.literal('reinforce'), normalizer: z.number().positive() }),
]);

/** Which losses fit a curation's batch: pairs, rated sequences, or samples with advantages. */
const lossFamily: Record<Curation, 'pairs' | 'sequences' | 'samples'> = {
  'win-rates': 'sequences',
  'win-fraction': 'samples',
  'best-vs-worst': 'pairs',
  'data-vs-own': 'pairs',
  data: 'samples',
};

/**
 * An outer-iteration run (docs/recipes.md): per iteration, sample K responses per prompt from the frozen iterate,
 * score them with the oracle, curate a batch, take `epochs` optimizer steps on it against the iterate as reference,
 * snapshot. Every key is explicit; the recipes in src/recipes/ give the defaults.
 */
export const iterationConfigSchema = z
  .strictObject({
    /** The recipe's name, a label for listings (what the loop does is `curate` and `loss`). */
    recipe: z.string().min(1),
    curate: z.enum(curations),
    /** A preference file (docs/preferences.md), for the preference curations. */
    preferences: z.string().min(1).optional(),
    /**
     * An LLM judge as the oracle in place of the preference file's matrix (docs/recipes.md, "An LLM judge"):
     * `endpoint` an `openai:URL#MODEL?…` spec (`template=FILE` for its own pairwise prompt), `topLogprobs` the
     * alternatives asked for per verdict token. The file still gives the prompts and the listed responses, which the
     * warm-up teaches and the measurement covers (with the judge's matrix over them). Default: none.
     */
    judge: z
      .strictObject({
        endpoint: z.string().superRefine((spec, ctx) => {
          try {
            parseEndpointSpec(spec);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        }),
        topLogprobs: z.int().min(2).max(20).default(defaultJudgeTopLogprobs),
      })
      .optional(),
    /**
     * Endpoint mode (docs/recipes.md, "Endpoint mode"): the iterate's K samples per prompt come from a server —
     * `sampler` an `openai:URL#MODEL?api=completions&template=lm-raw&kind=vllm` spec, e.g. `selfplay serve` of a
     * checkpoint with the run's model config — whose weights `sync` replaces with the frozen iterate's at the start of
     * every iteration (`reload`: selfplay serve; `full`: vLLM, SGLang). Default: none, this process samples.
     */
    sampler: z
      .strictObject({
        sampler: z.string().superRefine((spec, ctx) => {
          try {
            const endpoint = parseEndpointSpec(spec);
            // The recipes play free text; a guided request would carry an empty list of allowed answers.
            if (endpoint.decoding === 'guided')
              ctx.addIssue({ code: 'custom', message: 'the recipes sample free text: drop decoding=guided' });
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        }),
        sync: z.enum(['reload', 'full'], {
          error: 'the built-in LM trains all its weights: sync reload (selfplay serve) or full (vLLM, SGLang)',
        }),
      })
      .superRefine(({ sampler, sync }, ctx) => {
        const kind = kindOf(sampler);
        if (kind !== undefined && !weightSyncKinds[sync].includes(kind))
          ctx.addIssue({
            code: 'custom',
            path: ['sync'],
            message: `sync ${sync} needs a sampler of kind ${weightSyncKinds[sync].join(' or ')} (the spec's kind=), not ${kind}`,
          });
      })
      .optional(),
    /** A SPIN data file, for `data-vs-own` and `data`. */
    data: z.string().min(1).optional(),
    iterations: z.number().int().min(1),
    minutes: z.number().positive().optional(),
    seed: z.number().int(),
    threads: z.number().int().min(1).default(1),
    model: z
      .strictObject({
        preset: z.enum(Object.keys(modelPresets) as [keyof typeof modelPresets, ...(keyof typeof modelPresets)[]]),
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .prefault({ preset: 'small' }),
    /** K: responses sampled per prompt per iteration (and data responses drawn, for the data curations). */
    samples: z.number().int().min(2),
    /** Most tokens a sampled response may take, EOS included; longer ones are cut and count as "other". */
    maxTokens: z.number().int().min(1).default(24),
    /** Supervised steps before the first iteration, on listed responses drawn uniformly (or data responses). */
    warmup: z.strictObject({
      steps: z.number().int().min(0),
      lr: z.number().positive(),
      batch: z.number().int().min(1),
    }),
    /** Optimizer steps per iteration, each on the whole batch. */
    epochs: z.number().int().min(1),
    optim: adamwConfigSchema.prefault({}),
    loss: z.union([pairLoss, sequenceLoss, gradientLoss]),
    /**
     * α of a magnet toward the warm-up policy μ (MMD-style): each sample's oracle reward is shaped by
     * −α·(log π_t(y)/μ(y)), centred on its prompt's samples. 0: none.
     */
    magnet: z.strictObject({ alpha: z.number().min(0) }).prefault({ alpha: 0 }),
    /**
     * Decay of an exponential moving average of the weights, updated after every iteration: the policy the run
     * measures and saves (the live weights keep sampling). The iterates of self-play circle a cyclic game's
     * equilibrium and carry the noise of K samples; their average sits nearer it. 0: none.
     */
    average: z.strictObject({ decay: z.number().min(0).lt(1) }).prefault({ decay: 0 }),
    /** Iterations whose batches train together (SPIN: 2, the previous iteration's pairs and the new ones). */
    window: z.number().int().min(1).default(1),
    evaluation: z.strictObject({ every: z.number().int().min(1) }),
    checkpointEvery: z.number().int().min(1),
  })
  .refine((c) => (preferenceCurations.includes(c.curate) ? c.preferences !== undefined : c.data !== undefined), {
    path: ['curate'],
    message: "the preference curations need 'preferences' (a preference file); 'data-vs-own' and 'data' need 'data'",
  })
  .refine((c) => c.judge === undefined || preferenceCurations.includes(c.curate), {
    path: ['judge'],
    message: "a judge compares the iterate's own samples: it fits win-rates, win-fraction and best-vs-worst, not data",
  })
  .refine((c) => lossFamily[c.curate] === familyOf(c.loss.kind), {
    path: ['loss', 'kind'],
    message:
      'this loss does not fit the curation: pairs take dpo, dpo-hinge or ipo; win rates take sppo; samples take ppo-clip or reinforce',
  })
  // Data responses were not sampled by the policy, so a ratio to their sampling log-probs means nothing.
  .refine((c) => c.curate !== 'data' || c.loss.kind === 'reinforce', {
    path: ['loss', 'kind'],
    message: "'data' fits the likelihood of data responses: use reinforce (its advantage is 1)",
  });

export type IterationConfig = z.output<typeof iterationConfigSchema>;

/** The server kind of a spec that parses; undefined for one that does not (its own issue says why). */
function kindOf(spec: string): EndpointConfig['kind'] | undefined {
  try {
    return parseEndpointSpec(spec).kind;
  } catch {
    return undefined;
  }
}

function familyOf(kind: string): 'pairs' | 'sequences' | 'samples' {
  if (kind === 'sppo') return 'sequences';
  if (kind === 'ppo-clip' || kind === 'reinforce') return 'samples';
  return 'pairs';
}

/** Validates an iteration config; every problem is reported with its key path. */
export function parseIterationConfig(input: unknown): IterationConfig {
  const result = iterationConfigSchema.safeParse(input);
  if (!result.success) throw new TrainConfigError(`invalid recipe config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Whether a stored run config is an outer-iteration run (it names a curation) rather than an online one. */
export function isIterationConfig(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'curate' in config;
}
