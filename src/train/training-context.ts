import { getGame, type AnyTextGame } from '../games/registry.ts';
import type { LocalSamplerLearner } from '../learner/pass-learner.ts';
import { createModel, type LmModel, resolveModelConfig } from '../lm/index.ts';
import type { Kernels } from '../lm/kernels/index.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import type { SeatBinding } from '../rollout/seat-binding.ts';
import type { WeightSyncConfigInput } from '../llm/index.ts';
import type { Learner } from '../spec/learner.ts';
import type { Rng } from '../spec/rng.ts';
import type { RunEvent } from '../spec/run-events.ts';
import type { RunStore } from '../store/run-store.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { moveTextWarmupBatch, warmUpMoveText } from './move-text-warmup.ts';
import type { TrainConfig } from './train-config.ts';
import { trainingGames } from './train-config.ts';
import { createRemoteSampler, type RemoteSampler } from './remote-sampler.ts';
import { createRunLearner, type RemoteLearnerSettings } from './run-learner.ts';
import type { TrainerCheckpoint } from './trainer-checkpoint.ts';

/** What every part of a run reads, built once: the games, the learner, the live policy, the store, the clock. */
export interface TrainingContext {
  readonly config: TrainConfig;
  readonly games: readonly AnyTextGame[];
  readonly gamesById: ReadonlyMap<string, AnyTextGame>;
  /** The run trains several games (their metrics then carry the game's name). */
  readonly multiGame: boolean;
  readonly learner: LocalSamplerLearner;
  /**
   * The learner's published model, which the live policy samples from. In-process it is the learner's own, changed
   * in place by every optimizer step, so rollouts stay on-policy without reloading weights; a remote learner copies
   * its new weights into it after every step.
   */
  readonly model: LmModel;
  /** The live policy's sampling RNG (saved in checkpoints). */
  readonly samplingRng: Rng;
  /** The server the live policy plays through, when not this process (`--sampler`); synced before each step. */
  readonly sampler?: RemoteSampler;
  /** The live seat: the live policy, trained by the learner. */
  readonly live: SeatBinding & { readonly learner: Learner };
  readonly store?: RunStore;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly emit: (event: RunEvent) => void;
}

/**
 * Builds a run's context: the model and optimizer behind the learner (a resumed run's restored from `saved`, a fresh
 * one's warmed up to write its moves when `loss.moveTextWarmup` asks) and the live policy over the published weights.
 * Seed streams: 1 the model's initial weights, 2 the sampling RNG, 6 the move-text warm-up.
 */
export async function createTrainingContext(options: {
  config: TrainConfig;
  kernels: Kernels;
  store?: RunStore;
  now: () => number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  saved?: TrainerCheckpoint;
  /** Where the learner runs when not in this process. */
  remoteLearner?: RemoteLearnerSettings;
  /** The server the live policy plays through, when not this process. */
  sampler?: WeightSyncConfigInput;
}): Promise<TrainingContext> {
  const { config, kernels, store, saved } = options;
  const games = trainingGames(config).map((id) => getGame(id));
  const modelConfig = resolveModelConfig(config.model.config, config.model.preset);
  const initial = createModel({ kernels, config: modelConfig, rng: createRng(deriveSeed(config.seed, 1)) });
  if (!saved && config.loss.moveTextWarmup > 0) {
    const loss = await warmUpMoveText({
      model: initial,
      games,
      format: config.rollout.format,
      steps: config.loss.moveTextWarmup,
      batch: moveTextWarmupBatch,
      optim: config.optim,
      seed: deriveSeed(config.seed, 6),
    });
    store?.addMetrics(0, { 'move_text/warmup_loss': loss });
  }
  const learner = await createRunLearner({
    model: initial,
    optim: config.optim,
    threads: config.threads,
    tags: trainingGames(config),
    ...(saved ? { saved: saved.learner } : {}),
    ...(options.remoteLearner ? { remote: options.remoteLearner } : {}),
  });
  const { model } = await learner.publish();
  const samplingRng = saved ? createRng(saved.rng) : createRng(deriveSeed(config.seed, 2));
  const sampler = options.sampler
    ? await createRemoteSampler({
        settings: options.sampler,
        decoding: config.rollout.decoding,
        temperature: config.rollout.temperature,
        format: config.rollout.format,
      }).catch(async (error: unknown) => {
        await learner.close?.();
        throw error;
      })
    : undefined;
  const policy =
    sampler?.policy ??
    createLmPolicy({
      model,
      rng: samplingRng,
      temperature: config.rollout.temperature,
      decoding: config.rollout.decoding,
    });
  const onEvent = options.onEvent;
  return {
    config,
    games,
    gamesById: new Map(games.map((g) => [g.rules.info.id, g])),
    multiGame: games.length > 1,
    learner,
    model,
    samplingRng,
    ...(sampler ? { sampler } : {}),
    live: { policy, learner },
    ...(store ? { store } : {}),
    now: options.now,
    ...(options.signal ? { signal: options.signal } : {}),
    emit: onEvent ? (event) => onEvent(event) : () => {},
  };
}
