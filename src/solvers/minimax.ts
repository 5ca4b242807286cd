import { CHANCE, type Game, TERMINAL } from '../spec/game.ts';
import { exactSolverOf } from './exact-solver.ts';
import { type TabularPolicy, tabularPolicy } from './tabular-policy.ts';

/**
 * Exact minimax (expectiminimax where there is chance) of a two-player zero-sum perfect-information game,
 * memoised by information-state key: in such games the key of the player to move names the whole state, so
 * transpositions share one entry (TicTacToe: 5,478 boards instead of 549,946 histories).
 */
export interface MinimaxSolution {
  readonly game: string;
  /** Player 0's return under optimal play from the initial state. */
  readonly value: number;
  /** Distinct states visited, terminal ones included. */
  readonly stateCount: number;
  /** Player 0's optimal value by state key (terminal states included). */
  readonly values: ReadonlyMap<string, number>;
  /**
   * Indices into `legalActions(state)` of the moves that keep the minimax value, by the key of every state where a
   * player acts (indices, like policy rows, so they line up with `legalActions` order).
   */
  readonly optimalMoves: ReadonlyMap<string, readonly number[]>;
  /** Player 0's optimal value after each legal move, by the key of every state where a player acts. */
  readonly moveValues: ReadonlyMap<string, readonly number[]>;
}

/** The game is not one these solvers handle (not two-player zero-sum with perfect information). */
export class UnsupportedGameError extends Error {
  override readonly name = 'UnsupportedGameError';
}

/** True for the games minimax and the expectimax best response handle. */
export function isTwoPlayerZeroSumPerfectInformation(game: Game<unknown, number>): boolean {
  const { info } = game;
  return info.players === 2 && info.zeroSum && info.perfectInformation && info.actionSpace === 'finite';
}

export function checkTwoPlayerZeroSumPerfectInformation(game: Game<unknown, number>, what: string): void {
  const { info } = game;
  // A game with its own solver is one these walks cannot finish (too many states, or cycles): say so, not overflow.
  const exact = exactSolverOf(game);
  if (exact)
    throw new UnsupportedGameError(
      `${what} cannot walk ${info.id}: it brings its own exact solver (${exact.method}); use ` +
        'equilibriumPolicy / measurePolicy, or `selfplay exploitability` and the `nash` player',
    );
  if (!isTwoPlayerZeroSumPerfectInformation(game))
    throw new UnsupportedGameError(
      `${what} needs a two-player zero-sum perfect-information game with finite moves; ${info.id} is not ` +
        '(use buildTree with bestResponse/nashConv for imperfect-information games)',
    );
}

/** The key a state is memoised under: the acting player's key (player 0's at chance and terminal states). */
export function stateKey<S>(game: Game<S, number>, state: S): string {
  const who = game.currentPlayer(state);
  return game.informationStateKey(state, Math.max(who, 0));
}

/** Values compare equal within this: returns are small integers or fractions of them. */
const tolerance = 1e-9;

export function solveMinimax<S>(game: Game<S, number>): MinimaxSolution {
  checkTwoPlayerZeroSumPerfectInformation(game as Game<unknown, number>, 'solveMinimax');
  const values = new Map<string, number>();
  const optimalMoves = new Map<string, number[]>();
  const moveValues = new Map<string, number[]>();

  function solve(state: S): number {
    const key = stateKey(game, state);
    const known = values.get(key);
    if (known !== undefined) return known;
    const who = game.currentPlayer(state);
    let v: number;
    if (who === TERMINAL) v = game.returns(state)[0] ?? 0;
    else if (who === CHANCE) {
      v = 0;
      for (const o of game.chanceOutcomes(state)) v += o.probability * solve(game.apply(state, o.action));
    } else {
      const childValues = game.legalActions(state).map((a) => solve(game.apply(state, a)));
      // Player 0 maximises its return, player 1 minimises it (zero-sum).
      v = who === 0 ? Math.max(...childValues) : Math.min(...childValues);
      const best: number[] = [];
      childValues.forEach((cv, j) => {
        if (Math.abs(cv - v) <= tolerance) best.push(j);
      });
      optimalMoves.set(key, best);
      moveValues.set(key, childValues);
    }
    values.set(key, v);
    return v;
  }

  const value = solve(game.initialState());
  return { game: game.info.id, value, stateCount: values.size, values, optimalMoves, moveValues };
}

/** The policy that plays uniformly over the minimax-optimal moves at every state: exploitability 0. */
export function minimaxPolicy(solution: MinimaxSolution): TabularPolicy {
  const rows: Record<string, number[]> = {};
  for (const [key, best] of solution.optimalMoves) {
    const legalCount = solution.moveValues.get(key)?.length ?? 0;
    rows[key] = Array.from({ length: legalCount }, (_, j) => (best.includes(j) ? 1 : 0));
  }
  return tabularPolicy(solution.game, rows);
}
