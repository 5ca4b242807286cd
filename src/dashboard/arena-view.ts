import { z } from 'zod';
import { type LeaderboardSection, leaderboardSections } from '../eval/arena-leaderboard.ts';

const ciSchema = z.object({ mean: z.number(), halfWidth: z.number() });

/** The shape `selfplay arena` saves as `result('arena')` (src/cli/commands/arena.ts); read back, so checked. */
export const arenaResultSchema = z.object({
  ratings: z.array(
    z.tuple([z.string(), z.object({ mu: z.number(), sigma: z.number(), ordinal: z.number(), games: z.number() })]),
  ),
  pairs: z.array(
    z.object({
      game: z.string(),
      a: z.string(),
      b: z.string(),
      score: z.number(),
      halfWidth: z.number(),
      meanReturn: z.object({ mean: z.number(), halfWidth: z.number() }),
      wins: z.number(),
      draws: z.number(),
      losses: z.number(),
      invalidA: z.number(),
      invalidB: z.number(),
      // Absent in arenas stored before ratings counted matches.
      matchWins: z.number().optional(),
      matchDraws: z.number().optional(),
      matchLosses: z.number().optional(),
    }),
  ),
  /** What the ratings are and what a match is (src/eval/arena-record.ts); absent in older arenas. */
  rating: z.object({ title: z.string(), matches: z.array(z.string()), note: z.string() }).optional(),
  payoffRating: z
    .array(
      z.object({
        game: z.string(),
        entries: z.array(z.object({ player: z.string(), mean: z.number(), halfWidth: z.number(), rank: z.number() })),
        unresolved: z.array(z.string()),
      }),
    )
    .optional(),
  nashAveraging: z
    .array(
      z.object({
        game: z.string(),
        gap: z.number(),
        entries: z.array(
          z.object({
            player: z.string(),
            weight: z.number(),
            payoff: z.number(),
            halfWidth: z.number(),
            rank: z.number(),
          }),
        ),
      }),
    )
    .optional(),
  /** Games for more than two players (src/eval/free-for-all-record.ts); absent in arenas that had none. */
  freeForAll: z
    .array(
      z.object({
        game: z.string(),
        players: z.number(),
        selection: z.string(),
        tables: z.number(),
        dealsPerTable: z.number(),
        games: z.number(),
        ratingOrders: z.number(),
        entries: z.array(
          z.object({
            player: z.string(),
            mu: z.number(),
            sigma: z.number(),
            ordinal: z.number(),
            low: z.number(),
            high: z.number(),
            games: z.number(),
            meanReturn: ciSchema,
            meanRank: ciSchema,
            invalid: z.number(),
            stats: z.record(z.string(), ciSchema),
          }),
        ),
      }),
    )
    .optional(),
});
export type ArenaResult = z.infer<typeof arenaResultSchema>;

/** A figure from the row player's side with its 95% half-width; null on the diagonal or for unplayed pairs. */
export type MatrixCell = { value: number; halfWidth: number } | null;

export interface ArenaGameView {
  readonly game: string;
  readonly players: readonly string[];
  /** Row's score against column: (wins + draws/2) per game. */
  readonly score: readonly (readonly MatrixCell[])[];
  /** Row's mean return per game against column (the figure that matters in chip games). */
  readonly meanReturn: readonly (readonly MatrixCell[])[];
  /** Games each player lost to its own invalid move, out of the games it played. */
  readonly invalid: readonly { player: string; invalid: number; games: number }[];
}

export interface ArenaView {
  readonly ratings: ArenaResult['ratings'];
  /** The rankings with their titles and notes, exactly as the CLI prints them (`leaderboardSections`). */
  readonly leaderboard: readonly LeaderboardSection[];
  /** Per zero-sum game: mean return against the field, best first (the headline), as data. */
  readonly payoffRating: NonNullable<ArenaResult['payoffRating']>;
  /** Per zero-sum game: each player's Nash weight and return against the max-entropy Nash mixture, as data. */
  readonly nashAveraging: NonNullable<ArenaResult['nashAveraging']>;
  readonly games: readonly ArenaGameView[];
  /** Per game for more than two players: its free-for-all ratings, as data (the tables are in `leaderboard`). */
  readonly freeForAll: NonNullable<ArenaResult['freeForAll']>;
}

/** How arenas stored before match ratings were rated: every game in play order. */
const legacyRating = {
  title: 'OpenSkill ratings (ordinal = μ − 3σ)',
  matches: ['every game rated by its sign, in play order (an arena stored before match ratings)'],
  note: 'ordinal = μ − 3σ',
};

/** Turns the stored pair list into per-game matrices seen from each row player, as the CLI prints them. */
export function arenaView(result: ArenaResult): ArenaView {
  const players = result.ratings.map(([name]) => name);
  const gameIds = [...new Set(result.pairs.map((p) => p.game))];
  const games = gameIds.map((game): ArenaGameView => {
    const pairs = result.pairs.filter((p) => p.game === game);
    const find = (row: string, col: string) =>
      pairs.find((p) => (p.a === row && p.b === col) || (p.a === col && p.b === row));
    const matrix = (pick: (pair: (typeof pairs)[number], rowIsA: boolean) => MatrixCell) =>
      players.map((row) =>
        players.map((col) => {
          const pair = row === col ? undefined : find(row, col);
          return pair ? pick(pair, pair.a === row) : null;
        }),
      );
    return {
      game,
      players,
      score: matrix((p, rowIsA) => ({ value: rowIsA ? p.score : 1 - p.score, halfWidth: p.halfWidth })),
      meanReturn: matrix((p, rowIsA) => ({
        value: rowIsA ? p.meanReturn.mean : -p.meanReturn.mean,
        halfWidth: p.meanReturn.halfWidth,
      })),
      invalid: players.map((player) => {
        const own = pairs.filter((p) => p.a === player || p.b === player);
        return {
          player,
          invalid: own.reduce((s, p) => s + (p.a === player ? p.invalidA : p.invalidB), 0),
          games: own.reduce((s, p) => s + p.wins + p.draws + p.losses, 0),
        };
      }),
    };
  });
  const payoffRating = result.payoffRating ?? [];
  const nashAveraging = result.nashAveraging ?? [];
  const rating = result.rating ?? legacyRating;
  const freeForAll = result.freeForAll ?? [];
  return {
    ratings: result.ratings,
    leaderboard: leaderboardSections({ ratings: result.ratings, rating, payoffRating, nashAveraging, freeForAll }),
    payoffRating,
    nashAveraging,
    games,
    freeForAll,
  };
}
