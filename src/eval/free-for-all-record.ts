import type { FreeForAllResult } from './free-for-all.ts';

/** A mean with its 95% half-width, as stored. */
interface StoredCi {
  readonly mean: number;
  readonly halfWidth: number;
}

/**
 * One game's free-for-all as stored in the arena result (`ArenaRecord.freeForAll`, read back by
 * src/dashboard/arena-view.ts) and as the CLI prints it. Plain JSON: the games themselves are stored as episodes.
 */
export interface FreeForAllRecord {
  readonly game: string;
  readonly players: number;
  /** How the tables were chosen: `every subset` or `sampled` (see `seatTables`). */
  readonly selection: string;
  readonly tables: number;
  readonly dealsPerTable: number;
  readonly games: number;
  readonly ratingOrders: number;
  /** Best first, by OpenSkill ordinal. */
  readonly entries: readonly {
    player: string;
    mu: number;
    sigma: number;
    ordinal: number;
    /** μ ± 1.96σ. */
    low: number;
    high: number;
    games: number;
    meanReturn: StoredCi;
    meanRank: StoredCi;
    invalid: number;
    stats: Readonly<Record<string, StoredCi>>;
  }[];
}

const stored = (ci: { mean: number; halfWidth: number }): StoredCi => ({ mean: ci.mean, halfWidth: ci.halfWidth });

export function freeForAllRecord(result: FreeForAllResult): FreeForAllRecord {
  return {
    game: result.game,
    players: result.players,
    selection: result.selection,
    tables: result.tables.length,
    dealsPerTable: result.dealsPerTable,
    games: result.tables.reduce((s, t) => s + t.results.length, 0),
    ratingOrders: result.ratingOrders,
    entries: result.entries.map((e) => ({
      player: e.player,
      mu: e.rating.mu,
      sigma: e.rating.sigma,
      ordinal: e.rating.ordinal,
      low: e.interval[0],
      high: e.interval[1],
      games: e.games,
      meanReturn: stored(e.meanReturn),
      meanRank: stored(e.meanRank),
      invalid: e.invalid,
      stats: Object.fromEntries(Object.entries(e.stats).map(([name, ci]) => [name, stored(ci)])),
    })),
  };
}
