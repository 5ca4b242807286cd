import type { Game } from '../spec/game.ts';

/**
 * A game-tree search a game carries for a strong, deterministic player where no exact solver reaches (6×7 Connect
 * Four: alpha-beta to a fixed depth). The `alphabeta[:DEPTH]` player reads this capability, so shared code never asks
 * for a game by name. Like `ExactSolver`, it is declared by putting it on the rules (`withMoveSearch`).
 */
export interface MoveSearch {
  /** How it searches, for player names and messages, e.g. `alpha-beta negamax`. */
  readonly method: string;
  /** Plies searched when the player names no depth. */
  readonly defaultDepth: number;
  /** The deepest search a player may ask for (the game's length: deeper adds nothing). */
  readonly maxDepth: number;
  /**
   * Index into `legalActions` of the move the search plays, at the state whose information-state key (for the player
   * to move) is `infoKey`; the same key and depth always give the same move.
   */
  choose(infoKey: string, depth: number): number;
}

/** Rules that carry a move search. */
export type WithMoveSearch<S> = Game<S, number> & { readonly moveSearch: MoveSearch };

export function withMoveSearch<S>(rules: Game<S, number>, moveSearch: MoveSearch): WithMoveSearch<S> {
  return { ...rules, moveSearch };
}

/** The move search `game` declares, if any. */
export function moveSearchOf(game: Game<unknown, number>): MoveSearch | undefined {
  return (game as Partial<WithMoveSearch<unknown>>).moveSearch;
}
