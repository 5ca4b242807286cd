import type { ExactSolver } from '../../solvers/exact-solver.ts';
import { refusingSolver } from '../../solvers/refusing-solver.ts';

/**
 * Why no solver measures Snake, and what to do instead: chance places every apple on any free cell and the rounds run
 * to 40 single moves, so the tree has far more histories than any walk, equilibrium or policy table can hold (a walk
 * spends about a minute reaching the generic 5,000,000-history limit). The solvers are for two-player zero-sum games
 * besides, and Snake is neither.
 */
export function snakeSolverRefusal(id: string): string {
  return (
    `${id} is too big to solve or measure exactly (apples reappear on any free cell, for up to 40 moves), and its ` +
    'returns are not zero-sum, so there is no `nash` player, exploitability or policy table for it. Measure players ' +
    `by matches instead: \`selfplay play ${id} --p0 SPEC --p1 random --games N\` or \`selfplay arena\``
  );
}

/** The game's answer to the solvers' "do you bring your own solver?": a refusal, so each stops at once with the reason. */
export function snakeRefusingSolver(id: string): ExactSolver {
  return refusingSolver({
    reason: snakeSolverRefusal(id),
    method: 'none (too big to solve; measured by matches)',
    positions: Number.POSITIVE_INFINITY,
  });
}
