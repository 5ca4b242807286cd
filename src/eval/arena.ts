import type { AnyTextGame } from '../games/registry.ts';
import type { InvalidMoveRule } from '../rollout/invalid-move.ts';
import { type MatchReport, playMatch } from '../rollout/match.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { Policy } from '../spec/policy.ts';
import { deriveSeed } from '../util/rng.ts';
import { createRatingTable, type SkillRating } from './ratings.ts';

export interface ArenaOptions {
  /** Entrant names, unique. */
  readonly entrants: readonly string[];
  readonly games: readonly AnyTextGame[];
  /** Builds entrant `name`'s policy for one game (a nash player is game-specific). */
  readonly policyFor: (name: string, game: AnyTextGame) => Promise<Policy>;
  /** Seat-swapped games per pair and game (even numbers keep seats balanced). */
  readonly gamesPerPair: number;
  readonly seed: number;
  readonly format?: ObservationFormat;
  readonly invalidMove?: InvalidMoveRule;
  readonly onPair?: (pair: ArenaPair) => void;
}

export interface ArenaPair {
  readonly game: string;
  readonly a: string;
  readonly b: string;
  /** From A's side. */
  readonly report: MatchReport;
}

export interface ArenaResult {
  readonly pairs: readonly ArenaPair[];
  readonly ratings: readonly [string, SkillRating][];
}

/**
 * A round robin: every pair of entrants plays `gamesPerPair` seat-swapped games of every game; each game result
 * updates OpenSkill ratings in play order.
 */
export async function runArena(options: ArenaOptions): Promise<ArenaResult> {
  const { entrants, games, gamesPerPair, seed } = options;
  if (new Set(entrants).size !== entrants.length) throw new RangeError('arena entrants need unique names');
  if (entrants.length < 2) throw new RangeError('an arena needs at least two entrants');
  const ratings = createRatingTable();
  const pairs: ArenaPair[] = [];
  for (const [g, game] of games.entries()) {
    const policies = new Map<string, Policy>();
    for (const name of entrants) policies.set(name, await options.policyFor(name, game));
    for (let i = 0; i < entrants.length; i++) {
      for (let j = i + 1; j < entrants.length; j++) {
        const a = entrants[i] as string;
        const b = entrants[j] as string;
        const report = await playMatch({
          game,
          players: [policies.get(a) as Policy, policies.get(b) as Policy],
          games: gamesPerPair,
          seed: deriveSeed(seed, g, i, j),
          ...(options.format ? { format: options.format } : {}),
          ...(options.invalidMove ? { invalidMove: options.invalidMove } : {}),
        });
        report.results.forEach((result, k) => ratings.record(a, b, result.returns[k % 2] ?? 0));
        const pair = { game: game.rules.info.id, a, b, report };
        pairs.push(pair);
        options.onPair?.(pair);
      }
    }
    await Promise.all([...policies.values()].map((p) => p.close?.()));
  }
  return { pairs, ratings: ratings.standings() };
}

/** A's score against B: (wins + draws / 2) / games, with a 95% normal-approximation half-width. */
export function pairScore(report: MatchReport): { score: number; halfWidth: number } {
  const n = Math.max(1, report.games);
  const score = (report.wins + report.draws / 2) / n;
  return { score, halfWidth: 1.96 * Math.sqrt((score * (1 - score)) / n) };
}
