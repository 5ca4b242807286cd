import { join } from 'node:path';
import { getGame } from '../games/registry.ts';
import { createInProcessLearner } from '../learner/in-process-learner.ts';
import { createModel, createOptimizer, loadModel, resolveModelConfig } from '../lm/index.ts';
import { bestWasmVariant, createHeap, createKernelPool, createKernels, type Kernels } from '../lm/kernels/index.ts';
import { playEpisode } from '../rollout/episode.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import type { RunStore } from '../store/run-store.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { type ActionValueCritic, createActionValueCritic } from './advantage/action-values.ts';
import { centerByPrompt } from './advantage/center.ts';
import type { AdvantageEstimator } from './advantage/estimator.ts';
import { grpoBaseline, noBaseline, rlooBaseline } from './advantage/group-baselines.ts';
import { createObservationBaseline } from './advantage/observation-baseline.ts';
import { createRaeEstimator } from './advantage/rae.ts';
import { allActionSamples } from './all-actions.ts';
import { playBranches } from './branches.ts';
import { createPolicyEvaluator, type PolicyEvaluation } from './evaluate-policy.ts';
import { gameMetrics, matchMetrics, meanEntropy } from './evaluation-metrics.ts';
import { createFullWidthTrainer, fullWidthGames } from './full-width/full-width.ts';
import { legalMassFits } from './legal-mass-fits.ts';
import { createMagnetRegularizer } from './magnet.ts';
import { createOpponentSampler } from './opponents.ts';
import { sampleRows } from './sample-rows.ts';
import { collectSamples, trainedTurns, turnAdvantages } from './trained-turns.ts';
import { loadTrainerExtras, ResumeError, saveTrainerCheckpoint } from './trainer-checkpoint.ts';
import { shuffledGameSchedule } from './game-schedule.ts';
import { createWeightAverage } from './weight-average.ts';
import { gameRound, type TrainConfig, trainingGames } from './train-config.ts';
import { scheduledValue } from './schedule.ts';

export interface StepMetrics {
  readonly step: number;
  readonly games: number;
  /** Decisions fitted full width this step (0 in a sampled run). */
  readonly decisions: number;
  /** Trained turns of the sampled games plus the decisions fitted full width. */
  readonly samples: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly clippedFraction: number;
  readonly approxKl: number;
  /** Mean return of seat 0 in this step's self-play games. */
  readonly meanReturnP0: number;
  readonly invalidRate: number;
  readonly gamesPerSecond: number;
  readonly tokensPerSecond: number;
  readonly seconds: number;
  /** A run of one game trained full width: the exact exploitability of the policy the step started from. */
  readonly exploitability?: number;
}

export interface TrainOptions {
  readonly config: TrainConfig;
  /** Where metrics, sampled episodes and checkpoints go (optional: tests may train without a store). */
  readonly store?: RunStore;
  readonly onStep?: (metrics: StepMetrics) => void;
  readonly onEval?: (evaluation: PolicyEvaluation) => void;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Continue the store's run from its latest checkpoint (model, optimizer, RNG, baselines, magnet, step). */
  readonly resume?: boolean;
}

export interface TrainResult {
  readonly evaluations: readonly PolicyEvaluation[];
  readonly steps: number;
  readonly checkpoint?: string;
}

function createEstimator(
  config: TrainConfig['advantage'],
  saved: Record<string, number> = {},
): AdvantageEstimator | ActionValueCritic {
  switch (config.estimator) {
    case 'action-value':
      return createActionValueCritic({ decay: config.decay, baseline: config.baseline }, saved);
    case 'rae':
      return createRaeEstimator({ decay: config.decay, baseline: config.baseline }, saved);
    case 'observation':
      return createObservationBaseline({ decay: config.decay, baseline: config.baseline }, saved);
    case 'none':
      return noBaseline();
    case 'grpo':
      return grpoBaseline();
    case 'rloo':
      return rlooBaseline();
    default:
      return config.estimator satisfies never;
  }
}

/**
 * SPIRAL's online self-play loop on the built-in LM: each step the live policy plays many games at once (its turns
 * batched) — both seats in mirror self-play, or one seat against a fixed player or a pool snapshot — every live turn
 * becomes a sample with its role's advantage (RAE by default), and the
 * learner takes `epochs` PPO-clip steps on the batch. With `rollout.mode: full-width` a step plays no games and
 * fits every decision of the game instead (full-width/full-width.ts). The policy is measured exactly (exploitability
 * of its full policy table) and against random play every `evaluation.every` steps.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { config } = options;
  const now = options.now ?? (() => performance.now());
  const heap = createHeap();
  const variant = bestWasmVariant();
  const pool =
    config.threads > 1 && variant ? await createKernelPool({ heap, variant, threads: config.threads }) : undefined;
  try {
    return await trainWith({ ...options, now }, pool?.kernels ?? createKernels({ heap }));
  } finally {
    await pool?.close();
  }
}

async function trainWith(options: TrainOptions & { now: () => number }, kernels: Kernels): Promise<TrainResult> {
  const { config, store, signal, now } = options;
  const games = trainingGames(config).map((id) => getGame(id));
  const multiGame = games.length > 1;
  const round = gameRound(config);
  for (const { rules } of games) {
    if (rules.info.players !== 2)
      throw new RangeError(`self-play training needs two-player games; ${rules.info.id} has ${rules.info.players}`);
  }
  const gamesById = new Map(games.map((g) => [g.rules.info.id, g]));
  const modelConfig = resolveModelConfig(config.model.config, config.model.preset);
  const latest = options.resume ? store?.latestCheckpoint() : undefined;
  if (options.resume && !latest) throw new ResumeError('nothing to resume: the run has no checkpoint yet');
  const resumed =
    latest && store ? await loadModel(join(store.dir, latest.path), { kernels, adamw: config.optim }) : undefined;
  const extras = latest && store ? await loadTrainerExtras(join(store.dir, latest.path)) : undefined;
  const model =
    resumed?.model ?? createModel({ kernels, config: modelConfig, rng: createRng(deriveSeed(config.seed, 1)) });
  const optimizer = resumed?.optimizer ?? createOptimizer({ model, config: config.optim });
  const learner = createInProcessLearner({ model, optimizer });
  const samplingRng = resumed?.rng ?? createRng(deriveSeed(config.seed, 2));
  const policy = createLmPolicy({
    model,
    rng: samplingRng,
    temperature: config.rollout.temperature,
    decoding: config.rollout.decoding,
  });
  const estimator = createEstimator(config.advantage, extras?.state.estimator);
  const critic = 'moveValues' in estimator ? estimator : undefined;
  const opponents = await createOpponentSampler({
    config: config.opponent,
    games,
    live: policy,
    model,
    temperature: config.rollout.temperature,
    ...(extras ? { restore: extras.pool } : {}),
  });
  const average =
    config.average.decay > 0
      ? createWeightAverage({
          model,
          decay: config.average.decay,
          // Resumed: the saved average and its update count. Fresh: the initial weights.
          ...(extras?.average ? { params: extras.average, updates: extras.state.averageUpdates ?? 0 } : {}),
        })
      : undefined;
  const { regularization } = config;
  const magnet =
    regularization.kind === 'magnet'
      ? createMagnetRegularizer({
          model,
          eta: regularization.eta,
          every: regularization.magnetEvery,
          decay: regularization.magnetDecay,
          start: regularization.magnetStart,
          ...(regularization.magnetFrom === 'average' && average ? { source: average.model } : {}),
          // Resumed: the saved anchor. Fresh: the current weights, which are the initial ones.
          ...(extras?.magnet ? { anchor: extras.magnet } : {}),
        })
      : undefined;
  const fullWidth = fullWidthGames(config.rollout.mode, games).map((game) => ({
    gameId: game.rules.info.id,
    trainer: createFullWidthTrainer({
      game,
      format: config.rollout.format,
      model,
      learner,
      batch: config.fullWidth.batch,
      epochs: config.fullWidth.epochs,
      moveText: config.loss.moveText,
    }),
  }));
  const sampledIds = games.map((g) => g.rules.info.id).filter((id) => !fullWidth.some((f) => f.gameId === id));
  const sampledRound = round.filter((id) => sampledIds.includes(id));
  const evaluators = games.map((game) =>
    createPolicyEvaluator({
      game,
      format: config.rollout.format,
      temperature: config.rollout.temperature,
      greedy: config.evaluation.greedy,
      games: { random: config.evaluation.vsRandomGames, nash: config.evaluation.vsNashGames },
      freeDecodingGames: config.evaluation.freeDecodingGames,
      seed: deriveSeed(config.seed, 3),
    }),
  );
  const evaluations: PolicyEvaluation[] = [];
  const measure = async (step: number) => {
    for (const evaluate of evaluators) {
      const evaluation = await evaluate(average?.model ?? model, step);
      const live = average ? (await evaluate(model, step, { matches: false })).exploitability : undefined;
      await measureOne(live === undefined ? evaluation : { ...evaluation, liveExploitability: live });
    }
  };
  const measureOne = async (evaluation: PolicyEvaluation) => {
    evaluations.push(evaluation);
    const { step } = evaluation;
    store?.addMetrics(
      step,
      gameMetrics(multiGame ? evaluation.game : undefined, {
        ...(evaluation.exploitability === undefined ? {} : { exploitability: evaluation.exploitability }),
        ...(evaluation.liveExploitability === undefined
          ? {}
          : { 'exploitability/live': evaluation.liveExploitability }),
        ...(evaluation.greedyExploitability === undefined
          ? {}
          : { 'exploitability/greedy': evaluation.greedyExploitability }),
        ...(evaluation.table ? { entropy: meanEntropy(evaluation.table) } : {}),
        ...(evaluation.freeDecoding
          ? {
              'invalid_rate/free': evaluation.freeDecoding.sampled,
              'invalid_rate/free-greedy': evaluation.freeDecoding.greedy,
            }
          : {}),
        ...Object.assign({}, ...Object.entries(evaluation.matches).map(([against, m]) => matchMetrics(against, m))),
      }),
    );
    options.onEval?.(evaluation);
  };

  const started = now();
  const deadline = config.minutes === undefined ? Number.POSITIVE_INFINITY : started + config.minutes * 60_000;
  let step = extras?.state.step ?? 0;
  if (!resumed) await measure(0);
  const checkpoint = async () => {
    if (!store) return undefined;
    const path = join('checkpoints', `step-${step}`);
    await saveTrainerCheckpoint({
      dir: join(store.dir, path),
      model,
      optimizer,
      rng: samplingRng,
      state: {
        step,
        estimator: Object.fromEntries(Object.entries(estimator.state()).map(([k, v]) => [k, Number(v)])),
        ...(average ? { averageUpdates: average.updates() } : {}),
      },
      ...(magnet ? { magnet: magnet.anchor() } : {}),
      ...(average ? { average: average.model.params().slice() } : {}),
      pool: opponents.snapshots(),
    });
    store.addCheckpoint(step, path);
    return path;
  };
  /** The step's regularisation weight and learning rate, on their schedules. */
  const rates = (step: number) => {
    const progress = { step, steps: config.steps };
    const eta = scheduledValue({
      ...progress,
      start: regularization.eta,
      shape: regularization.etaDecay,
      finalRatio: regularization.etaFinalRatio,
    });
    const lr = scheduledValue({
      ...progress,
      start: config.optim.lr,
      shape: config.lrSchedule.decay,
      finalRatio: config.lrSchedule.finalRatio,
      warmupSteps: config.lrSchedule.warmupSteps,
    });
    return { eta, lr };
  };
  /** SPIRAL's sampled step: play the step's games, assign advantages, take the loss's epochs on the live turns. */
  const sampledStep = async (step: number, stepStart: number, lr: number, eta: number): Promise<StepMetrics> => {
    // Seeded per step, so a resumed run pairs its games as the uninterrupted run would have.
    const pairingRng = createRng(deriveSeed(config.seed, 4, step));
    const schedule =
      sampledIds.length > 1
        ? shuffledGameSchedule(sampledRound, config.rollout.gamesPerStep, pairingRng)
        : Array.from({ length: config.rollout.gamesPerStep }, () => sampledIds[0]!);
    const pairings = schedule.map((gameId, i) => opponents.pair(i, pairingRng, gameId));
    const episodes = await Promise.all(
      pairings.map((pairing, i) =>
        playEpisode({
          game: gamesById.get(schedule[i]!)!,
          policies: pairing.policies,
          seed: deriveSeed(config.seed, 100 + step, i),
          format: config.rollout.format,
        }),
      ),
    );
    if (critic && config.advantage.branches > 0)
      critic.observeMoves(
        await playBranches({
          episodes,
          pairings,
          games: gamesById,
          format: config.rollout.format,
          maxBranches: config.advantage.branches,
        }),
      );
    const rolloutSeconds = (now() - stepStart) / 1000;
    const advantages = turnAdvantages(estimator, episodes);
    // Baselines stay per (game, role) over every game of the step, whoever sat in the seat (snapshots of the
    // live policy or the live policy itself); only the live seats' turns are trained.
    const selection = {
      episodes,
      advantages,
      trainedSeats: pairings.map((p) => p.trainedSeats),
      dropZero: config.advantage.dropZero,
    };
    if (config.record.samples) store?.addSamples(sampleRows({ step, ...selection }));
    pairings.forEach((p, i) => {
      const seat = p.trainedSeats.length === 1 ? p.trainedSeats[0]! : undefined;
      if (seat !== undefined) opponents.record(p.snapshot, episodes[i]?.returns[seat] ?? 0);
    });
    const shaped = critic
      ? allActionSamples({
          turns: trainedTurns({ ...selection, dropZero: false }),
          model,
          critic,
          ...(magnet ? { magnet } : {}),
          eta,
          stepSize: config.advantage.stepSize,
        })
      : magnet?.shape(collectSamples(selection), eta);
    const uncentred = shaped?.samples ?? collectSamples(selection);
    const samples = config.advantage.center === 'observation' ? centerByPrompt(uncentred) : uncentred;
    let last = { loss: 0, clippedFraction: 0, approxKl: 0, gradNorm: 0 };
    const massFits = legalMassFits(uncentred, config.loss.moveText);
    if (samples.length > 0) {
      for (let epoch = 0; epoch < config.loss.epochs; epoch++) {
        const fb = await learner.forwardBackward(samples, config.loss);
        if (massFits.length > 0) await learner.forwardBackwardChoices(massFits);
        const opt = await learner.optimStep({ lr });
        last = { loss: fb.loss, clippedFraction: fb.clippedFraction, approxKl: fb.approxKl, gradNorm: opt.gradNorm };
      }
    }
    const seconds = (now() - stepStart) / 1000;
    const tokens = episodes.reduce(
      (s, e) =>
        s +
        e.turns.reduce(
          (t, turn) => t + (turn.trace?.completionTokenIds?.length ?? 0) + (turn.trace?.promptTokenIds?.length ?? 0),
          0,
        ),
      0,
    );
    const metrics: StepMetrics = {
      step,
      games: episodes.length,
      decisions: 0,
      samples: samples.length,
      ...last,
      meanReturnP0: episodes.reduce((s, e) => s + (e.returns[0] ?? 0), 0) / episodes.length,
      invalidRate: episodes.filter((e) => e.outcome === 'invalid-move').length / episodes.length,
      gamesPerSecond: episodes.length / Math.max(seconds, 1e-9),
      tokensPerSecond: tokens / Math.max(rolloutSeconds, 1e-9),
      seconds: (now() - started) / 1000,
    };
    store?.addMetrics(step, {
      loss: metrics.loss,
      grad_norm: metrics.gradNorm,
      clip_fraction: metrics.clippedFraction,
      approx_kl: metrics.approxKl,
      'return/p0': metrics.meanReturnP0,
      invalid_rate: metrics.invalidRate,
      games_per_s: metrics.gamesPerSecond,
      tokens_per_s: metrics.tokensPerSecond,
      samples: metrics.samples,
      seconds: metrics.seconds,
      lr,
      ...(magnet && shaped ? { kl_magnet: shaped.meanKl, eta } : {}),
      // Role baselines only: an observation-keyed estimator holds one value per observation (thousands in TicTacToe).
      ...Object.fromEntries(
        Object.entries(estimator.state())
          .filter(([key]) => /^[^#]+#\d+$/.test(key))
          .map(([key, v]) => [`baseline/${key}`, Number(v)]),
      ),
    });
    store?.addEpisodes(
      episodes.slice(0, 2).map((e) => ({
        step,
        game: e.gameId,
        seed: e.seed,
        returns: e.returns,
        outcome: e.outcome,
        transcript: { turns: e.turns, finalState: e.finalState },
      })),
    );
    return metrics;
  };
  /**
   * One game's full-width step: exact move values at every decision, every decision fitted
   * (full-width/full-width.ts). Its metrics carry the game's name when the run trains several.
   */
  const fullWidthStep = async (index: number, step: number, lr: number, eta: number): Promise<StepMetrics> => {
    const { gameId, trainer } = fullWidth[index]!;
    const stepStart = now();
    const result = await trainer.step({
      lr,
      eta,
      stepSize: config.advantage.stepSize,
      ...(magnet ? { magnet: magnet.anchorModel } : {}),
      // The first game keeps the single-game seed, so a one-game run is unchanged.
      rng: createRng(index === 0 ? deriveSeed(config.seed, 5, step) : deriveSeed(config.seed, 5, step, index)),
    });
    const seconds = (now() - stepStart) / 1000;
    store?.addMetrics(
      step,
      gameMetrics(multiGame ? gameId : undefined, {
        loss: result.loss,
        grad_norm: result.gradNorm,
        'return/p0': result.valueP0,
        'exploitability/step': result.exploitability,
        samples: result.decisions,
        decisions_per_s: result.decisions / Math.max(seconds, 1e-9),
        ...(magnet ? { kl_magnet: result.meanKl } : {}),
      }),
    );
    return {
      step,
      games: 0,
      decisions: result.decisions,
      samples: result.decisions,
      loss: result.loss,
      gradNorm: result.gradNorm,
      clippedFraction: 0,
      approxKl: 0,
      meanReturnP0: result.valueP0,
      invalidRate: 0,
      gamesPerSecond: 0,
      tokensPerSecond: 0,
      seconds: (now() - started) / 1000,
      exploitability: result.exploitability,
    };
  };
  /** A step of every game: full width where the run fits decisions, then the sampled games' step (if any). */
  const trainStep = async (step: number, lr: number, eta: number): Promise<StepMetrics> => {
    const parts: StepMetrics[] = [];
    for (let i = 0; i < fullWidth.length; i++) parts.push(await fullWidthStep(i, step, lr, eta));
    const sampled = sampledIds.length > 0 ? await sampledStep(step, now(), lr, eta) : undefined;
    if (sampled) parts.push(sampled);
    // A sampled step records the run's clock, lr and η itself.
    else store?.addMetrics(step, { seconds: parts.at(-1)!.seconds, lr, ...(magnet ? { eta } : {}) });
    if (parts.length === 1) return parts[0]!;
    return {
      ...parts.at(-1)!,
      decisions: parts.reduce((n, p) => n + p.decisions, 0),
      samples: parts.reduce((n, p) => n + p.samples, 0),
      loss: sampled?.loss ?? parts.reduce((s, p) => s + p.loss, 0) / parts.length,
      exploitability: undefined,
    };
  };
  while (step < config.steps && now() < deadline) {
    signal?.throwIfAborted();
    step++;
    const { eta, lr } = rates(step);
    const metrics = await trainStep(step, lr, eta);
    average?.update();
    magnet?.afterStep(step);
    opponents.afterStep(step);
    options.onStep?.(metrics);
    if (step % config.evaluation.every === 0 || step === config.steps) await measure(step);
    if (step % config.checkpointEvery === 0 && step < config.steps) await checkpoint();
  }
  if (evaluations[evaluations.length - 1]?.step !== step) await measure(step);
  const saved = await checkpoint();
  return { evaluations, steps: step, ...(saved ? { checkpoint: saved } : {}) };
}
