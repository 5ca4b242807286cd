/**
 * The pure game contract. Rules only: no text, no randomness of their own, no mutation.
 * `apply` returns a new state; solvers, golden tests and rollouts all walk the same functions.
 */

/** Who acts at a state: a player index (0-based), or one of these markers. */
export const CHANCE = -1;
export const TERMINAL = -2;
export type Actor = number;

/** Properties shared code may branch on. Never branch on a game's id. */
export interface GameInfo {
  /** Registry id, e.g. `kuhn-poker`. Variants carry their own id. */
  readonly id: string;
  readonly title: string;
  readonly players: number;
  /** Returns sum to zero at every terminal state. */
  readonly zeroSum: boolean;
  /** Every player sees the whole state (TicTacToe); false for poker. */
  readonly perfectInformation: boolean;
  /** The game has chance nodes. */
  readonly chance: boolean;
  /** Upper bound on decision turns in one episode; episode runners stop here and score a draw. */
  readonly maxTurns: number;
  /**
   * `finite`: `legalActions` lists every move and solvers can walk the tree.
   * `open`: moves carry free text (negotiation); `legalActions` lists canonical moves only.
   */
  readonly actionSpace: 'finite' | 'open';
  /** The best and worst return one player can get, for normalising rewards and plots. */
  readonly returnRange: readonly [min: number, max: number];
  /**
   * Every terminal return is +1, 0 or −1 (win, draw, loss), so one game's sign says all there is to say about it.
   * Absent or false when returns carry a margin (chips): ratings then read summed returns, because the player who
   * wins more games can be the one who loses more chips.
   */
  readonly winDrawLoss?: boolean;
  /** Some rounds are played simultaneously: see `Game.simultaneousMovers`. Absent or false for turn-based games. */
  readonly simultaneous?: boolean;
}

export interface ChanceOutcome<A> {
  readonly action: A;
  readonly probability: number;
}

/**
 * A game's rules over state `S` and action `A` (`number` for every game a solver can walk).
 * All functions are pure: the same inputs give the same outputs and no input is modified.
 */
export interface Game<S = unknown, A = number> {
  readonly info: GameInfo;
  initialState(): S;
  /** Player index, `CHANCE` or `TERMINAL`. */
  currentPlayer(state: S): Actor;
  /**
   * Simultaneous moves as turns, the way OpenSpiel turns a simultaneous game into a sequential one: the players of a
   * round move one after another in the order listed, and nothing a player can read (observation, information-state
   * key, legal moves) shows the moves still pending in the round. Returns the players yet to move in the current
   * round, the current player first (one player, or none, at ordinary turns); the episode runner asks them all at
   * once, so their answers come from one batched generate call. Present only on games with `info.simultaneous`.
   */
  simultaneousMovers?(state: S): readonly number[];
  /** Outcomes with probabilities summing to 1; only at chance nodes. */
  chanceOutcomes(state: S): readonly ChanceOutcome<A>[];
  /** Legal moves of the player to act, in a fixed order; empty at chance and terminal states. */
  legalActions(state: S): readonly A[];
  apply(state: S, action: A): S;
  /**
   * The state after the current player, `player`, loses a move it could not make (its answer was invalid), for games
   * whose rules play on without it (SPIRAL's Snake: that snake dies and the others go on). Absent, an invalid move
   * ends the game with the invalid-move payoff.
   */
  forfeit?(state: S, player: number): S;
  /** Returns per player; only at terminal states. */
  returns(state: S): readonly number[];
  /**
   * Everything `player` knows at `state` (perfect recall), as a string key; equal keys ⇔ same information set.
   * Documented per game; Kuhn uses OpenSpiel's strings (`"0"`, `"1pb"`, …).
   */
  informationStateKey(state: S, player: number): string;
  /** Decision turns taken so far (chance moves excluded). */
  turnCount(state: S): number;
  clone(state: S): S;
  /** JSON text that `deserialize` turns back into an equal state. */
  serialize(state: S): string;
  /** Throws `GameStateError` on text that is not a state of this game. */
  deserialize(text: string): S;
}

export function isTerminal<S, A>(game: Game<S, A>, state: S): boolean {
  return game.currentPlayer(state) === TERMINAL;
}

export function isChance<S, A>(game: Game<S, A>, state: S): boolean {
  return game.currentPlayer(state) === CHANCE;
}
