import type { ExactEquilibrium, ExactSolver } from '../exact-solver.ts';
import type { NashConvReport } from '../exploitability.ts';
import { actionProbabilities, PolicyError, type TabularPolicy } from '../tabular-policy.ts';
import {
  type PigKeyCodec,
  type PigLayout,
  type PigPosition,
  type PigSpec,
  pigLayout,
  reachableCount,
  reachableIndex,
  reachablePositions,
} from './pig-layout.ts';
import { HOLD_OPTIMAL, type PigPass, ROLL_OPTIMAL, solvePigPass } from './pig-value-iteration.ts';
import { PositionRows } from './position-rows.ts';

/** Optimal play, solved once. */
export interface PigSolution {
  /** Player 0's return under optimal play: P(win) − P(loss). */
  readonly value: number;
  /** Proven bound on the error of every value (0 with a turn cap). */
  readonly errorBound: number;
  readonly pass: PigPass;
  readonly seconds: number;
}

export interface PigSolver extends ExactSolver {
  readonly layout: PigLayout;
  /** Optimal play (computed on first use, then kept). */
  solve(): PigSolution;
  /** Which moves are optimal at a reachable position, or undefined elsewhere. */
  optimalMoves(position: PigPosition): { roll: boolean; hold: boolean } | undefined;
  /** NashConv of per-position roll probabilities (`rollProbabilities`), without building keys. */
  measureRolls(rollProbability: Float64Array, options?: { withBestResponses?: boolean }): NashConvReport;
  /** A policy's roll probability at every reachable position (missing rows: uniform, as everywhere). */
  rollProbabilities(policy: TabularPolicy): Float64Array;
  /**
   * Player 0's exact expected return, P(win) − P(loss), when `first` plays seat 0 and `second` seat 1: against
   * `equilibrium().policy`, a policy's result against optimal play.
   */
  matchValue(first: TabularPolicy, second: TabularPolicy): number;
}

// Rows are `[roll, hold]`, the order of `legalActions`; shared so a policy over millions of positions allocates none.
const rollRow: readonly number[] = Object.freeze([1, 0]);
const holdRow: readonly number[] = Object.freeze([0, 1]);
const eitherRow: readonly number[] = Object.freeze([0.5, 0.5]);

/** Where both moves are optimal: `mix` plays them evenly (the equilibrium), `roll` picks the first (a best response). */
type Ties = 'mix' | 'roll';

function optimalRow(choice: number, ties: Ties): readonly number[] {
  if (choice === (ROLL_OPTIMAL | HOLD_OPTIMAL)) return ties === 'mix' ? eitherRow : rollRow;
  return choice === HOLD_OPTIMAL ? holdRow : rollRow;
}

/**
 * Pig's exact solver (see `solvePigPass`): optimal play, and the exploitability of any policy table as three more
 * passes — the table in both seats, then each seat's best response against it (a one-player decision process).
 */
export function createPigSolver(options: {
  /** The game id policies must carry (`TabularPolicy.game`). */
  gameId: string;
  spec: PigSpec;
  codec: PigKeyCodec;
  /** Why a player's whole table is not read, when it is not (`ExactSolver.tableRefusal`). */
  tableRefusal?: string;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}): PigSolver {
  const { gameId, codec } = options;
  const layout = pigLayout(options.spec);
  const now = options.now ?? (() => performance.now());
  const method = layout.turnCap === undefined ? 'value iteration' : 'backward induction';
  let solution: PigSolution | undefined;

  const solve = (): PigSolution => {
    if (solution) return solution;
    const started = now();
    const pass = solvePigPass({ layout, seats: [{ kind: 'optimal' }, { kind: 'optimal' }] });
    solution = { value: pass.value, errorBound: pass.errorBound, pass, seconds: (now() - started) / 1000 };
    return solution;
  };

  const rowsOf = (pass: PigPass, seats: readonly number[], ties: Ties) =>
    new PositionRows({ layout, codec, seats, rowAt: (index) => optimalRow(pass.choices[index]!, ties) });

  const measureRolls = (rollProbability: Float64Array, measureOptions: { withBestResponses?: boolean } = {}) => {
    const table = { kind: 'table', rollProbability } as const;
    const onPolicy = solvePigPass({ layout, seats: [table, table] }).value;
    // Best responses break ties towards roll, the first legal move, as OpenSpiel's and perfectInfoNashConv's do.
    const first = solvePigPass({ layout, seats: [{ kind: 'optimal' }, table] });
    const second = solvePigPass({ layout, seats: [table, { kind: 'optimal' }] });
    const bestResponseValues = [first.value, -second.value];
    const report: NashConvReport = {
      nashConv: first.value - onPolicy + (-second.value + onPolicy),
      exploitability: (first.value - second.value) / 2,
      bestResponseValues,
      onPolicyValues: [onPolicy, -onPolicy],
      ...(measureOptions.withBestResponses
        ? {
            bestResponses: [
              { game: gameId, rows: rowsOf(first, [0], 'roll') },
              { game: gameId, rows: rowsOf(second, [1], 'roll') },
            ],
          }
        : {}),
    };
    return report;
  };

  const rollProbabilities = (policy: TabularPolicy): Float64Array => {
    if (policy.game !== gameId)
      throw new PolicyError(`the policy is for game "${policy.game}" but the rules are of "${gameId}"`);
    const roll = new Float64Array(layout.size);
    for (const [position, index] of reachablePositions(layout))
      roll[index] = actionProbabilities(policy, codec.key(position), 2)[0]!;
    return roll;
  };

  const matchValue = (first: TabularPolicy, second: TabularPolicy): number => {
    const [one, two] = [rollProbabilities(first), rollProbabilities(second)];
    // Each seat's rows come from its own policy; a turn only ever reads its mover's positions.
    for (const [position, index] of reachablePositions(layout)) if (position.turn % 2 === 1) one[index] = two[index]!;
    const table = { kind: 'table', rollProbability: one } as const;
    return solvePigPass({ layout, seats: [table, table] }).value;
  };

  return {
    method,
    layout,
    matchValue,
    infosetCount: reachableCount(layout),
    ...(options.tableRefusal ? { tableRefusal: options.tableRefusal } : {}),
    solve,
    optimalMoves(position) {
      const index = reachableIndex(layout, position);
      if (index === undefined) return undefined;
      const c = solve().pass.choices[index]!;
      return { roll: (c & ROLL_OPTIMAL) !== 0, hold: (c & HOLD_OPTIMAL) !== 0 };
    },
    measureRolls,
    rollProbabilities,
    measure: (policy, measureOptions) => measureRolls(rollProbabilities(policy), measureOptions),
    equilibrium(): ExactEquilibrium {
      const { pass, value } = solve();
      let exploitability: number | undefined;
      return {
        policy: { game: gameId, rows: rowsOf(pass, [0, 1], 'mix') },
        method,
        value,
        // Measured on first read: three more passes, which a `nash` player that only plays never needs.
        get exploitability() {
          if (exploitability === undefined) {
            const roll = new Float64Array(layout.size);
            for (const [, index] of reachablePositions(layout))
              roll[index] = optimalRow(pass.choices[index]!, 'mix')[0]!;
            exploitability = measureRolls(roll).exploitability;
          }
          return exploitability;
        },
      };
    },
  };
}
