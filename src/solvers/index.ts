// Public surface of the solvers: tree flattening, tabular policies and their JSON, best response / NashConv,
// the CFR family, minimax for perfect-information games, matrix games. See docs/solvers.md.
export {
  type BestResponse,
  bestResponse,
  bestResponseValue,
  counterfactualReach,
  type PolicyInput,
} from './best-response.ts';
export {
  type CfrOptions,
  type CfrSolver,
  type CfrVariant,
  cfrVariants,
  createCfrSolver,
  type DcfrParameters,
  defaultDcfrParameters,
} from './cfr.ts';
export { exploitability, type NashConvReport, nashConv, nodeValues, policyValues } from './exploitability.ts';
export { type BuildTreeOptions, buildTree, type GameTree, type InfosetTable, TreeBuildError } from './game-tree.ts';
export { kuhnNashPolicy } from './kuhn-nash.ts';
export { type EquilibriumPolicy, equilibriumPolicy, measurePolicy, type PolicyMeasurement } from './measure-policy.ts';
export {
  isTwoPlayerZeroSumPerfectInformation,
  type MinimaxSolution,
  minimaxPolicy,
  solveMinimax,
  stateKey,
  UnsupportedGameError,
} from './minimax.ts';
export {
  MatrixGameError,
  type MatrixGameSolution,
  matrixShape,
  type PayoffMatrix,
  solveMatrixGame,
  type StrategyGap,
  strategyGap,
} from './matrix-game.ts';
export { type MaxEntropyNash, maxEntropyNash } from './matrix-game-max-entropy.ts';
export {
  checkAntisymmetric,
  columnExploitability,
  rowExploitability,
  symmetricExploitability,
} from './matrix-game/strategy-exploitability.ts';
export { type CanonicalLp, LpError, type LpSolution, solveCanonicalLp } from './matrix-game-simplex.ts';
export { perfectInfoNashConv } from './perfect-info-exploitability.ts';
export { actionValues, regularizedEquilibrium, type RegularizedEquilibriumOptions } from './regularized-equilibrium.ts';
export { type PolicyFile, policyFromJson, policyToJson, readPolicyFile } from './policy-json.ts';
export { type EvalPoint, type SolveGameOptions, type SolveGameResult, solveGame } from './solve-game.ts';
export {
  actionProbabilities,
  flattenPolicy,
  PolicyError,
  policyFromFlat,
  type TabularPolicy,
  tabularPolicy,
  uniformPolicy,
} from './tabular-policy.ts';
export {
  type ExactEquilibrium,
  type ExactSolver,
  exactSolverOf,
  type WithExactSolver,
  withExactSolver,
} from './exact-solver.ts';
export {
  type PigKeyCodec,
  type PigLayout,
  type PigPosition,
  type PigSpec,
  pigLayout,
  reachableCount as pigPositionCount,
} from './pig/pig-layout.ts';
export { createPigSolver, type PigSolution, type PigSolver } from './pig/pig-solver.ts';
export { type PigPass, type SeatPlay, solvePigPass } from './pig/pig-value-iteration.ts';
