// Population self-play measurement (PSRO / double oracle) on tree-walkable two-player zero-sum games: the exact
// meta-game of a population, meta-solvers, the behaviour policy of a mixture, and its exact exploitability.
// See docs/population.md.
export {
  type DoubleOracleOptions,
  type DoubleOraclePoint,
  type DoubleOracleResult,
  doubleOracle,
} from './double-oracle.ts';
export {
  checkTwoPlayerZeroSum,
  MetaGameError,
  type MetaGameMatrix,
  metaGameMatrix,
  seatValue,
} from './meta-game-matrix.ts';
export { isMetaSolver, type MetaSolver, metaSolvers, metaStrategy } from './meta-strategy.ts';
export { mixtureFlat, mixturePolicy, normaliseWeights } from './mixture-policy.ts';
export { type PopulationMeasurement, populationExploitability } from './population-exploitability.ts';
