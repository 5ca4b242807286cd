import type { AnyTextGame } from '../../games/registry.ts';
import { type InvalidMoveRule, invalidMoveRules } from '../../rollout/invalid-move.ts';
import { type MatchReport, playMatch } from '../../rollout/match.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { deriveSeed } from '../../util/rng.ts';
import { type BoundedMeanInterval, boundedMeanInterval } from './bounded-mean-interval.ts';

export interface SampledMetaGameOptions {
  readonly game: AnyTextGame;
  /** The population, in order (newest last, as the meta-solvers expect). */
  readonly policies: readonly Policy[];
  /** Games per pair of members, even: half with each member in seat 0, the two games of a deal pair share a seed. */
  readonly gamesPerPair: number;
  readonly seed: number;
  /** Confidence level of each cell's interval (default 0.95). */
  readonly level?: number;
  readonly format?: ObservationFormat;
  /** Default: SPIRAL's rule, as `playEpisode`. */
  readonly invalidMove?: InvalidMoveRule;
  /** Games in flight at once per pair (see `playMatch`). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Called after each pair i < j is played. */
  readonly onCell?: (cell: { i: number; j: number; interval: BoundedMeanInterval; report: MatchReport }) => void;
}

export interface SampledMetaGame {
  /**
   * `payoff[i][j]`: i's mean margin per game against j over seat-swapped games, (i's return − j's return) / 2 —
   * i's mean return in a zero-sum game, and antisymmetric even when invalid-move penalties are not zero-sum.
   * The diagonal is 0 by definition (a member against itself is the symmetric game's value).
   */
  readonly payoff: number[][];
  /** Interval bounds of each cell; `low[j][i] = −high[i][j]`; the diagonal is [0, 0]. */
  readonly low: number[][];
  readonly high: number[][];
  /** max(mean − low, high − mean) per cell, the shape `nashAveraging` and `payoffRating` take. */
  readonly halfWidth: number[][];
  /** Deal pairs behind each cell (the interval's n). */
  readonly pairs: number;
  /** The range a deal pair's mean margin can take, as the intervals assume: [−bound, bound]. */
  readonly bound: number;
  readonly level: number;
}

/**
 * The population's meta-game estimated by play, for games too large to walk: every pair of members plays
 * `gamesPerPair` seat-swapped games (`playMatch`). Each deal pair — the same seed from both seats — gives one
 * independent mean margin, bounded by the game's `returnRange` and the invalid-move rewards, and each cell's
 * interval is `boundedMeanInterval` over those pair means (honest at small samples and lopsided cells, where the
 * normal interval of `meanWithCi` shrinks to nothing). The intervals are per cell, not simultaneous over the matrix.
 */
export async function sampledMetaGame(options: SampledMetaGameOptions): Promise<SampledMetaGame> {
  const { game, policies, gamesPerPair, seed } = options;
  const { info } = game.rules;
  if (info.players !== 2 || !info.zeroSum)
    throw new RangeError(`sampledMetaGame needs a two-player zero-sum game; ${info.id} is not one`);
  if (!(Number.isInteger(gamesPerPair) && gamesPerPair >= 2 && gamesPerPair % 2 === 0))
    throw new RangeError(`sampledMetaGame: gamesPerPair must be an even number ≥ 2, got ${gamesPerPair}`);
  if (policies.length === 0) throw new RangeError('sampledMetaGame: the population is empty');
  const level = options.level ?? 0.95;
  const invalidMove = options.invalidMove ?? invalidMoveRules.spiral;
  const bound = marginBound(info.returnRange, invalidMove);
  const k = policies.length;
  const square = (v: number) => Array.from({ length: k }, () => new Array<number>(k).fill(v));
  const payoff = square(0);
  const low = square(0);
  const high = square(0);
  const halfWidth = square(0);
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const report = await playMatch({
        game,
        players: [policies[i]!, policies[j]!],
        games: gamesPerPair,
        seed: deriveSeed(seed, i, j),
        invalidMove,
        ...(options.format ? { format: options.format } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const interval = boundedMeanInterval(pairMargins(report), { range: [-bound, bound], level });
      payoff[i]![j] = interval.mean;
      payoff[j]![i] = -interval.mean;
      low[i]![j] = interval.low;
      high[i]![j] = interval.high;
      low[j]![i] = -interval.high;
      high[j]![i] = -interval.low;
      halfWidth[i]![j] = halfWidth[j]![i] = interval.halfWidth;
      options.onCell?.({ i, j, interval, report });
    }
  return { payoff, low, high, halfWidth, pairs: gamesPerPair / 2, bound, level };
}

/**
 * Member A's mean margin over each deal pair of a match (games 2m and 2m + 1 share a seed; A sits in seat 0 in even
 * games): ½ · Σ over the two games of (A's return − B's return) / 2.
 */
export function pairMargins(report: MatchReport): number[] {
  const { results } = report;
  const margins: number[] = [];
  for (let g = 0; g + 1 < results.length; g += 2) {
    let total = 0;
    for (const [offset, seatA] of [
      [0, 0],
      [1, 1],
    ] as const) {
      const r = results[g + offset]!.returns;
      total += ((r[seatA] ?? 0) - (r[1 - seatA] ?? 0)) / 2;
    }
    margins.push(total / 2);
  }
  return margins;
}

/** The largest |margin| one game can give: half the return range, or half the invalid-move rewards' spread. */
function marginBound(range: readonly [number, number], rule: InvalidMoveRule): number {
  const spreads = [range[1] - range[0], Math.abs(rule.offenderReward - rule.otherReward)];
  if (rule.ruleViolation) spreads.push(Math.abs(rule.ruleViolation.offenderReward - rule.ruleViolation.otherReward));
  return Math.max(...spreads) / 2;
}
