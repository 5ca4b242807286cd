import { maxEntropyNash } from '../solvers/index.ts';
import { denseRanks } from './payoff-rating.ts';

export interface NashAveragingEntry {
  readonly player: string;
  /** The player's weight in the maximum-entropy Nash mixture of the field. */
  readonly weight: number;
  /** The player's mean return against that mixture: Σ_j weight_j · M[player][j]; 0 for every player in its support. */
  readonly payoff: number;
  /**
   * 95% half-width of `payoff` from the sampled matrix entries, √(Σ_j weight_j² · halfWidth_ij²), holding the mixture
   * fixed (it is itself estimated from the same entries, so this understates the noise somewhat).
   */
  readonly halfWidth: number;
  /** Dense rank, 1 = best: players with equal payoff (every member of the support) share a rank (`denseRanks`). */
  readonly rank: number;
}

export interface NashAveraging {
  /** Best first. */
  readonly entries: readonly NashAveragingEntry[];
  /** Duality gap of the mixture in the meta-game, measured: 0 up to rounding. */
  readonly gap: number;
}

/**
 * Nash averaging (Balduzzi, Tuyls, Perolat & Graepel 2018, "Re-evaluating evaluation"): treat the antisymmetric
 * mean-return matrix of the field as a symmetric zero-sum meta-game, take its maximum-entropy Nash mixture, and
 * rate each player by its mean return against that mixture. A player scores 0 when no mixture of the field beats
 * it and below 0 by how much the least exploitable mixture beats it. Adding copies of a player changes no rating
 * (copies split its weight), so a field padded with weak players cannot inflate whoever beats them.
 */
export function nashAveraging(options: {
  players: readonly string[];
  /** M[i][j]: player i's mean return against j; must satisfy M = −Mᵀ (a zero-sum game, seats swapped). */
  payoff: readonly (readonly number[])[];
  /** 95% half-widths of the entries, same shape. */
  halfWidth?: readonly (readonly number[])[];
}): NashAveraging {
  const { players, payoff } = options;
  if (payoff.length !== players.length)
    throw new RangeError(`nash averaging: ${players.length} players but a ${payoff.length}-row matrix`);
  const nash = maxEntropyNash(payoff);
  const weights = nash.strategy;
  const scale = Math.max(1e-300, ...payoff.flat().map(Math.abs));
  const rows = players.map((player, i) => {
    const row = payoff[i] ?? [];
    // Support members earn exactly 0 in exact arithmetic: report the rounding residue as the 0 it is.
    const raw = row.reduce((s, v, j) => s + v * (weights[j] ?? 0), 0);
    const payoffI = Math.abs(raw) <= 1e-9 * scale ? 0 : raw;
    const hw = options.halfWidth?.[i] ?? [];
    const variance = row.reduce((s, _, j) => s + ((weights[j] ?? 0) * (hw[j] ?? 0)) ** 2, 0);
    return { player, weight: weights[i] ?? 0, payoff: payoffI, halfWidth: Math.sqrt(variance) };
  });
  const ranks = denseRanks(rows.map((r) => r.payoff));
  const entries = rows
    .map((r, i) => ({ ...r, rank: ranks[i] as number }))
    .sort((x, y) => x.rank - y.rank || y.weight - x.weight);
  return { entries, gap: nash.gap };
}
