import { z } from 'zod';
import { adamwConfigSchema, modelPresets } from '../lm/index.ts';
import { gameIds, isGameId } from '../games/registry.ts';
import { observationFormats } from '../spec/game-text.ts';
import { didYouMean } from '../util/closest-name.ts';

/**
 * Everything a self-play run needs, validated strictly (an unknown or misspelt key is an error naming it).
 * Defaults follow SPIRAL (research/spiral.md §2, §9) except where noted with the reason. Each default is written once,
 * on its field: a missing section is `.prefault({})`, parsed through its schema so its fields' defaults fill it.
 */
export const trainConfigSchema = z.strictObject({
  /** The game both seats of the live policy play (mirror self-play). */
  game: z.string().default('kuhn-poker'),
  /** Several games trained together in one model, SPIRAL's multi-game run (shuffled schedule); replaces `game`. */
  games: z.array(z.string()).min(1).optional(),
  /**
   * With `games`: how many of each game a round of the shuffled schedule holds (default 1 each), so a cheap game
   * that needs many samples (Kuhn) can get more of a step than long ones (negotiation).
   */
  gameShares: z.record(z.string(), z.number().int().min(1)).optional(),
  /** Policy steps (rollout → update); `minutes` stops earlier when set. */
  steps: z.number().int().min(1).default(200),
  minutes: z.number().positive().optional(),
  seed: z.number().int().default(1),
  /** Save a resumable checkpoint every this many steps (and always at the end). */
  checkpointEvery: z.number().int().min(1).default(50),
  model: z
    .strictObject({
      preset: z
        .enum(Object.keys(modelPresets) as [keyof typeof modelPresets, ...(keyof typeof modelPresets)[]])
        .default('small'),
      /** Overrides on top of the preset (see docs/lm.md); checked by the model's own schema. */
      config: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({}),
  rollout: z
    .strictObject({
      /** Games played per step, concurrently, their turns batched into one forward pass. */
      gamesPerStep: z.number().int().min(1).default(64),
      /** `compact` fits the small model's 128-token context; `full` is SPIRAL's layout. */
      format: z.enum(observationFormats).default('compact'),
      temperature: z.number().positive().default(1),
      /** Constrained decoding to legal moves (default) or free text parsed by the game. */
      decoding: z.enum(['legal', 'free']).default('legal'),
      /**
       * `sampled`: SPIRAL's online games. `full-width`: no games — every decision of each (small, finite) game each
       * step, with exact move values under the live policy in both seats, fitted to mirror descent's target
       * (train/full-width/full-width.ts; `advantage.stepSize`, the magnet's `eta`). `mixed`: full width for the
       * games with finite moves, SPIRAL's sampled games for the rest (`gamesPerStep` of them), in one model.
       */
      mode: z.enum(['sampled', 'full-width', 'mixed']).default('sampled'),
    })
    .prefault({}),
  /** Who plays the live policy (see src/train/opponents.ts); SPIRAL: mirror self-play. */
  opponent: z
    .strictObject({
      kind: z.enum(['mirror', 'fixed', 'pool']).default('mirror'),
      /** For `fixed`: a player spec — random, nash, policy:FILE, checkpoint:PATH. */
      fixed: z.string().default('random'),
      /** For `pool`: snapshot the live policy every this many steps, keep at most `poolSize`. */
      poolEvery: z.number().int().min(1).default(25),
      poolSize: z.number().int().min(1).default(20),
      /**
       * `meta-nash`: by the exact Nash of the snapshots' meta-game (PSRO / double oracle, train/population-meta.ts;
       * tree-walkable two-player zero-sum games). `uniform` is fictitious play's meta-solver, `latest` self-play's.
       */
      poolSampling: z.enum(['latest', 'uniform', 'prioritized', 'meta-nash']).default('uniform'),
      /** Share of games that stay mirror self-play when an opponent is configured. */
      mirrorShare: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  advantage: z
    .strictObject({
      /**
       * `observation`: RAE with the baseline keyed by the mover's observation too (advantage/observation-baseline.ts);
       * `action-value`: a tabular Q(observation, move) critic and the all-actions update (train/all-actions.ts), which
       * needs `rollout.decoding: legal`.
       */
      estimator: z.enum(['rae', 'observation', 'action-value', 'none', 'grpo', 'rloo']).default('rae'),
      /** RAE's EMA decay (SPIRAL: 0.95). */
      decay: z.number().min(0).max(1).default(0.95),
      /** Subtract the baseline read before (SPIRAL's code) or after (the paper) the update. */
      baseline: z.enum(['pre', 'post']).default('pre'),
      /** Drop samples whose advantage is exactly 0 (SPIRAL's `filter_zero_adv`). */
      dropZero: z.boolean().default(true),
      /** `action-value` and full-width rollouts: mirror descent's step size, how far each step's target moves along Q. */
      stepSize: z.number().positive().default(1),
      /**
       * `action-value` only: per trained turn, how many of the moves not taken are played out once from the same
       * deal (train/branches.ts), so every move's Q stays current; 0 learns Q from the moves played alone.
       */
      branches: z.number().int().min(0).default(8),
      /**
       * `observation`: after the magnet's shaping, centre each turn's advantage on the other turns of the step that
       * saw the same prompt (train/advantage/center.ts) — the normalisation the full-vocabulary loss lacks.
       */
      center: z.enum(['none', 'observation']).default('none'),
    })
    .prefault({}),
  loss: z
    .strictObject({
      kind: z.enum(['ppo-clip', 'reinforce']).default('ppo-clip'),
      clip: z.number().positive().default(0.2),
      /** Optimizer steps over each batch (SPIRAL: 2). */
      epochs: z.number().int().min(1).default(2),
      /**
       * Dr.GRPO's constant divisor of a completion's summed token loss. SPIRAL divides by its 4096-token generation
       * limit; our answers are a few tokens, so 1 keeps the gradient scale independent of that limit.
       */
      normalizer: z.number().positive().default(1),
      /** Dual-clip PPO bound for negative advantages (Ye et al. 2020); keeps one stale token from exploding. */
      dualClip: z.number().min(1).default(3),
      /**
       * λ of a likelihood term on the move text constrained decoding forced around each choice ("[", "]", the end
       * of the answer), so the model also learns to write its moves and plays them under free decoding and when
       * served (docs/training.md "Move text"). 0: only the choice is trained (the model then writes noise freely).
       */
      moveText: z.number().min(0).default(0),
      /**
       * Steps of supervised move writing on uniformly random play before self-play starts (fresh runs only): the
       * model learns to spell legal moves while its policy over them stays near uniform; `moveText` then keeps
       * it writing them (docs/training.md "Move text"). Each step fits 64 decisions at `optim.lr`.
       */
      moveTextWarmup: z.number().int().min(0).default(0),
      /**
       * Steps of move writing after self-play, on the model the run reports: at every decision of the game the
       * policy over the legal moves is held where self-play left it while the model learns to write those moves, so
       * a served checkpoint plays the same policy as free text (docs/training.md "Move text"). Games whose tree the
       * solvers can walk only. 0: none.
       */
      moveTextFinish: z.number().int().min(0).default(0),
      /** The finishing steps' learning rate (own AdamW moments). */
      moveTextFinishLr: z.number().positive().default(0.002),
    })
    .prefault({}),
  /**
   * Beyond SPIRAL: `magnet` shapes each turn's reward by −η·log(π/μ) toward a magnet policy μ, fixed or refreshed
   * every `magnetEvery` steps (MMD / R-NaD style), which damps the cycling of plain self-play policy gradient.
   */
  regularization: z
    .strictObject({
      kind: z.enum(['none', 'magnet']).default('none'),
      eta: z.number().min(0).default(0.1),
      /** Steps between magnet refreshes; 0 keeps the initial (near-uniform) policy as a fixed anchor. */
      magnetEvery: z.number().int().min(0).default(25),
      /**
       * A refresh sets the magnet's weights to `magnetDecay × magnet + (1 − magnetDecay) × target` (`magnetFrom`): 0
       * jumps to the target (R-NaD); with `magnetEvery` 1 and e.g. 0.99 the magnet trails it as a moving average.
       */
      magnetDecay: z.number().min(0).lt(1).default(0),
      /**
       * What a refresh moves the magnet to: the `live` weights, or their `average` (needs `average.decay` > 0) — the
       * better estimate of the point the live policy circles, which R-NaD's outer loop wants as its next anchor.
       */
      magnetFrom: z.enum(['live', 'average']).default('live'),
      /** No refresh before this step: the first magnet holds while the policy learns to read its cards. */
      magnetStart: z.number().int().min(0).default(0),
      /** η's decay over the run's steps, to `eta × etaFinalRatio` (annealing the regularised game toward the real one). */
      etaDecay: z.enum(['constant', 'linear', 'cosine']).default('constant'),
      etaFinalRatio: z.number().min(0).max(1).default(1),
    })
    .prefault({}),
  /**
   * The policy a run measures and saves: with `decay` > 0, an exponential moving average of the live weights over the
   * steps (train/weight-average.ts), which damps the last iterate's circling around the equilibrium; 0 = the live
   * weights themselves.
   */
  average: z.strictObject({ decay: z.number().min(0).lt(1).default(0) }).prefault({}),
  /**
   * Threads for the model's large matmuls (1 = the calling thread only). 2 uses both cores of the target machine;
   * results are bit-identical to 1 thread, only faster — on an otherwise idle machine (the workers spin-wait).
   */
  threads: z.number().int().min(1).max(8).default(1),
  /** AdamW; SPIRAL's lr 1e-6 is for a 4B model — a 100k-parameter model from scratch needs ~1e-3. */
  optim: adamwConfigSchema.prefault({}),
  /** The learning rate over the run's steps: warm-up, then decay to `lr × finalRatio` (a quiet last iterate). */
  lrSchedule: z
    .strictObject({
      decay: z.enum(['constant', 'linear', 'cosine']).default('constant'),
      finalRatio: z.number().min(0).max(1).default(0.1),
      warmupSteps: z.number().int().min(0).default(0),
    })
    .prefault({}),
  evaluation: z
    .strictObject({
      /** Measure every this many steps (and at the start and end). */
      every: z.number().int().min(1).default(20),
      /** Seat-swapped games against a random player per evaluation. */
      vsRandomGames: z.number().int().min(0).default(200),
      /** Seat-swapped games against the exact equilibrium player (minimax, or CFR+ for poker) per evaluation. */
      vsNashGames: z.number().int().min(0).default(0),
      /** Seat-rotated games against the game's scripted player (`TextGame.scripted`: Who is the Spy, trade). */
      vsScriptedGames: z.number().int().min(0).default(0),
      /**
       * Also measure the exploitability of greedy decoding (temperature 0), the deterministic policy the model plays
       * at evaluation time; in TicTacToe, 0 proves it never loses. Costs one more policy table per evaluation.
       */
      greedy: z.boolean().default(false),
      /**
       * Seat-swapped games against random with the model writing its moves freely (no constrained decoding), at the
       * rollout temperature and greedily: the invalid-move rates say whether a served checkpoint plays its policy
       * (metrics `invalid_rate/free`, `invalid_rate/free-greedy`). 0 skips them.
       */
      freeDecodingGames: z.number().int().min(0).default(0),
      /**
       * When to play them: at `every` evaluation, or only at the `last` (after `loss.moveTextFinish`, the one whose
       * free text is meant to be legal: before it a model writes noise, which takes the longest to play out).
       */
      freeDecodingAt: z.enum(['every', 'last']).default('every'),
      /**
       * Measure the snapshot pool as a PSRO population at every snapshot: the exact exploitability of its meta-Nash
       * mixture and of the mixture the pool samples by (metrics `population/*`). On with `poolSampling: meta-nash`.
       */
      population: z.boolean().default(false),
    })
    .prefault({}),
  /** `rollout.mode: full-width` only. */
  fullWidth: z
    .strictObject({
      /** Decisions per optimizer step; a step fits every decision once, in shuffled batches of this size. */
      batch: z.number().int().min(1).default(256),
      /** Passes over a step's targets before the policy is read again. */
      epochs: z.number().int().min(1).default(1),
    })
    .prefault({}),
  /** What the run store keeps beyond metrics: `samples`, every trained turn (for `selfplay export`). */
  record: z
    .strictObject({
      samples: z.boolean().default(true),
    })
    .prefault({}),
});

export type TrainConfig = z.output<typeof trainConfigSchema>;

const checkedTrainConfigSchema = trainConfigSchema
  .superRefine((c, ctx) => {
    // Checked here, so a run folder is never made for a game that does not exist.
    for (const id of trainingGames(c)) {
      if (isGameId(id)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [c.games ? 'games' : 'game'],
        message: `unknown game "${id}"${didYouMean(id, gameIds)}; known games: ${gameIds.join(', ')}`,
      });
    }
  })
  .refine((c) => c.advantage.estimator !== 'action-value' || c.rollout.decoding === 'legal', {
    path: ['advantage', 'estimator'],
    message: "'action-value' weighs every legal move, so it needs rollout.decoding 'legal'",
  })
  .refine((c) => c.advantage.center === 'none' || c.advantage.estimator !== 'action-value', {
    path: ['advantage', 'center'],
    message: "'action-value' already weighs each turn's moves to sum to zero; centring applies to sampled advantages",
  })
  .refine((c) => Object.keys(c.gameShares ?? {}).every((id) => trainingGames(c).includes(id)), {
    path: ['gameShares'],
    message: "every game given a share must be one of the run's games (`games`, or `game`)",
  })
  .refine((c) => c.rollout.mode === 'sampled' || c.rollout.decoding === 'legal', {
    path: ['rollout', 'mode'],
    message: "'full-width' and 'mixed' fit the legal moves' distribution: they need rollout.decoding 'legal'",
  })
  .refine(
    (c) =>
      c.rollout.mode === 'sampled' ||
      c.opponent.kind === 'mirror' ||
      (c.opponent.kind === 'pool' && c.opponent.poolSampling !== 'prioritized' && c.opponent.mirrorShare === 0),
    {
      path: ['opponent', 'kind'],
      message:
        "'full-width' and 'mixed' fit the live policy against itself, or against the pool's mixture (opponent.kind 'pool' with poolSampling uniform, latest or meta-nash and mirrorShare 0); they take no other opponent",
    },
  )
  .refine((c) => !c.evaluation.population || c.opponent.kind === 'pool', {
    path: ['evaluation', 'population'],
    message: "the population is the snapshot pool: it needs opponent.kind 'pool'",
  })
  .refine(
    (c) =>
      !(
        c.opponent.kind === 'pool' &&
        (c.evaluation.population || c.opponent.poolSampling === 'meta-nash' || c.rollout.mode !== 'sampled')
      ) || trainingGames(c).length === 1,
    { path: ['opponent', 'poolSampling'], message: 'a PSRO population (meta-game) is measured on one game; train one' },
  )
  .refine((c) => c.regularization.magnetFrom !== 'average' || c.average.decay > 0, {
    path: ['regularization', 'magnetFrom'],
    message: "'average' moves the magnet to the weight average, so it needs average.decay > 0",
  });

/** The games a run trains on: `games` when given, else the one `game`. */
export function trainingGames(config: Pick<TrainConfig, 'game' | 'games'>): readonly string[] {
  return config.games ?? [config.game];
}

/** Each training game with its share of a schedule round (`gameShares`, default 1). */
export function gameRound(config: Pick<TrainConfig, 'game' | 'games' | 'gameShares'>): readonly string[] {
  return trainingGames(config).flatMap((id) => Array<string>(config.gameShares?.[id] ?? 1).fill(id));
}

export class TrainConfigError extends Error {
  override readonly name = 'TrainConfigError';
}

/** Validates a config object; every problem is reported with its key path. */
export function parseTrainConfig(input: unknown): TrainConfig {
  const result = checkedTrainConfigSchema.safeParse(input);
  if (!result.success) throw new TrainConfigError(`invalid training config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * `over` laid on `base` key by key: where both hold a plain object the two merge the same way, anything else (a
 * scalar, an array, null) in `over` replaces. So a config file with `rollout: { temperature: 0.8 }` keeps the
 * preset's other `rollout` keys. Unknown keys pass through for the schema to refuse by name.
 */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = isPlainObject(below) && isPlainObject(value) ? mergeConfig(below, value) : structuredClone(value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `key.path=value` overrides (values parsed as JSON when they are, else kept as strings). */
export function applyOverrides(base: Record<string, unknown>, overrides: readonly string[]): Record<string, unknown> {
  const out = structuredClone(base);
  for (const entry of overrides) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new TrainConfigError(`--set needs key=value (e.g. rollout.gamesPerStep=32), got "${entry}"`);
    const path = entry.slice(0, eq).split('.');
    const raw = entry.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string such as kuhn-poker
    }
    let node = out as Record<string, unknown>;
    path.slice(0, -1).forEach((k) => {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    });
    node[path[path.length - 1] as string] = value;
  }
  return out;
}
