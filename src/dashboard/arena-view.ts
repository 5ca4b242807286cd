import { z } from 'zod';

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
    }),
  ),
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
  readonly games: readonly ArenaGameView[];
}

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
  return { ratings: result.ratings, games };
}
