import type { ExactSolver } from '../exact-solver.ts';
import { TreeBuildError } from '../game-tree.ts';

/**
 * The exact-solver capability of a game too big for any exact method (6×7 Connect Four): it solves nothing and
 * refuses, with `reason`, every entry point that reads the capability — `equilibriumPolicy` (the `nash` player),
 * `measurePolicy` (`selfplay exploitability --policy`), the exploitability meter (`--player`, refused by
 * `tableRefusal` before any player is asked) and the memoised walks `solveMinimax` / `perfectInfoNashConv`
 * (`selfplay solve`), which stop at any game that carries an exact solver instead of walking on for hours. The
 * refusals are `TreeBuildError`s, the error the `nash` player turns into a plain message.
 */
export function walkRefusal(options: {
  /** Positions of the game, for the solver's `infosetCount` (an upper bound on the boards where a player acts). */
  positions: number;
  /** Why, and what to measure instead; the whole message. */
  reason: string;
}): ExactSolver {
  const { positions, reason } = options;
  const refuse = (): never => {
    throw new TreeBuildError(reason);
  };
  return {
    // Printed by solveMinimax's refusal, in brackets after "it brings its own exact solver".
    method: 'none (too big to solve; measured by matches against `alphabeta`)',
    infosetCount: positions,
    tableRefusal: reason,
    equilibrium: refuse,
    measure: refuse,
  };
}
