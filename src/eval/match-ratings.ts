import type { GameInfo } from '../spec/game.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/rng.ts';
import { createRatingTable, type RankedPlayer, type RatingTable, type SkillRating } from './ratings.ts';

/**
 * What one rated result is. In a game whose returns are only win/draw/loss (`GameInfo.winDrawLoss`) it is one
 * game. Elsewhere it is a match of `hands` consecutive games of a seat-swapped `playMatch` — by default 2, the
 * pair that shares one deal with the seats swapped — and the sign of A's summed returns decides it: a player who
 * wins many small pots and loses the big ones loses the match.
 */
export interface MatchRule {
  readonly hands: number;
  readonly decidedBy: 'game result' | 'summed returns';
}

/** Games per match unless told otherwise: one seat-swapped pair of hands on the same deal. */
export const defaultMatchHands = 2;

/** The match rule for a game, from its declared properties; `hands` must be even so each match swaps seats. */
export function matchRule(info: GameInfo, hands: number = defaultMatchHands): MatchRule {
  if (info.winDrawLoss) return { hands: 1, decidedBy: 'game result' };
  if (!Number.isInteger(hands) || hands < 2 || hands % 2 !== 0)
    throw new RangeError(`match hands must be an even integer ≥ 2 (a seat-swapped pair per deal), got ${hands}`);
  return { hands, decidedBy: 'summed returns' };
}

/**
 * Each game's match rule for a round robin of `gamesPerPair` games a pair; a RangeError naming the game when the
 * games do not split into whole matches (or `hands` is not an even integer ≥ 2).
 */
export function matchRules(options: { games: readonly GameInfo[]; gamesPerPair: number; hands?: number }): MatchRule[] {
  return options.games.map((info) => {
    const rule = matchRule(info, options.hands);
    if (options.gamesPerPair % rule.hands !== 0)
      throw new RangeError(
        `games per pair (${options.gamesPerPair}) must be a multiple of the ${rule.hands}-hand match in ${info.id}`,
      );
    return rule;
  });
}

/** One line a user can read: what a rated result is for this game. */
export function describeMatchRule(rule: MatchRule): string {
  return rule.hands === 1
    ? 'one game, won, drawn or lost'
    : `${rule.hands} seat-swapped hands (${rule.hands / 2} deal${rule.hands === 2 ? '' : 's'} played from both seats), decided by summed returns`;
}

/** A's result in each match (+1 won, 0 drawn, −1 lost), from A's per-game returns in play order. */
export function matchOutcomes(returnsA: readonly number[], rule: MatchRule): number[] {
  if (returnsA.length % rule.hands !== 0)
    throw new RangeError(`${returnsA.length} games do not split into matches of ${rule.hands}`);
  const outcomes: number[] = [];
  for (let k = 0; k < returnsA.length; k += rule.hands) {
    const total = returnsA.slice(k, k + rule.hands).reduce((s, x) => s + x, 0);
    // Summed floats of opposite chips can leave a rounding residue; chips are whole or halves in every game here.
    outcomes.push(Math.abs(total) < 1e-9 ? 0 : Math.sign(total));
  }
  return outcomes;
}

export interface RatedMatch {
  readonly a: string;
  readonly b: string;
  /** +1 A won, 0 drawn, −1 B won. */
  readonly outcome: number;
}

/** Orders averaged unless told otherwise: enough that the order's noise is small beside the ratings' own. */
export const defaultRatingOrders = 16;

/**
 * OpenSkill ratings over matches, averaged over `orders` seeded shuffles of the match list. Sequential Bayesian
 * updates weigh late results less (σ shrinks as they come), so rating the round robin pair by pair in play order
 * would favour whichever pair came last; shuffling removes that bias and averaging removes most of the order's
 * noise. Reported μ and σ are the means over orders; the ordinal is μ − 3σ of those means.
 */
export function rateMatches(options: {
  matches: readonly RatedMatch[];
  seed: number;
  orders?: number;
}): [string, SkillRating][] {
  return averageOverOrders({
    ...options,
    items: options.matches,
    record: (table, m) => table.record(m.a, m.b, m.outcome),
  });
}

/** One game of any number of players: each player's rank (1 = first; ties share a rank). */
export type RankedGame = readonly RankedPlayer[];

/**
 * OpenSkill ratings over games of any number of players, each rated as one free-for-all (every player a team of
 * one, placed by its rank), averaged over `orders` seeded shuffles of the games as `rateMatches` does for two.
 */
export function rateRankedGames(options: {
  games: readonly RankedGame[];
  seed: number;
  orders?: number;
}): [string, SkillRating][] {
  return averageOverOrders({ ...options, items: options.games, record: (table, g) => table.recordRanked(g) });
}

/** μ and σ averaged over seeded shuffles of `items` (see `rateMatches`); the ordinal is μ − 3σ of the means. */
function averageOverOrders<T>(options: {
  items: readonly T[];
  seed: number;
  orders?: number;
  record: (table: RatingTable, item: T) => void;
}): [string, SkillRating][] {
  const orders = options.orders ?? defaultRatingOrders;
  if (!Number.isInteger(orders) || orders < 1)
    throw new RangeError(`rating orders must be a positive integer, got ${orders}`);
  const sums = new Map<string, { mu: number; sigma: number; games: number }>();
  for (let o = 0; o < orders; o++) {
    const table = createRatingTable();
    const order = shuffleInPlace([...options.items], createRng(deriveSeed(options.seed, o)));
    for (const item of order) options.record(table, item);
    for (const [name, r] of table.standings()) {
      const s = sums.get(name) ?? { mu: 0, sigma: 0, games: r.games };
      sums.set(name, { mu: s.mu + r.mu / orders, sigma: s.sigma + r.sigma / orders, games: r.games });
    }
  }
  return [...sums.entries()]
    .map(([name, r]): [string, SkillRating] => [name, { ...r, ordinal: r.mu - 3 * r.sigma }])
    .sort((x, y) => y[1].ordinal - x[1].ordinal);
}
