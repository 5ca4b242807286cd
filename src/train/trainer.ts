import { type Kernels, withKernels } from '../lm/kernels/index.ts';
import type { PolicyEvaluation, RunEvent, StepMetrics } from '../spec/run-events.ts';
import type { RunStore } from '../store/run-store.ts';
import { createRunComponents } from './components/run-components.ts';
import { closeComponents, restoreComponents } from './components/training-component.ts';
import { createRunEvaluation } from './loop/run-evaluation.ts';
import { runStepLoop } from './loop/step-loop.ts';
import { finishDecisions, finishRunMoveText } from './move-text-finish.ts';
import { latestRunCheckpoint, saveRunCheckpoint } from './run-checkpoint.ts';
import type { RemoteLearnerSettings } from './run-learner.ts';
import type { WeightSyncConfigInput } from '../llm/index.ts';
import type { TrainConfig } from './train-config.ts';
import { createTrainingContext } from './training-context.ts';

export type { StepMetrics };

export interface TrainOptions {
  readonly config: TrainConfig;
  /** Where metrics, sampled episodes and checkpoints go (optional: tests may train without a store). */
  readonly store?: RunStore;
  /** Everything the run reports as it goes (steps, evaluations, games, checkpoints), in order. */
  readonly onEvent?: (event: RunEvent) => void;
  readonly now?: () => number;
  /** Stops the run at its next turn, batch or step (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Continue the store's run from its latest checkpoint (model, optimizer, RNG, baselines, magnet, step). */
  readonly resume?: boolean;
  /** Train with a learner in another process or at a service (run-learner.ts); default in this process. */
  readonly remoteLearner?: RemoteLearnerSettings;
  /** Play the live seats through a server whose weights are synced every step (remote-sampler.ts). */
  readonly sampler?: WeightSyncConfigInput;
}

export interface TrainResult {
  readonly evaluations: readonly PolicyEvaluation[];
  readonly steps: number;
  readonly checkpoint?: string;
}

/**
 * SPIRAL's online self-play loop on the built-in LM: each step the live policy plays many games at once (its turns
 * batched) — every seat in mirror self-play, or one seat against a fixed player or a pool snapshot — every live turn
 * becomes a sample with its role's advantage (RAE by default), and the learner takes `epochs` PPO-clip steps on the
 * batch. With `rollout.mode: full-width` a step plays no games and fits every decision of the game instead
 * (full-width/full-width.ts). The policy is measured exactly (exploitability of its full policy table) and against
 * random play every `evaluation.every` steps.
 *
 * The run is built from parts: a context made once (training-context.ts), components with one lifecycle that the
 * loop, checkpoints and resume iterate (components/), and the loop itself (loop/step-loop.ts).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { config } = options;
  const now = options.now ?? (() => performance.now());
  return withKernels(config.threads, (kernels) => trainWith({ ...options, now }, kernels));
}

async function trainWith(options: TrainOptions & { now: () => number }, kernels: Kernels): Promise<TrainResult> {
  const { config, store } = options;
  const saved = options.resume ? await latestRunCheckpoint(store) : undefined;
  const ctx = await createTrainingContext({
    config,
    kernels,
    now: options.now,
    ...(store ? { store } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(saved ? { saved } : {}),
    ...(options.remoteLearner ? { remoteLearner: options.remoteLearner } : {}),
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  const parts = await createRunComponents(ctx).catch(async (error: unknown) => {
    await ctx.sampler?.close();
    await ctx.learner.close?.();
    throw error;
  });
  try {
    if (saved) await restoreComponents(parts.list, saved.components);
    const evaluation = createRunEvaluation(ctx, parts.average);
    const finishing = config.loss.moveTextFinish > 0 ? finishDecisions(ctx.games, config.rollout.format) : undefined;
    const started = ctx.now();
    const deadline = config.minutes === undefined ? Number.POSITIVE_INFINITY : started + config.minutes * 60_000;
    if (!saved) await evaluation.measure(0);
    const checkpoint = (step: number) => saveRunCheckpoint(ctx, parts.list, step);
    const step = await runStepLoop({
      ctx,
      parts,
      from: saved?.step ?? 0,
      started,
      deadline,
      measure: evaluation.measure,
      checkpoint,
    });
    if (finishing) {
      await evaluation.measure(step); // the policy as self-play left it
      await finishRunMoveText(ctx, parts.average?.model ?? ctx.model, finishing, step);
    }
    await evaluation.measure(step, { last: true });
    const path = await checkpoint(step);
    return { evaluations: evaluation.evaluations, steps: step, ...(path ? { checkpoint: path } : {}) };
  } finally {
    // Fixed opponents first (components close last made first), then the learner.
    try {
      await closeComponents(parts.list);
    } finally {
      await ctx.sampler?.close();
      await ctx.learner.close?.();
    }
  }
}
