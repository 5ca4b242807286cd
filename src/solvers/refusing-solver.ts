import type { ExactSolver } from './exact-solver.ts';
import { TreeBuildError } from './game-tree.ts';

/**
 * The exact-solver capability of a game too big for any exact method (6×7 Connect Four, Snake, Who is the Spy): it
 * solves nothing and refuses, with `reason`, every entry point that reads the capability — `equilibriumPolicy` (the
 * `nash` player), `measurePolicy` (`selfplay exploitability --policy`), the exploitability meter (`--player`, refused
 * by `tableRefusal` before any player is asked) and the memoised walks `solveMinimax` / `perfectInfoNashConv`
 * (`selfplay solve`), which stop at any game that carries an exact solver instead of walking on for hours. The
 * refusals are `TreeBuildError`s, the error the `nash` player turns into a plain message.
 */
export function refusingSolver(options: {
  /** Why, and what to measure instead; the whole message. */
  reason: string;
  /** How the game is measured instead, printed after "it brings its own exact solver", e.g. `none (measured by matches)`. */
  method: string;
  /** An upper bound on the states where a player acts, for `infosetCount`. */
  positions: number;
}): ExactSolver {
  const { reason, method, positions } = options;
  const refuse = (): never => {
    throw new TreeBuildError(reason);
  };
  return { method, infosetCount: positions, tableRefusal: reason, equilibrium: refuse, measure: refuse };
}
