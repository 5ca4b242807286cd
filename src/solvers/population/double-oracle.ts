import type { Game } from '../../spec/game.ts';
import { toFlat } from '../best-response.ts';
import { buildTree, type GameTree } from '../game-tree.ts';
import { type TabularPolicy, uniformPolicy } from '../tabular-policy.ts';
import type { MetaGameMatrix } from './meta-game-matrix.ts';
import type { MetaSolver } from './meta-strategy.ts';
import { populationExploitability } from './population-exploitability.ts';

/** One point of a double-oracle curve: the meta-strategy mixture over the population at that size. */
export interface DoubleOraclePoint {
  /** Best responses added so far (0: the initial population). */
  readonly iteration: number;
  readonly populationSize: number;
  /** Exact exploitability (NashConv / 2) of the behaviour policy realising the meta-strategy. */
  readonly exploitability: number;
  readonly nashConv: number;
  readonly metaStrategy: readonly number[];
  /** σ's exploitability inside the population's own meta-game (0 for `nash`). */
  readonly metaGap: number;
  /** Whether the best response added after this point was already a member (a repeat adds no new strategy). */
  readonly repeated: boolean;
  /** Seconds spent so far, measurement included: the oracle here is the measurement's own best response. */
  readonly seconds: number;
}

export interface DoubleOracleOptions {
  /** Best responses to add; the curve has `iterations + 1` points. */
  iterations: number;
  /** Which mixture the oracle answers and the curve measures (default `nash`: double oracle proper). */
  metaSolver?: MetaSolver;
  /** The starting population (default: the uniform random policy alone). */
  initial?: readonly TabularPolicy[];
  onPoint?: (point: DoubleOraclePoint) => void;
  /** Injected clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

export interface DoubleOracleResult {
  readonly tree: GameTree;
  /** The initial members, then one best response per iteration. */
  readonly population: readonly TabularPolicy[];
  readonly curve: readonly DoubleOraclePoint[];
  /** The last point's mixture as a behaviour policy. */
  readonly policy: TabularPolicy;
  readonly metaGame: MetaGameMatrix;
}

/**
 * Population self-play with an exact oracle (McMahan, Gordon & Blum 2003's double oracle; PSRO's skeleton, Lanctot
 * et al. 2017): each iteration measures the meta-strategy mixture of the population exactly, then adds the pure best
 * response to it — player 0's reply in seat 0 and player 1's in seat 1, one policy for both seats. With `nash`, the
 * mixture's exploitability reaches 0 once the population holds an equilibrium's support; `uniform` is fictitious
 * play and `last` iterated best response (self-play against the newest). It is the algorithm a PSRO trainer
 * approximates with training in place of the best response, and so the baseline its curves compare with.
 */
export function doubleOracle(game: Game<unknown, number> | GameTree, options: DoubleOracleOptions): DoubleOracleResult {
  const { iterations } = options;
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new RangeError(`doubleOracle: iterations must be a non-negative integer, got ${iterations}`);
  const now = options.now ?? (() => performance.now());
  const start = now();
  const tree = 'nodeCount' in game ? game : buildTree(game);
  const metaSolver = options.metaSolver ?? 'nash';
  const population: TabularPolicy[] = [...(options.initial ?? [uniformPolicy(tree.gameId)])];
  if (population.length === 0) throw new RangeError('doubleOracle: the initial population is empty');
  const flats = population.map((p) => toFlat(tree, p));
  const curve: DoubleOraclePoint[] = [];
  let metaGame: MetaGameMatrix | undefined;
  for (let iteration = 0; ; iteration++) {
    const last = iteration === iterations;
    const measured = populationExploitability({
      tree,
      policies: flats,
      metaSolver,
      ...(metaGame ? { metaGame } : {}),
      withBestResponses: !last,
    });
    metaGame = measured.metaGame;
    let repeated = false;
    if (!last) {
      const [seat0, seat1] = measured.bestResponses ?? [];
      const reply: TabularPolicy = { game: tree.gameId, rows: new Map([...seat0!.rows, ...seat1!.rows]) };
      const flat = toFlat(tree, reply);
      repeated = flats.some((f) => f.every((v, s) => v === flat[s]));
      population.push(reply);
      flats.push(flat);
    }
    const point: DoubleOraclePoint = {
      iteration,
      populationSize: measured.metaStrategy.length,
      exploitability: measured.exploitability,
      nashConv: measured.nashConv,
      metaStrategy: measured.metaStrategy,
      metaGap: measured.metaGap,
      repeated,
      seconds: (now() - start) / 1000,
    };
    curve.push(point);
    options.onPoint?.(point);
    if (last) return { tree, population, curve, policy: measured.policy, metaGame };
  }
}
