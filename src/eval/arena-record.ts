import { type ArenaResult, pairScore } from './arena.ts';
import type { FreeForAllRecord } from './free-for-all-record.ts';
import { describeMatchRule } from './match-ratings.ts';
import type { NashAveragingEntry } from './nash-averaging.ts';
import type { PayoffRatingEntry } from './payoff-rating.ts';
import type { SkillRating } from './ratings.ts';

/** What the leaderboard is, in words the CLI prints and the dashboard shows alike. */
export interface RatingLabel {
  readonly title: string;
  /** Per game, what one rated result (a match) is. */
  readonly matches: readonly string[];
  readonly note: string;
}

/**
 * The arena as stored (`result('arena')`, read back by `src/dashboard/arena-view.ts`, which checks it with a
 * schema) and as the CLI prints it. Plain JSON: no reports or transcripts, which the store keeps as episodes.
 */
export interface ArenaRecord {
  readonly ratings: readonly [string, SkillRating][];
  readonly rating: RatingLabel;
  readonly pairs: readonly {
    game: string;
    a: string;
    b: string;
    score: number;
    halfWidth: number;
    meanReturn: { mean: number; halfWidth: number };
    wins: number;
    draws: number;
    losses: number;
    matchWins: number;
    matchDraws: number;
    matchLosses: number;
    invalidA: number;
    invalidB: number;
  }[];
  /** The headline, per zero-sum game: mean margin per game against the field. */
  readonly payoffRating: readonly {
    game: string;
    entries: readonly PayoffRatingEntry[];
    /**
     * Neighbours in this ranking whose head-to-head result does not separate them (the 95% CI of their mean margin
     * includes 0): their order is not resolved at this sample size.
     */
    unresolved: readonly string[];
  }[];
  readonly nashAveraging: readonly { game: string; gap: number; entries: readonly NashAveragingEntry[] }[];
  /** Games for more than two players, each a free-for-all of its own (`runFreeForAll`); absent when there were none. */
  readonly freeForAll?: readonly FreeForAllRecord[];
}

export const payoffRatingTitle = 'payoff rating: mean return per game against the rest of the field';
export const payoffRatingNote =
  'the row mean of the mean-return matrix (margins (own − opponent) / 2, which differ from returns only in ' +
  "games ended by an invalid move under a non-zero-sum penalty), in the game's own units; ± is its 95% CI. " +
  'It depends on who else is in the field; Nash averaging below does not.';

export const nashAveragingNote =
  "each player's mean return per game against the maximum-entropy Nash mixture of the field (the meta-game of " +
  'the mean-return matrix, solved exactly by linear programming; Balduzzi et al. 2018). 0: no mixture of the ' +
  'field beats the player; below 0: what the least exploitable mixture wins from it. Copies of a player change ' +
  'nothing. ± holds the mixture fixed; differences inside it are not resolved at this sample size.';

export function arenaRecord(result: ArenaResult): ArenaRecord {
  return {
    ratings: result.ratings,
    rating: {
      title: 'OpenSkill ratings over matches (Weng–Lin)',
      matches: result.games.map((g) => `${g.game}: a match is ${describeMatchRule(g.match)}`),
      note:
        `ordinal = μ − 3σ; μ and σ are means over ${result.ratingOrders} seeded orders of the matches; ` +
        `"matches" counts rated matches. Between players whose chip edges are small it can disagree with the ` +
        'payoff rating: it counts matches won, not chips.',
    },
    pairs: result.pairs.map(({ game, a, b, report, matches }) => ({
      game,
      a,
      b,
      ...pairScore(report),
      meanReturn: report.meanReturn,
      wins: report.wins,
      draws: report.draws,
      losses: report.losses,
      matchWins: matches.wins,
      matchDraws: matches.draws,
      matchLosses: matches.losses,
      invalidA: report.invalidA,
      invalidB: report.invalidB,
    })),
    payoffRating: result.games.flatMap((g) =>
      g.payoffRating
        ? [{ game: g.game, entries: g.payoffRating, unresolved: unresolvedNeighbours(result, g.game, g.payoffRating) }]
        : [],
    ),
    nashAveraging: result.games.flatMap((g) =>
      g.nashAveraging ? [{ game: g.game, gap: g.nashAveraging.gap, entries: g.nashAveraging.entries }] : [],
    ),
  };
}

function unresolvedNeighbours(result: ArenaResult, game: string, ranking: readonly PayoffRatingEntry[]): string[] {
  const lines: string[] = [];
  for (let k = 0; k + 1 < ranking.length; k++) {
    const upper = ranking[k]?.player;
    const lower = ranking[k + 1]?.player;
    const pair = result.pairs.find(
      (p) => p.game === game && ((p.a === upper && p.b === lower) || (p.a === lower && p.b === upper)),
    );
    if (!pair) continue;
    const mean = pair.a === upper ? pair.margin.mean : -pair.margin.mean;
    const hw = pair.margin.halfWidth;
    if (!(Math.abs(mean) > hw))
      lines.push(
        `${upper} vs ${lower}: ${mean >= 0 ? '+' : ''}${mean.toFixed(3)} ± ${hw.toFixed(3)} a game head to head`,
      );
  }
  return lines;
}
