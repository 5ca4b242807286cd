import type { EpisodeResult } from '../../rollout/episode.ts';
import { trainedSeats } from '../../rollout/seat-binding.ts';
import type { StepMetrics } from '../../spec/run-events.ts';
import { playBranches } from '../branches.ts';
import type { RunComponents } from '../components/run-components.ts';
import { sampleRows } from '../sample-rows.ts';
import { turnAdvantages } from '../trained-turns.ts';
import type { TrainingContext } from '../training-context.ts';
import type { StepInput } from './full-width-step.ts';
import { playStepGames } from './sampled-games.ts';
import { meanSeatReturns, seatReturnMetrics } from './seat-returns.ts';
import { updateOnTurns } from './sampled-update.ts';

/** Prompt and completion tokens the step's games read and wrote (the rollout's throughput). */
function tokenCount(episodes: readonly EpisodeResult[]): number {
  let tokens = 0;
  for (const e of episodes) {
    for (const { trace } of e.turns)
      tokens += (trace?.completionTokenIds?.length ?? 0) + (trace?.promptTokenIds?.length ?? 0);
  }
  return tokens;
}

/**
 * SPIRAL's sampled step over the run's sampled games (`round`: their schedule round): play the step's games,
 * assign advantages, record the samples and the pool's results, take the loss's epochs on the live seats' turns,
 * and store the step's metrics and its first two games.
 */
export function createSampledStep(ctx: TrainingContext, parts: RunComponents, round: readonly string[]) {
  const { config, store, learner } = ctx;
  const { opponents, magnet } = parts;
  const infos = ctx.games.filter((g) => round.includes(g.rules.info.id)).map((g) => g.rules.info);
  return async ({ step, lr, eta, started }: StepInput): Promise<StepMetrics> => {
    const stepStart = ctx.now();
    const { pairings, episodes } = await playStepGames({ ctx, opponents, step, round });
    const { estimator, critic } = parts.advantages.current();
    if (critic && config.advantage.branches > 0) {
      const branches = await playBranches({
        episodes,
        pairings,
        games: ctx.gamesById,
        format: config.rollout.format,
        maxBranches: config.advantage.branches,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      critic.observeMoves(branches);
    }
    const rolloutSeconds = (ctx.now() - stepStart) / 1000;
    // Baselines stay per (game, role) over every game of the step, whoever sat in the seat (snapshots of the
    // live policy or the live policy itself); only the seats bound to the learner are trained.
    const trained = pairings.map((p) => trainedSeats(p, learner));
    const selection = {
      episodes,
      advantages: turnAdvantages(estimator, episodes),
      trainedSeats: trained,
      dropZero: config.advantage.dropZero,
    };
    if (config.record.samples) store?.addSamples(sampleRows({ step, ...selection }));
    pairings.forEach((p, i) => {
      const [seat, ...others] = trained[i]!;
      if (seat !== undefined && others.length === 0) opponents.record(p.snapshot, episodes[i]?.returns[seat] ?? 0);
    });
    const updateStart = ctx.now();
    const syncedBefore = ctx.learner.syncSeconds?.() ?? 0;
    const update = await updateOnTurns({
      ctx,
      learner,
      selection,
      advantages: parts.advantages.current(),
      magnet,
      lr,
      eta,
    });
    const updateSeconds = (ctx.now() - updateStart) / 1000;
    const syncSeconds = (ctx.learner.syncSeconds?.() ?? 0) - syncedBefore;
    const seconds = (ctx.now() - stepStart) / 1000;
    const meanReturns = meanSeatReturns(episodes);
    const metrics: StepMetrics = {
      step,
      games: episodes.length,
      decisions: 0,
      samples: update.samples.length,
      loss: update.loss,
      clippedFraction: update.clippedFraction,
      approxKl: update.approxKl,
      gradNorm: update.gradNorm,
      meanReturnP0: meanReturns[0] ?? 0,
      meanReturns,
      invalidRate: episodes.filter((e) => e.outcome === 'invalid-move').length / episodes.length,
      gamesPerSecond: episodes.length / Math.max(seconds, 1e-9),
      tokensPerSecond: tokenCount(episodes) / Math.max(rolloutSeconds, 1e-9),
      seconds: (ctx.now() - started) / 1000,
    };
    store?.addMetrics(step, {
      loss: metrics.loss,
      grad_norm: metrics.gradNorm,
      clip_fraction: metrics.clippedFraction,
      approx_kl: metrics.approxKl,
      sampler_logprob_gap: update.samplerLogprobGap,
      rollout_seconds: rolloutSeconds,
      update_seconds: updateSeconds,
      ...(ctx.learner.syncSeconds ? { sync_seconds: syncSeconds } : {}),
      ...seatReturnMetrics(meanReturns, infos),
      invalid_rate: metrics.invalidRate,
      games_per_s: metrics.gamesPerSecond,
      tokens_per_s: metrics.tokensPerSecond,
      samples: metrics.samples,
      seconds: metrics.seconds,
      lr,
      ...(magnet && update.meanKl !== undefined ? { kl_magnet: update.meanKl, eta } : {}),
      ...Object.fromEntries(parts.advantages.roleBaselines().map(([key, v]) => [`baseline/${key}`, v])),
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
}
