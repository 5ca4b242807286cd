import { ordinal, rate, rating } from 'openskill';

/** A Weng–Lin (OpenSkill) rating: skill estimate `mu`, uncertainty `sigma`, and `mu − 3σ` for ranking. */
export interface SkillRating {
  readonly mu: number;
  readonly sigma: number;
  readonly ordinal: number;
  readonly games: number;
}

/** One player's place in a game of any number of players: lower `rank` is better, equal ranks are a tie. */
export interface RankedPlayer {
  readonly name: string;
  readonly rank: number;
}

/**
 * OpenSkill ratings over a stream of results (Weng & Lin 2011, the `openskill` package's default Plackett–Luce
 * model; TextArena's leaderboard uses TrueSkill, a close relative): two-player results (`record`), or games of any
 * number of players rated as one free-for-all, every player a team of one (`recordRanked`). Draws share a rank.
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
  /** Records one free-for-all game: every player's rank (1 = first; ties share a rank, any numbers order them). */
  const recordRanked = (players: readonly RankedPlayer[]): void => {
    if (players.length < 2) throw new RangeError(`a rated game needs at least two players, got ${players.length}`);
    if (new Set(players.map((p) => p.name)).size !== players.length)
      throw new RangeError(`a rated game lists a player twice: ${players.map((p) => p.name).join(', ')}`);
    const before = players.map((p) => get(p.name));
    const after = rate(
      before.map((r) => [{ mu: r.mu, sigma: r.sigma }]),
      { rank: players.map((p) => p.rank) },
    );
    for (const [i, p] of players.entries()) {
      const next = after[i]?.[0];
      if (!next) throw new Error(`openskill returned no rating for ${p.name}`);
      table.set(p.name, { mu: next.mu, sigma: next.sigma, games: (before[i]?.games ?? 0) + 1 });
    }
  };
  return {
    /** Records one game: `scoreA` > 0 means A won, < 0 B won, 0 a draw. */
    record(a: string, b: string, scoreA: number): void {
      recordRanked([
        { name: a, rank: scoreA < 0 ? 2 : 1 },
        { name: b, rank: scoreA > 0 ? 2 : 1 },
      ]);
    },
    recordRanked,
    /** Every rated name, best (highest ordinal) first. */
    standings(): [string, SkillRating][] {
      return [...table.entries()]
        .map(([name, r]): [string, SkillRating] => [name, { ...r, ordinal: ordinal(r) }])
        .sort((x, y) => y[1].ordinal - x[1].ordinal);
    },
  };
}

export type RatingTable = ReturnType<typeof createRatingTable>;
