import type { AnyTextGame } from '../games/registry.ts';
import { createSemaphore } from '../llm/semaphore.ts';
import { type EpisodeResult, invalidSeats, playEpisode } from '../rollout/episode.ts';
import type { InvalidMoveRule } from '../rollout/invalid-move.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { Policy } from '../spec/policy.ts';
import type { EpisodeRow } from '../store/run-store.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/rng.ts';
import { meanWithCi } from '../util/stats.ts';
import { defaultRatingOrders, type RankedGame, rateRankedGames } from './match-ratings.ts';
import type { SkillRating } from './ratings.ts';
import { returnRanks } from './return-ranks.ts';

export interface FreeForAllOptions {
  /** Entrant names, unique; at least as many as the game seats. */
  readonly entrants: readonly string[];
  /** A game for more than two players (two-player games go to `runArena`'s round robin). */
  readonly game: AnyTextGame;
  /** Builds entrant `name`'s policy for the game. */
  readonly policyFor: (name: string, game: AnyTextGame) => Promise<Policy>;
  /** Deals (seeds) per table; each is played once per seat rotation, so a table plays `dealsPerTable × players` games. */
  readonly dealsPerTable: number;
  readonly seed: number;
  /** Tables when the entrants can be seated in more ways than this (default `defaultMaxTables`); see `seatTables`. */
  readonly maxTables?: number;
  /** Seeded game orders the ratings are averaged over (default 16). */
  readonly ratingOrders?: number;
  readonly format?: ObservationFormat;
  readonly invalidMove?: InvalidMoveRule;
  /** Games in flight at once across all tables (default 256); one at a time with a `sequential` player. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Called as each table finishes (tables may finish out of order; `index` is the table's place in the plan). */
  readonly onTable?: (table: FreeForAllTable) => void;
}

export interface FreeForAllTable {
  readonly game: string;
  /** The table's place in the plan, 0-based. */
  readonly index: number;
  /** Who sits at this table, in the seats of its first rotation. */
  readonly members: readonly string[];
  /** Per game, in play order: the entrant in each seat. */
  readonly seatings: readonly (readonly string[])[];
  readonly results: readonly EpisodeResult[];
}

export interface MeanCi {
  readonly mean: number;
  readonly halfWidth: number;
  readonly n: number;
}

export interface FreeForAllEntry {
  readonly player: string;
  /** OpenSkill over this game's games, each one free-for-all; `games` counts them. */
  readonly rating: SkillRating;
  /** μ ± 1.96σ: the 95% interval of the skill estimate. */
  readonly interval: readonly [low: number, high: number];
  /** Mean return per game, in the game's own units, with a 95% CI. */
  readonly meanReturn: MeanCi;
  /** Mean place by return (1 = first; ties share the mean of their places; see `returnRanks`), with a 95% CI. */
  readonly meanRank: MeanCi;
  readonly games: number;
  /** Games this entrant ended with an invalid move. */
  readonly invalid: number;
  /** Means of the game's own figures (`EpisodeResult.stats`) from this entrant's seats, with 95% CIs. */
  readonly stats: Readonly<Record<string, MeanCi>>;
}

export interface FreeForAllResult {
  readonly game: string;
  readonly players: number;
  /** `every subset`: each set of `players` entrants has one table; `sampled`: see `seatTables`. */
  readonly selection: TableSelection;
  readonly dealsPerTable: number;
  readonly ratingOrders: number;
  readonly tables: readonly FreeForAllTable[];
  /** Best first, by OpenSkill ordinal (μ − 3σ). */
  readonly entries: readonly FreeForAllEntry[];
}

export type TableSelection = 'every subset' | 'sampled';

/** Tables unless told otherwise: every subset of 6 entrants at 3-player tables (20) fits. */
export const defaultMaxTables = 20;

/** Games a free-for-all keeps in flight unless told otherwise, as `playMatch` does. */
const defaultConcurrency = 256;

/** Thrown when the entrants cannot fill the game's tables; the message says how to fix it. */
export class EntrantCountError extends RangeError {
  override readonly name = 'EntrantCountError';
}

/** Checks the entrant count against the game's seats (`EntrantCountError` naming both and the fix). */
export function checkEntrantCount(entrants: readonly string[], game: AnyTextGame): void {
  const { id, players } = game.rules.info;
  if (entrants.length >= players) return;
  throw new EntrantCountError(
    `${id} seats ${players} players a game but the arena has ${entrants.length} entrant${entrants.length === 1 ? '' : 's'}: ` +
      `add ${players - entrants.length} more (one spec may be entered twice under two names, e.g. ` +
      `--player r1=random --player r2=random)`,
  );
}

/**
 * Which entrants sit together. With at most `maxTables` subsets of `players` entrants, every subset is one table (each
 * entrant meets each other equally often). With more, `maxTables` tables (or, if more are needed to seat everyone once,
 * ⌈entrants / players⌉) are dealt greedily: each takes the entrants who have sat least so far, ties broken by a seeded
 * shuffle drawn afresh per table, so seat counts never differ by more than one and who meets whom varies with the
 * seed. Within a table the members' order is shuffled too; the games then rotate them through every seat.
 */
export function seatTables(options: {
  entrants: readonly string[];
  players: number;
  maxTables: number;
  seed: number;
}): { tables: string[][]; selection: TableSelection } {
  const { entrants, players, seed } = options;
  if (!Number.isInteger(options.maxTables) || options.maxTables < 1)
    throw new RangeError(`tables must be a positive integer, got ${options.maxTables}`);
  const rng = createRng(deriveSeed(seed, 0x7ab1e));
  if (subsetCount(entrants.length, players) <= options.maxTables) {
    const tables = subsets(entrants, players).map((t) => shuffleInPlace([...t], rng));
    return { tables, selection: 'every subset' };
  }
  const count = Math.max(options.maxTables, Math.ceil(entrants.length / players));
  const seated = new Map(entrants.map((name) => [name, 0]));
  const tables: string[][] = [];
  for (let t = 0; t < count; t++) {
    const ties = new Map(entrants.map((name) => [name, rng.next()]));
    const chosen = [...entrants]
      .sort((a, b) => seated.get(a)! - seated.get(b)! || ties.get(a)! - ties.get(b)!)
      .slice(0, players);
    for (const name of chosen) seated.set(name, seated.get(name)! + 1);
    tables.push(shuffleInPlace(chosen, rng));
  }
  return { tables, selection: 'sampled' };
}

/**
 * A free-for-all arena for a game of more than two players. Entrants are seated at tables of the game's size
 * (`seatTables`); each table plays `dealsPerTable` deals, every deal once per cyclic rotation of the seats (so at a
 * table every member sits in every seat equally often, on the same deals). Each game places its players by what the
 * game paid them (`returnRanks`), and OpenSkill rates each game as one free-for-all, averaged over seeded orders.
 * Games run concurrently; results, ratings and tables are the same for the same seed.
 */
export async function runFreeForAll(options: FreeForAllOptions): Promise<FreeForAllResult> {
  const { entrants, game, dealsPerTable, seed } = options;
  const { id, players } = game.rules.info;
  if (new Set(entrants).size !== entrants.length) throw new RangeError('arena entrants need unique names');
  checkEntrantCount(entrants, game);
  if (!Number.isInteger(dealsPerTable) || dealsPerTable < 1)
    throw new RangeError(`deals per table must be a positive integer, got ${dealsPerTable}`);
  const { tables: plan, selection } = seatTables({
    entrants,
    players,
    maxTables: options.maxTables ?? defaultMaxTables,
    seed,
  });
  const policies = new Map<string, Policy>();
  for (const name of entrants) policies.set(name, await options.policyFor(name, game));
  const sequential = [...policies.values()].some((p) => p.sequential);
  const slots = createSemaphore(sequential ? 1 : (options.concurrency ?? defaultConcurrency));
  let tables: FreeForAllTable[];
  try {
    tables = await Promise.all(
      plan.map(async (members, index): Promise<FreeForAllTable> => {
        const seatings: string[][] = [];
        for (let d = 0; d < dealsPerTable; d++)
          for (let r = 0; r < players; r++) seatings.push(members.map((_, s) => members[(s + r) % players]!));
        const results = await Promise.all(
          seatings.map((seats, g) =>
            slots.run(
              () =>
                playEpisode({
                  game,
                  policies: seats.map((name) => policies.get(name)!),
                  // The rotations of one deal share its seed: the same chance outcomes from every seat.
                  seed: deriveSeed(seed, index, Math.floor(g / players)),
                  ...(options.format ? { format: options.format } : {}),
                  ...(options.invalidMove ? { invalidMove: options.invalidMove } : {}),
                  ...(options.signal ? { signal: options.signal } : {}),
                }),
              options.signal,
            ),
          ),
        );
        const table = { game: id, index, members, seatings, results };
        options.onTable?.(table);
        return table;
      }),
    );
  } finally {
    await Promise.all([...policies.values()].map((p) => p.close?.()));
  }
  const ratingOrders = options.ratingOrders ?? defaultRatingOrders;
  return {
    game: id,
    players,
    selection,
    dealsPerTable,
    ratingOrders,
    tables,
    entries: freeForAllEntries({ entrants, tables, seed, ratingOrders }),
  };
}

function freeForAllEntries(options: {
  entrants: readonly string[];
  tables: readonly FreeForAllTable[];
  seed: number;
  ratingOrders: number;
}): FreeForAllEntry[] {
  const per = new Map(
    options.entrants.map((name) => [
      name,
      { returns: [] as number[], ranks: [] as number[], invalid: 0, stats: new Map<string, number[]>() },
    ]),
  );
  const ranked: RankedGame[] = [];
  for (const table of options.tables) {
    for (const [g, result] of table.results.entries()) {
      const seats = table.seatings[g]!;
      const ranks = returnRanks(result.returns);
      ranked.push(seats.map((name, s) => ({ name, rank: ranks[s]! })));
      for (const [s, name] of seats.entries()) {
        const own = per.get(name)!;
        own.returns.push(result.returns[s] ?? 0);
        own.ranks.push(ranks[s]!);
        if (invalidSeats(result).includes(s)) own.invalid++;
        for (const [stat, value] of Object.entries(result.stats?.[s] ?? {}))
          own.stats.set(stat, [...(own.stats.get(stat) ?? []), value]);
      }
    }
  }
  const ratings = rateRankedGames({
    games: ranked,
    seed: deriveSeed(options.seed, 0x5a7e),
    orders: options.ratingOrders,
  });
  return ratings.map(([player, rating]): FreeForAllEntry => {
    const own = per.get(player)!;
    return {
      player,
      rating,
      interval: [rating.mu - 1.96 * rating.sigma, rating.mu + 1.96 * rating.sigma],
      meanReturn: meanWithCi(own.returns),
      meanRank: meanWithCi(own.ranks),
      games: own.returns.length,
      invalid: own.invalid,
      stats: Object.fromEntries([...own.stats].map(([stat, values]) => [stat, meanWithCi(values)])),
    };
  });
}

/** A table's games as run-store episode rows at `step`; `transcript.seats` names the entrant in each seat. */
export function tableEpisodes(table: FreeForAllTable, step: number): EpisodeRow[] {
  return table.results.map((r, g) => episodeRow(r, table.seatings[g]!, step));
}

/** One played game as a run-store episode row at `step`, `seats` naming the player in each seat. */
export function episodeRow(r: EpisodeResult, seats: readonly string[], step: number): EpisodeRow {
  return {
    step,
    game: r.gameId,
    seed: r.seed,
    returns: r.returns,
    outcome: r.outcome,
    transcript: { seats, ...(r.roles ? { roles: r.roles } : {}), turns: r.turns, finalState: r.finalState },
  };
}

/** n choose k (rounded: large counts only need comparing with a table limit). */
function subsetCount(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}

/** Every k-subset of `items`, in lexicographic order of positions. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const pick: T[] = [];
  const walk = (from: number) => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = from; i <= items.length - (k - pick.length); i++) {
      pick.push(items[i]!);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}
