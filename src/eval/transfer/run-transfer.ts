import type { AnyTextGame } from '../../games/registry.ts';
import { GenerateError } from '../../lm/index.ts';
import type { InvalidMoveRule } from '../../rollout/invalid-move.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { deriveSeed } from '../../util/rng.ts';
import { type ArenaPair, type ArenaResult, outcomeScore, runArena } from '../arena.ts';
import { defaultRatingOrders, matchRules, type RatedMatch, rateMatches } from '../match-ratings.ts';

/** The two sides of one game, or why the measured player (or its opponent) cannot play it. */
export type TransferSeats = { readonly player: Policy; readonly opponent: Policy } | { readonly skip: string };

export interface TransferOptions {
  /** What the tables call the measured player and its opponent (distinct). */
  readonly player: string;
  readonly opponent: string;
  readonly games: readonly AnyTextGame[];
  /** Builds both policies for one game (a `nash` opponent is game-specific), or says why the game is skipped. */
  readonly seatsFor: (game: AnyTextGame) => Promise<TransferSeats>;
  /** Seat-swapped games per game (even, so every deal is played from both seats). */
  readonly gamesPerGame: number;
  readonly seed: number;
  readonly format?: ObservationFormat;
  readonly invalidMove?: InvalidMoveRule;
  /** Called once per game when it is played (its pair, with every game's transcript) or skipped. */
  readonly onGame?: (column: TransferColumn, pair?: ArenaPair) => void;
}

/** A rate with a 95% half-width (the arena's normal-approximation interval). */
export interface Rate {
  readonly rate: number;
  readonly halfWidth: number;
}

export interface TransferScore {
  readonly games: number;
  /** Games the player won, out of all played (draws count as not won, as in SPIRAL's tables). */
  readonly winRate: Rate;
  readonly drawRate: number;
  /** Games the player lost to its own invalid move, and games the opponent did. */
  readonly invalidRate: number;
  readonly opponentInvalidRate: number;
  /** The player's mean return per game, in the game's own units. */
  readonly meanReturn: { readonly mean: number; readonly halfWidth: number };
}

/** One column of the table: a game the player played, or one it skipped, with the reason. */
export type TransferColumn =
  { readonly game: string; readonly score: TransferScore } | { readonly game: string; readonly skipped: string };

export interface TransferResult {
  readonly player: string;
  readonly opponent: string;
  readonly gamesPerGame: number;
  readonly columns: readonly TransferColumn[];
  /** The mean of the played games' win rates (SPIRAL's last column); absent when every game was skipped. */
  readonly average?: Rate & { readonly games: number };
  /** The played games as one two-player arena, the shape `selfplay arena` stores for the dashboard. */
  readonly arena: ArenaResult;
}

/**
 * SPIRAL's transfer table (its Table 5): the player against one fixed opponent on every game, seat-swapped, each
 * game a two-entrant `runArena`. A game whose observations do not fit the built-in model's context is skipped with
 * the model's own reason rather than ending the whole table.
 */
export async function runTransfer(options: TransferOptions): Promise<TransferResult> {
  const { player, opponent, games, gamesPerGame, seed } = options;
  if (player === opponent) throw new RangeError(`the player and its opponent need distinct names, both "${player}"`);
  if (!Number.isInteger(gamesPerGame) || gamesPerGame < 2 || gamesPerGame % 2 !== 0)
    throw new RangeError(`games per game must be an even whole number ≥ 2 (seats swap each deal), got ${gamesPerGame}`);
  // The arena's match rules reject a count that does not split into matches; check before any game is played.
  matchRules({ games: games.map((g) => g.rules.info), gamesPerPair: gamesPerGame });
  const columns: TransferColumn[] = [];
  const played: ArenaResult[] = [];
  for (const [g, game] of games.entries()) {
    const id = game.rules.info.id;
    const seats = await options.seatsFor(game);
    if ('skip' in seats) {
      const column = { game: id, skipped: seats.skip };
      columns.push(column);
      options.onGame?.(column);
      continue;
    }
    let arena: ArenaResult;
    try {
      arena = await runArena({
        entrants: [player, opponent],
        games: [game],
        gamesPerPair: gamesPerGame,
        seed: deriveSeed(seed, g),
        policyFor: async (name) => (name === player ? seats.player : seats.opponent),
        ...(options.format ? { format: options.format } : {}),
        ...(options.invalidMove ? { invalidMove: options.invalidMove } : {}),
      });
    } catch (error) {
      // Inside a match the built-in model's generate fails only when a prompt outgrows its context.
      if (!(error instanceof GenerateError)) throw error;
      await Promise.all([seats.player.close?.(), seats.opponent.close?.()]);
      const column = { game: id, skipped: unreadableReason(error) };
      columns.push(column);
      options.onGame?.(column);
      continue;
    }
    const pair = arena.pairs[0] as ArenaPair;
    const column = { game: id, score: transferScore(pair) };
    columns.push(column);
    played.push(arena);
    options.onGame?.(column, pair);
  }
  const scores = columns.flatMap((c) => ('score' in c ? [c.score.winRate] : []));
  return {
    player,
    opponent,
    gamesPerGame,
    columns,
    ...(scores.length > 0 ? { average: averageRate(scores) } : {}),
    arena: mergeArenas(played, seed),
  };
}

/** Why the model cannot play a game, in words about the game rather than about one batch's prompt. */
function unreadableReason(error: GenerateError): string {
  const sizes = /\((\d+) tokens\).*context of (\d+)/.exec(error.message);
  if (!sizes) return `the model cannot read this game: ${error.message}`;
  return `an observation takes ${sizes[1]} tokens, and the model's context of ${sizes[2]} leaves no room for an answer`;
}

function transferScore(pair: ArenaPair): TransferScore {
  const { report } = pair;
  const n = report.games;
  // The arena's interval, over won vs not won.
  const { score, halfWidth } = outcomeScore({ wins: report.wins, draws: 0, losses: n - report.wins });
  return {
    games: n,
    winRate: { rate: score, halfWidth },
    drawRate: report.draws / n,
    invalidRate: report.invalidA / n,
    opponentInvalidRate: report.invalidB / n,
    meanReturn: { mean: report.meanReturn.mean, halfWidth: report.meanReturn.halfWidth },
  };
}

/** The plain mean of the games' win rates; the games are independent, so the half-widths add in quadrature. */
export function averageRate(rates: readonly Rate[]): Rate & { games: number } {
  const k = rates.length;
  return {
    rate: rates.reduce((s, r) => s + r.rate, 0) / k,
    halfWidth: Math.sqrt(rates.reduce((s, r) => s + r.halfWidth ** 2, 0)) / k,
    games: k,
  };
}

/**
 * One arena over every played game, as `runArena` would have returned for them all: its pairs and per-game summaries
 * side by side, and OpenSkill over all their matches (the ratings shuffle the matches, so counts are enough).
 */
function mergeArenas(arenas: readonly ArenaResult[], seed: number): ArenaResult {
  const pairs = arenas.flatMap((a) => a.pairs);
  const matches: RatedMatch[] = pairs.flatMap(({ a, b, matches: m }) => [
    ...Array.from({ length: m.wins }, () => ({ a, b, outcome: 1 })),
    ...Array.from({ length: m.draws }, () => ({ a, b, outcome: 0 })),
    ...Array.from({ length: m.losses }, () => ({ a, b, outcome: -1 })),
  ]);
  return {
    pairs,
    ratings: rateMatches({ matches, seed: deriveSeed(seed, 0x5a7e), orders: defaultRatingOrders }),
    ratingOrders: defaultRatingOrders,
    games: arenas.flatMap((a) => a.games),
  };
}
