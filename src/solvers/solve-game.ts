import type { Game } from '../spec/game.ts';
import { type CfrVariant, createCfrSolver, type DcfrParameters } from './cfr.ts';
import { nashConv } from './exploitability.ts';
import { buildTree, type GameTree } from './game-tree.ts';
import type { TabularPolicy } from './tabular-policy.ts';

/** One point of an exploitability curve: the average policy after `iteration` iterations. */
export interface EvalPoint {
  readonly iteration: number;
  readonly nashConv: number;
  readonly exploitability: number;
  /** Player 0's expected return under the average policy (the game value estimate for two-player zero-sum games). */
  readonly value: number;
  /** Seconds spent iterating so far (evaluation excluded). */
  readonly seconds: number;
}

export interface SolveGameOptions {
  /** The rules to solve, or a tree already built from them. */
  game: Game<unknown, number> | GameTree;
  algo: CfrVariant;
  iterations: number;
  /** Evaluate the average policy every this many iterations (and always after the last); 0 or absent: only at the end. */
  evalEvery?: number;
  onEval?: (point: EvalPoint) => void;
  dcfr?: DcfrParameters;
  /** Injected clock in milliseconds (default `performance.now`), so timings can be faked in tests. */
  now?: () => number;
}

export interface SolveGameResult {
  readonly tree: GameTree;
  readonly policy: TabularPolicy;
  readonly curve: readonly EvalPoint[];
}

/** Runs a CFR-family solver and returns its average policy with an exploitability curve. */
export function solveGame(options: SolveGameOptions): SolveGameResult {
  const { algo, iterations } = options;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`solveGame: iterations must be a positive integer, got ${iterations}`);
  const evalEvery = options.evalEvery ?? 0;
  if (!Number.isInteger(evalEvery) || evalEvery < 0)
    throw new RangeError(`solveGame: evalEvery must be a non-negative integer, got ${evalEvery}`);
  const now = options.now ?? (() => performance.now());
  const tree = 'nodeCount' in options.game ? options.game : buildTree(options.game);
  const solver = createCfrSolver({ tree, variant: algo, ...(options.dcfr ? { dcfr: options.dcfr } : {}) });
  const curve: EvalPoint[] = [];
  let spent = 0;
  while (solver.iterations < iterations) {
    const step = evalEvery > 0 ? Math.min(evalEvery, iterations - solver.iterations) : iterations;
    const start = now();
    solver.iterate(step);
    spent += now() - start;
    const report = nashConv({ tree, policy: solver.averageFlat() });
    const point: EvalPoint = {
      iteration: solver.iterations,
      nashConv: report.nashConv,
      exploitability: report.exploitability,
      value: report.onPolicyValues[0] ?? 0,
      seconds: spent / 1000,
    };
    curve.push(point);
    options.onEval?.(point);
  }
  return { tree, policy: solver.averagePolicy(), curve };
}
