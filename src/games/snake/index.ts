import { type WithExactSolver, withExactSolver } from '../../solvers/index.ts';
import type { TextGame } from '../../spec/game-text.ts';
import { parseSnake, snakeActionString } from './actions.ts';
import { aliveSeats, createSnakeRules, type SnakeOptions, type SnakeRules, type SnakeState } from './rules.ts';
import { snakeRefusingSolver } from './solver-refusal.ts';
import { observeSnake } from './text.ts';

export { DOWN, LEFT, RIGHT, UP } from './board.ts';
export {
  createSnakeRules,
  type PastRound,
  publicBoard,
  type SnakeConfig,
  type SnakeOptions,
  type SnakeRules,
  type SnakeState,
} from './rules.ts';

export type SnakeGame = TextGame<SnakeState> & { readonly rules: SnakeRules & WithExactSolver<SnakeState> };

export { snakeSolverRefusal } from './solver-refusal.ts';

/** A finished game from `player`'s side: alive at the end (0/1), apples eaten, and whether it was the sole survivor. */
function snakeStats(state: SnakeState, player: number): Record<string, number> {
  const alive = aliveSeats(state);
  const me = state.snakes[player];
  return {
    alive: me?.alive ? 1 : 0,
    score: me?.score ?? 0,
    survivor: alive.length === 1 && alive[0] === player ? 1 : 0,
  };
}

/** A Snake variant as a playable game (rules in rules.ts, round resolution in board.ts). */
export function createSnake(options: SnakeOptions): SnakeGame {
  const base = createSnakeRules(options);
  // Carries a refusing exact solver, so `nash`, exploitability and policy tables stop at once with the reason.
  const rules = { ...base, ...withExactSolver(base, snakeRefusingSolver(base.info.id)) } satisfies SnakeGame['rules'];
  return {
    rules,
    text: {
      observe: (state, player, format) => observeSnake(rules, state, player, format),
      actionString: snakeActionString,
      parse: (state, answer, parseOptions) => parseSnake(rules, state, answer, parseOptions),
    },
    episodeStats: snakeStats,
  };
}

/** SPIRAL's Snake-v0 (TextArena registration `width=5, height=5, num_apples=2, max_turns=40`), two snakes. */
export const snake = createSnake({
  players: 2,
  width: 5,
  height: 5,
  apples: 2,
  maxTurns: 40,
  title: 'Snake (SPIRAL Snake-v0: 2 snakes, 5×5, 2 apples, 40 turns)',
});

/** The same registration with four snakes (Snake-v0 takes 2–15 players on the one board; 40 single moves). */
export const snake4 = createSnake({
  players: 4,
  width: 5,
  height: 5,
  apples: 2,
  maxTurns: 40,
  title: 'Snake (SPIRAL Snake-v0: 4 snakes, 5×5, 2 apples, 40 turns)',
});
