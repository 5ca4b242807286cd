import { corpusExclusion, type CorpusStats, createProgramCorpus } from '../../executors/program-corpus.ts';
import type { Task } from '../../executors/task.ts';
import { type AdamwConfig, adamwConfigSchema, createModel, loadModel, type ModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels, type Kernels, withKernels } from '../../lm/kernels/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../rollout/lm-policy.ts';
import type { RunStore } from '../../store/run-store.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { saveRunCheckpoint } from '../run-checkpoint.ts';
import { createRunLearner } from '../run-learner.ts';
import { scheduledValue } from '../schedule.ts';

/** The corpora `selfplay pretrain --corpus` knows. */
export const pretrainCorpora = ['programs'] as const;
export type PretrainCorpus = (typeof pretrainCorpora)[number];

/** How the learning rate moves over the run. */
export const lrSchedules = ['cosine', 'constant'] as const;
export type LrSchedule = (typeof lrSchedules)[number];

/**
 * A pretraining run's settings, saved as the run's config. `kind: 'pretrain'` marks the run so that nothing mistakes
 * it for a self-play or recipe run.
 */
export interface PretrainConfig {
  readonly kind: 'pretrain';
  readonly recipe: 'pretrain';
  readonly corpus: PretrainCorpus;
  readonly seed: number;
  /** Optimizer steps: the schedule's horizon, so a seeded run is the same whatever the machine's speed. */
  readonly steps: number;
  /** An optional wall-clock cap: the run stops at whichever of `steps` and `minutes` comes first. */
  readonly minutes?: number;
  /** Examples per optimizer step. */
  readonly batch: number;
  readonly schedule: LrSchedule;
  /** Linear warm-up steps before the schedule (from 0 to `optim.lr`). */
  readonly warmupSteps: number;
  /** The cosine schedule ends at `optim.lr · minLrRatio`. */
  readonly minLrRatio: number;
  readonly optim: AdamwConfig;
  readonly threads: number;
  /** The model trained: a fresh one of this config, or the base checkpoint's (then this is the base's config). */
  readonly model: ModelConfig;
  /** The checkpoint folder continued from (`--checkpoint`), if any. */
  readonly base?: string;
  /** Task files whose tasks the corpus leaves out, besides the shipped benchmark (always left out). */
  readonly excludeFiles: readonly string[];
  /** Save a checkpoint every this many steps (and always at the end); 0: only at the end. */
  readonly checkpointEvery: number;
}

/** Whether a run's saved config is a pretraining run's. */
export function isPretrainConfig(config: unknown): config is PretrainConfig {
  return typeof config === 'object' && config !== null && (config as { kind?: unknown }).kind === 'pretrain';
}

/** Sensible defaults for the built-in LM on the program corpus (docs/executors.md, "A base model"). */
export const pretrainDefaults = {
  steps: 400,
  batch: 32,
  schedule: 'cosine',
  warmupSteps: 20,
  minLrRatio: 0.1,
  lr: 5e-3,
  threads: 2,
  checkpointEvery: 500,
} as const;

/** One step's figures, as the run store records them and the CLI prints them. */
export interface PretrainStep {
  readonly step: number;
  /** Mean next-token loss per answer token (nats), EOS included. */
  readonly loss: number;
  readonly lr: number;
  readonly tokens: number;
  readonly seconds: number;
  readonly tokensPerSecond: number;
}

export interface PretrainResult {
  readonly steps: number;
  readonly seconds: number;
  /** Loss of the last step, and the mean over the last 10% of steps (less noisy). */
  readonly finalLoss: number;
  readonly tailLoss: number;
  /** The last checkpoint's folder inside the run, relative to the run folder. */
  readonly checkpoint: string;
  readonly corpus: CorpusStats;
}

/**
 * Supervised pretraining of the built-in LM on the seeded program corpus (executors/program-corpus.ts): the
 * next-token loss of the answer tokens, EOS included, with the prompt masked (the learner's `reinforce` loss at
 * advantage 1 is exactly that NLL), AdamW through the run's learner, a linear warm-up and a cosine (or constant) rate
 * over `steps` (a `minutes` cap cuts the run short without bending the schedule). Examples that do not fit the
 * model's context are trimmed or skipped and counted. Every figure goes to `store` (`loss`, `lr`,
 * `seconds`, `tokens_per_s`); checkpoints are run checkpoints, so every `--checkpoint` reader loads them.
 * Seed streams: 1 initial weights, 2 the (unused) sampling RNG saved with checkpoints; the corpus draws from `seed`.
 */
export async function pretrainPrograms(options: {
  config: PretrainConfig;
  store: RunStore;
  /** Tasks the corpus must not teach (the benchmark and the `--exclude` files' tasks). */
  exclude: readonly Task[];
  /** The base checkpoint's weights, when continuing (`config.base`). */
  baseParams?: Float32Array;
  now?: () => number;
  onStep?: (step: PretrainStep) => void;
}): Promise<PretrainResult> {
  const { config } = options;
  return withKernels(config.threads, (kernels) => runPretrain(options, kernels));
}

async function runPretrain(options: Parameters<typeof pretrainPrograms>[0], kernels: Kernels): Promise<PretrainResult> {
  const { config, store } = options;
  const now = options.now ?? (() => performance.now());
  const model = createModel({
    kernels,
    config: config.model,
    ...(options.baseParams ? { params: options.baseParams } : { rng: createRng(deriveSeed(config.seed, 1)) }),
  });
  const learner = await createRunLearner({ model, optim: config.optim, threads: config.threads });
  const samplingRng = createRng(deriveSeed(config.seed, 2));
  const context = config.model.context;
  const corpus = createProgramCorpus({
    seed: config.seed,
    exclude: corpusExclusion(options.exclude),
    fits: (prompt, answer) => lmPromptTokens(prompt).length + lmCompletionTokens(answer).length <= context,
  });
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  const inTime = () => config.minutes === undefined || elapsed() < 60 * config.minutes;
  const ctx = { store, learner, samplingRng, emit: () => {}, model };
  const losses: number[] = [];
  let checkpoint: string | undefined;
  let step = 0;
  let tokensSeen = 0;
  try {
    while (step < config.steps && inTime()) {
      const lr = learningRate(config, step + 1);
      const batch = Array.from({ length: config.batch }, () => corpus.next());
      const result = await learner.forwardBackward(
        batch.map((e) => {
          const completionTokens = lmCompletionTokens(e.answer);
          return {
            promptTokens: lmPromptTokens(e.prompt),
            completionTokens,
            samplingLogprobs: completionTokens.map(() => 0),
            advantage: 1,
          };
        }),
        // Summed over a completion's tokens and averaged over the batch: every answer token weighs the same.
        { kind: 'reinforce', normalizer: 1 },
      );
      await learner.optimStep({ lr });
      step++;
      tokensSeen += result.tokens;
      const loss = (result.loss * result.samples) / Math.max(1, result.tokens);
      losses.push(loss);
      const seconds = elapsed();
      const figures: PretrainStep = {
        step,
        loss,
        lr,
        tokens: result.tokens,
        seconds,
        tokensPerSecond: seconds > 0 ? tokensSeen / seconds : 0,
      };
      store.addMetrics(step, { loss, lr, seconds, tokens_per_s: figures.tokensPerSecond });
      options.onStep?.(figures);
      if (config.checkpointEvery > 0 && step % config.checkpointEvery === 0) {
        checkpoint = await saveRunCheckpoint(ctx, [], step);
      }
    }
    if (checkpoint === undefined || !checkpoint.endsWith(`step-${step}`)) {
      checkpoint = await saveRunCheckpoint(ctx, [], step);
    }
  } finally {
    await learner.close?.();
  }
  const tail = losses.slice(-Math.max(1, Math.ceil(losses.length / 10)));
  const stats = corpus.stats();
  const result: PretrainResult = {
    steps: step,
    seconds: elapsed(),
    finalLoss: losses.at(-1) ?? Number.NaN,
    tailLoss: tail.reduce((s, x) => s + x, 0) / tail.length,
    checkpoint: checkpoint!,
    corpus: stats,
  };
  store.updateSummary({
    loss: result.tailLoss,
    steps: result.steps,
    examples: stats.examples,
    skipped: stats.skipped,
    trimmed: stats.trimmed,
  });
  return result;
}

/** The rate of optimizer step `step` (1-based): linear warm-up to `optim.lr`, then cosine down to `lr · minLrRatio` at
 * the last of `steps` (or constant). */
export function learningRate(config: PretrainConfig, step: number): number {
  return scheduledValue({
    start: config.optim.lr,
    step,
    steps: config.steps,
    shape: config.schedule,
    finalRatio: config.minLrRatio,
    warmupSteps: config.warmupSteps,
  });
}

/** The resolved optimizer settings for a pretraining run at peak rate `lr`. */
export function pretrainOptim(lr: number): AdamwConfig {
  return adamwConfigSchema.parse({ lr });
}

/** A fresh model's config for pretraining, or the base checkpoint's (a continued run keeps its base's shape). */
export async function baseModel(dir: string): Promise<{ config: ModelConfig; params: Float32Array }> {
  const { model } = await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) });
  return { config: model.config, params: model.params().slice() };
}
