import type { EpisodeRow } from '../store/run-store.ts';
import type { AnyTextGame } from '../games/registry.ts';
import type { InvalidMoveRule } from '../rollout/invalid-move.ts';
import { type MatchReport, playMatch } from '../rollout/match.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { Policy } from '../spec/policy.ts';
import { deriveSeed } from '../util/rng.ts';
import { countOutcomes, meanWithCi } from '../util/stats.ts';
import {
  defaultRatingOrders,
  type MatchRule,
  matchOutcomes,
  matchRules,
  type RatedMatch,
  rateMatches,
} from './match-ratings.ts';
import { episodeRow } from './free-for-all.ts';
import { type NashAveraging, nashAveraging } from './nash-averaging.ts';
import { type PayoffRatingEntry, payoffRating } from './payoff-rating.ts';
import type { SkillRating } from './ratings.ts';

export interface ArenaOptions {
  /** Entrant names, unique. */
  readonly entrants: readonly string[];
  readonly games: readonly AnyTextGame[];
  /** Builds entrant `name`'s policy for one game (a nash player is game-specific). */
  readonly policyFor: (name: string, game: AnyTextGame) => Promise<Policy>;
  /** Seat-swapped games per pair and game (even numbers keep seats balanced). */
  readonly gamesPerPair: number;
  readonly seed: number;
  /** Hands per rated match where returns carry a margin (even, default 2: one deal from both seats). */
  readonly matchHands?: number;
  /** Seeded match orders the ratings are averaged over (default 16). */
  readonly ratingOrders?: number;
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
  /**
   * A's mean margin per game, (A's return − B's return) / 2 with a 95% CI: A's mean return in a zero-sum game, and
   * still antisymmetric when invalid-move penalties are not zero-sum (SPIRAL's −1.5 / +0.5).
   */
  readonly margin: { readonly mean: number; readonly halfWidth: number; readonly n: number };
  /** A's rated results: matches won, drawn and lost under the game's match rule. */
  readonly matches: { readonly wins: number; readonly draws: number; readonly losses: number };
}

export interface ArenaGameSummary {
  readonly game: string;
  /** What one rated result is in this game. */
  readonly match: MatchRule;
  /** The headline: mean margin per game against the field, best first; absent for games that are not zero-sum. */
  readonly payoffRating?: readonly PayoffRatingEntry[];
  /** Nash averaging of this game's mean-margin matrix; absent for games that are not zero-sum. */
  readonly nashAveraging?: NashAveraging;
}

export interface ArenaResult {
  readonly pairs: readonly ArenaPair[];
  /** OpenSkill over every game's matches, best first; `games` in each rating counts matches. */
  readonly ratings: readonly [string, SkillRating][];
  readonly ratingOrders: number;
  readonly games: readonly ArenaGameSummary[];
}

/**
 * A round robin: every pair of entrants plays `gamesPerPair` seat-swapped games of every game. Per zero-sum game
 * it rates from the mean-margin matrix — the payoff rating (mean against the field, the headline) and Nash
 * averaging. Across games it cuts the games into matches (`matchRule`: one game where returns are win/draw/loss,
 * else seat-swapped hands decided by summed returns) and OpenSkill rates all matches together, averaged over
 * seeded orders (`rateMatches`). Per-game matrices are not combined: different games pay in different units.
 */
export async function runArena(options: ArenaOptions): Promise<ArenaResult> {
  const { entrants, games, gamesPerPair, seed } = options;
  if (new Set(entrants).size !== entrants.length) throw new RangeError('arena entrants need unique names');
  if (entrants.length < 2) throw new RangeError('an arena needs at least two entrants');
  const rules = matchRules({
    games: games.map((g) => g.rules.info),
    gamesPerPair,
    ...(options.matchHands === undefined ? {} : { hands: options.matchHands }),
  });
  const matches: RatedMatch[] = [];
  const pairs: ArenaPair[] = [];
  for (const [g, game] of games.entries()) {
    const rule = rules[g] as MatchRule;
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
        const margins = report.results.map((r, k) => ((r.returns[k % 2] ?? 0) - (r.returns[1 - (k % 2)] ?? 0)) / 2);
        const outcomes = matchOutcomes(margins, rule);
        for (const outcome of outcomes) matches.push({ a, b, outcome });
        const pair = {
          game: game.rules.info.id,
          a,
          b,
          report,
          margin: meanWithCi(margins),
          matches: countOutcomes(outcomes),
        };
        pairs.push(pair);
        options.onPair?.(pair);
      }
    }
    await Promise.all([...policies.values()].map((p) => p.close?.()));
  }
  const ratingOrders = options.ratingOrders ?? defaultRatingOrders;
  const summaries = games.map((game, g): ArenaGameSummary => {
    const id = game.rules.info.id;
    const match = rules[g] as MatchRule;
    // Margins of a general-sum game are not what either player is paid: no meta-game to solve there.
    if (!game.rules.info.zeroSum) return { game: id, match };
    const matrix = {
      players: entrants,
      ...returnMatrix(
        pairs.filter((p) => p.game === id),
        entrants,
      ),
    };
    return { game: id, match, payoffRating: payoffRating(matrix), nashAveraging: nashAveraging(matrix) };
  });
  return {
    pairs,
    ratings: rateMatches({ matches, seed: deriveSeed(seed, 0x5a7e), orders: ratingOrders }),
    ratingOrders,
    games: summaries,
  };
}

/** Row's mean margin per game against column (`ArenaPair.margin`) and 95% half-widths: an antisymmetric matrix. */
export function returnMatrix(
  pairs: readonly ArenaPair[],
  players: readonly string[],
): { payoff: number[][]; halfWidth: number[][] } {
  const payoff = players.map(() => players.map(() => 0));
  const halfWidth = players.map(() => players.map(() => 0));
  for (const { a, b, margin } of pairs) {
    const i = players.indexOf(a);
    const j = players.indexOf(b);
    const { mean, halfWidth: hw } = margin;
    payoff[i]![j] = mean;
    payoff[j]![i] = -mean;
    halfWidth[i]![j] = Number.isNaN(hw) ? 0 : hw;
    halfWidth[j]![i] = Number.isNaN(hw) ? 0 : hw;
  }
  return { payoff, halfWidth };
}

/** A's score against B: (wins + draws / 2) / games, with a 95% normal-approximation half-width. */
export function pairScore(report: MatchReport): { score: number; halfWidth: number } {
  return outcomeScore(report);
}

/** (wins + draws / 2) / results with a 95% normal-approximation half-width, for games or matches alike. */
export function outcomeScore(counts: { wins: number; draws: number; losses: number }): {
  score: number;
  halfWidth: number;
} {
  const n = Math.max(1, counts.wins + counts.draws + counts.losses);
  const score = (counts.wins + counts.draws / 2) / n;
  return { score, halfWidth: 1.96 * Math.sqrt((score * (1 - score)) / n) };
}

/** A pair's games as run-store episode rows at `step`, with the seats in the order each game was played. */
export function pairEpisodes(pair: ArenaPair, step: number): EpisodeRow[] {
  return pair.report.results.map((r, k) => episodeRow(r, k % 2 === 0 ? [pair.a, pair.b] : [pair.b, pair.a], step));
}
