import { type EpisodeResult, playEpisode, type TurnRecord } from '../../rollout/episode.ts';
import { type Pairing, seatPolicies } from '../../rollout/seat-binding.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import type { OpponentSampler } from '../opponents.ts';
import { shuffledGameSchedule } from '../game-schedule.ts';
import type { TrainingContext } from '../training-context.ts';

export interface StepGames {
  readonly pairings: readonly Pairing[];
  readonly episodes: readonly EpisodeResult[];
}

/**
 * Plays a step's sampled games concurrently (their LM turns batched): which game each is (one game, or SPIRAL's
 * shuffled multi-game schedule), who sits in its seats, then the games themselves, each reported as events.
 * Seed streams: 4 the schedule and pairings, per step (so a resumed run pairs its games as the uninterrupted run
 * would have); 100 + step the games, by index.
 */
export async function playStepGames(options: {
  ctx: TrainingContext;
  opponents: OpponentSampler;
  step: number;
  /** The sampled games of a schedule round, with their shares (`gameRound` without the full-width games). */
  round: readonly string[];
}): Promise<StepGames> {
  const { ctx, opponents, step, round } = options;
  const { config } = ctx;
  const count = config.rollout.gamesPerStep;
  const pairingRng = createRng(deriveSeed(config.seed, 4, step));
  const ids = [...new Set(round)];
  const schedule =
    ids.length > 1 ? shuffledGameSchedule(round, count, pairingRng) : Array.from({ length: count }, () => ids[0]!);
  const pairings = schedule.map((gameId, i) => opponents.pair(i, pairingRng, gameId));
  const episodes = await Promise.all(
    pairings.map(async (pairing, episode) => {
      const game = schedule[episode]!;
      const seed = deriveSeed(config.seed, 100 + step, episode);
      const where = { step, episode, game, seed };
      const policies = seatPolicies(pairing);
      ctx.emit({ type: 'episode-start', ...where, seats: policies.map((p) => p.name) });
      const result = await playEpisode({
        game: ctx.gamesById.get(game)!,
        policies,
        seed,
        format: config.rollout.format,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onTurn: (turn: TurnRecord) =>
          ctx.emit(
            turn.move === undefined
              ? {
                  type: 'action-invalid',
                  ...where,
                  player: turn.player,
                  turn: turn.turn,
                  answer: turn.answer,
                  reason: turn.invalidReason ?? 'invalid',
                }
              : { type: 'turn-end', ...where, player: turn.player, turn: turn.turn, move: turn.move },
          ),
      });
      ctx.emit({ type: 'episode-end', ...where, returns: result.returns, outcome: result.outcome });
      return result;
    }),
  );
  return { pairings, episodes };
}
