import { type ExactSolver, TreeBuildError } from '../../solvers/index.ts';
import type { LiarsDiceRoundsVariant } from './rules.ts';

/**
 * Why no solver measures this game, and what to do instead. With 5 dice each the first round alone has 252 × 252
 * distinct pairs of sorted hands and up to 2^60 increasing bid sequences: no tree walk, equilibrium or policy table
 * finishes (a tree walk takes about 10 s to reach its first million histories and then runs out of its limit).
 */
export function solverRefusal(variant: LiarsDiceRoundsVariant): string {
  const { id } = variant;
  return (
    `${id} is too big to solve or measure exactly (every round rerolls ${2 * variant.dicePerPlayer} dice, and a round ` +
    `can hold up to 2^${12 * variant.dicePerPlayer} bid sequences), so there is no \`nash\` player, exploitability or ` +
    `policy table for it. Measure players by matches instead: \`selfplay play ${id} --p0 SPEC --p1 random --games N\` ` +
    `or \`selfplay arena --player A=SPEC --player B=SPEC --games ${id}\`; for exact figures use \`liars-dice\` (one die each)`
  );
}

/**
 * The game's answer to the solvers' "do you bring your own solver?" (`ExactSolver`, which `measurePolicy`, the `nash`
 * player and the exploitability meter consult before any tree walk): a refusal. Each entry point then stops at once
 * with `solverRefusal`, instead of walking millions of histories into the generic tree limit.
 */
export function refusingSolver(variant: LiarsDiceRoundsVariant): ExactSolver {
  const refuse = (): never => {
    throw new TreeBuildError(solverRefusal(variant));
  };
  return {
    method: 'none (too big to solve; measured by matches)',
    infosetCount: Number.POSITIVE_INFINITY,
    tableRefusal: solverRefusal(variant),
    equilibrium: refuse,
    measure: refuse,
  };
}
