import { ordinal, rate, rating } from 'openskill';

/** A Weng–Lin (OpenSkill) rating: skill estimate `mu`, uncertainty `sigma`, and `mu − 3σ` for ranking. */
export interface SkillRating {
  readonly mu: number;
  readonly sigma: number;
  readonly ordinal: number;
  readonly games: number;
}

/**
 * OpenSkill ratings over a stream of two-player results (Weng & Lin 2011, the `openskill` package's default
 * Plackett–Luce model; TextArena's leaderboard uses TrueSkill, a close relative). Draws share a rank.
 */
export function createRatingTable() {
  const table = new Map<string, { mu: number; sigma: number; games: number }>();
  const get = (name: string) => {
    let r = table.get(name);
    if (!r) {
      r = { ...rating(), games: 0 };
      table.set(name, r);
    }
    return r;
  };
  return {
    /** Records one game: `scoreA` > 0 means A won, < 0 B won, 0 a draw. */
    record(a: string, b: string, scoreA: number): void {
      const ra = get(a);
      const rb = get(b);
      const rank = scoreA > 0 ? [1, 2] : scoreA < 0 ? [2, 1] : [1, 1];
      const [[na], [nb]] = rate([[{ mu: ra.mu, sigma: ra.sigma }], [{ mu: rb.mu, sigma: rb.sigma }]], { rank }) as [
        [{ mu: number; sigma: number }],
        [{ mu: number; sigma: number }],
      ];
      table.set(a, { ...na, games: ra.games + 1 });
      table.set(b, { ...nb, games: rb.games + 1 });
    },
    /** Every rated name, best (highest ordinal) first. */
    standings(): [string, SkillRating][] {
      return [...table.entries()]
        .map(([name, r]): [string, SkillRating] => [name, { ...r, ordinal: ordinal(r) }])
        .sort((x, y) => y[1].ordinal - x[1].ordinal);
    },
  };
}
