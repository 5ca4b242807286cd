import { countOutcomes, meanWithCi } from '../util/stats.ts';
import { type EpisodeResult, invalidSeats } from './episode.ts';

export interface SeatSummary {
  readonly seat: number;
  readonly meanReturn: { mean: number; halfWidth: number; n: number };
  readonly wins: number;
  readonly draws: number;
  readonly losses: number;
  /** Games in which this seat made an invalid move. */
  readonly invalid: number;
}

export interface MatchSummary {
  readonly games: number;
  readonly seats: readonly SeatSummary[];
  readonly meanTurns: number;
}

/**
 * Per-seat results over many episodes: mean return with a 95% CI, invalid moves, and wins, draws and losses against
 * the best other seat's return (in a two-player zero-sum game, the sign of the seat's own).
 */
export function summarizeMatch(results: readonly EpisodeResult[], players: number): MatchSummary {
  const seats = Array.from({ length: players }, (_, seat) => {
    const returns = results.map((r) => r.returns[seat] ?? 0);
    return {
      seat,
      meanReturn: meanWithCi(returns),
      ...countOutcomes(
        results.map((r) => (r.returns[seat] ?? 0) - Math.max(...r.returns.filter((_, p) => p !== seat))),
      ),
      invalid: results.filter((r) => invalidSeats(r).includes(seat)).length,
    };
  });
  const meanTurns = results.reduce((s, r) => s + r.turns.length, 0) / Math.max(1, results.length);
  return { games: results.length, seats, meanTurns };
}
