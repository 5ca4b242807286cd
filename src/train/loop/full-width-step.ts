import type { AnyTextGame } from '../../games/registry.ts';
import type { StepMetrics } from '../../spec/run-events.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { gameMetrics } from '../evaluation-metrics.ts';
import { createFullWidthTrainer, fullWidthGames } from '../full-width/full-width.ts';
import type { MagnetRegularizer } from '../magnet.ts';
import type { OpponentSampler } from '../opponents.ts';
import type { TrainingContext } from '../training-context.ts';
import { seatReturnMetrics } from './seat-returns.ts';

/** What a step of the loop is told: its number, rates, and the run's start on the clock. */
export interface StepInput {
  readonly step: number;
  readonly lr: number;
  readonly eta: number;
  /** `now()` when the run started (for the metrics' `seconds`). */
  readonly started: number;
}

/**
 * The run's full-width games (none in a sampled run), each with a step: exact move values at every decision, every
 * decision fitted (full-width/full-width.ts); against the pool's mixture once a pool run has a snapshot (PSRO). A game's metrics carry its name when the run trains several. Seed
 * stream 5: the batches' shuffle, per step (and per game after the first, so a one-game run keeps its seed).
 */
export function createFullWidthSteps(
  ctx: TrainingContext,
  magnet: MagnetRegularizer | undefined,
  opponents: Pick<OpponentSampler, 'opponentTable'>,
) {
  const { config, store } = ctx;
  return fullWidthGames(config.rollout.mode, ctx.games).map((game: AnyTextGame, index) => {
    const gameId = game.rules.info.id;
    const trainer = createFullWidthTrainer({
      game,
      format: config.rollout.format,
      model: ctx.model,
      learner: ctx.learner,
      batch: config.fullWidth.batch,
      epochs: config.fullWidth.epochs,
      moveText: config.loss.moveText,
    });
    const run = async ({ step, lr, eta, started }: StepInput): Promise<StepMetrics> => {
      const stepStart = ctx.now();
      const opponent = opponents.opponentTable();
      const result = await trainer.step({
        ...(opponent ? { opponent } : {}),
        lr,
        eta,
        stepSize: config.advantage.stepSize,
        ...(magnet ? { magnet: magnet.anchorModel } : {}),
        rng: createRng(index === 0 ? deriveSeed(config.seed, 5, step) : deriveSeed(config.seed, 5, step, index)),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const seconds = (ctx.now() - stepStart) / 1000;
      store?.addMetrics(
        step,
        gameMetrics(ctx.multiGame ? gameId : undefined, {
          loss: result.loss,
          grad_norm: result.gradNorm,
          ...seatReturnMetrics(result.values, [game.rules.info]),
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
        meanReturnP0: result.values[0] ?? 0,
        meanReturns: result.values,
        invalidRate: 0,
        gamesPerSecond: 0,
        tokensPerSecond: 0,
        seconds: (ctx.now() - started) / 1000,
        exploitability: result.exploitability,
      };
    };
    return { gameId, run };
  });
}

export type FullWidthSteps = ReturnType<typeof createFullWidthSteps>;
