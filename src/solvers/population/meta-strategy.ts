import { type PayoffMatrix, solveMatrixGame } from '../matrix-game.ts';
import { checkAntisymmetric } from '../matrix-game/strategy-exploitability.ts';

/**
 * How a population picks the mixture it trains against and is measured by (VGC-Bench's comparison,
 * research/systems.md §2.21):
 * - `nash`: an exact Nash equilibrium of the meta-game (double oracle / PSRO);
 * - `uniform`: equal weight on every member (fictitious play, when each member is a best response);
 * - `last`: all weight on the newest member (iterated best response, i.e. plain self-play against the latest).
 */
export const metaSolvers = ['nash', 'uniform', 'last'] as const;
export type MetaSolver = (typeof metaSolvers)[number];

export function isMetaSolver(name: string): name is MetaSolver {
  return (metaSolvers as readonly string[]).includes(name);
}

/**
 * The meta-strategy σ over a population whose symmetric meta-game is `payoff` (K×K, antisymmetric: row i's
 * expected return against column j, members in the order they joined, the newest last). `nash` solves the matrix
 * game exactly by linear programming (`solveMatrixGame`); its row strategy is an equilibrium strategy of either
 * seat because the game is symmetric.
 */
export function metaStrategy(payoff: PayoffMatrix, solver: MetaSolver): number[] {
  checkAntisymmetric(payoff, 1e-9);
  const k = payoff.length;
  switch (solver) {
    case 'uniform':
      return new Array<number>(k).fill(1 / k);
    case 'last':
      return Array.from({ length: k }, (_, i) => (i === k - 1 ? 1 : 0));
    case 'nash':
      return cleanStrategy(solveMatrixGame(payoff).row);
    default:
      return solver satisfies never;
  }
}

/** The simplex's dual prices can carry rounding residue of either sign: clipped at 0 and renormalised. */
export function cleanStrategy(strategy: readonly number[]): number[] {
  const row = strategy.map((v) => Math.max(0, v));
  const total = row.reduce((s, v) => s + v, 0);
  return row.map((v) => v / total);
}
