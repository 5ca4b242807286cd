export interface PayoffRatingEntry {
  readonly player: string;
  /** Mean over the other players j of M[player][j]: the player's mean return per game against the field. */
  readonly mean: number;
  /** 95% half-width from the sampled entries, √(Σ_j halfWidth_ij²) / (n − 1) (the pairs are played independently). */
  readonly halfWidth: number;
  /** Dense rank, 1 = best. */
  readonly rank: number;
}

/**
 * The payoff rating: each player's mean return per game against every other entrant, weighted equally — read
 * straight from the mean-return matrix, so it is in the game's own units (chips a hand) and follows what the game
 * pays by construction. In a full round robin it is n/(n − 1) times the least-squares ratings r (Σr = 0) with
 * r_i − r_j ≈ M_ij, the transitive part of the matrix (Balduzzi et al. 2018's Hodge decomposition; Jiang et al.
 * 2011, "HodgeRank"). It depends on who else is in the field — add a weak player and whoever beats it most gains —
 * which is why Nash averaging is reported beside it.
 */
export function payoffRating(options: {
  players: readonly string[];
  /** M[i][j]: player i's mean return per game against j. */
  payoff: readonly (readonly number[])[];
  /** 95% half-widths of the entries, same shape. */
  halfWidth?: readonly (readonly number[])[];
}): PayoffRatingEntry[] {
  const { players, payoff } = options;
  const n = players.length;
  if (n < 2 || payoff.length !== n)
    throw new RangeError(`payoff rating: ${n} players need a ${n}×${n} matrix (at least 2), got ${payoff.length} rows`);
  const rows = players.map((player, i) => {
    const row = payoff[i] ?? [];
    const hw = options.halfWidth?.[i] ?? [];
    let sum = 0;
    let variance = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum += row[j] ?? 0;
      variance += (hw[j] ?? 0) ** 2;
    }
    return { player, mean: sum / (n - 1), halfWidth: Math.sqrt(variance) / (n - 1) };
  });
  const ranks = denseRanks(rows.map((r) => r.mean));
  return rows.map((r, i) => ({ ...r, rank: ranks[i] as number })).sort((x, y) => x.rank - y.rank || y.mean - x.mean);
}

/**
 * Dense ranks of `values`, best (highest) = 1: values within a rounding tolerance share a rank and the next value
 * gets the next number (1, 1, 1, 2), so adding a copy of a player moves nobody else's rank.
 */
export function denseRanks(values: readonly number[]): number[] {
  const scale = Math.max(1e-300, ...values.map(Math.abs));
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const ranks = new Array<number>(values.length).fill(0);
  let rank = 0;
  let last = Infinity;
  for (const [v, i] of order) {
    if (v < last - 1e-9 * scale) rank++;
    last = Math.min(last, v);
    ranks[i] = rank;
  }
  return ranks;
}
