import { type ExactSolver, TreeBuildError } from '../../solvers/index.ts';

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

/**
 * The game's answer to the solvers' "do you bring your own solver?" (`ExactSolver`, consulted by `measurePolicy`, the
 * `nash` player and the exploitability meter before any tree walk): a refusal, so each stops at once with the reason.
 */
export function snakeRefusingSolver(id: string): ExactSolver {
  const refuse = (): never => {
    throw new TreeBuildError(snakeSolverRefusal(id));
  };
  return {
    method: 'none (too big to solve; measured by matches)',
    infosetCount: Number.POSITIVE_INFINITY,
    tableRefusal: snakeSolverRefusal(id),
    equilibrium: refuse,
    measure: refuse,
  };
}
