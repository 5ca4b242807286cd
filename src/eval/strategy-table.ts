import { actionProbabilities, type TabularPolicy } from '../solvers/index.ts';
import type { StrategyTableSpec } from '../spec/game-text.ts';

/** One row: a learned move probability beside the same probability across the game's equilibria. */
export interface StrategyTableRow {
  /** Information-state key, e.g. Kuhn's `0pb`. */
  readonly key: string;
  readonly situation: string;
  readonly learned: number;
  /** The move's probability across the equilibria; equal where they all agree. */
  readonly nashLow: number;
  readonly nashHigh: number;
}

/**
 * A game's strategy table filled in for one policy, self-describing so the dashboard can show it without the game:
 * what `selfplay train` saves as `result('strategy-tables')` (one per game of the run that has one).
 */
export interface StrategyTable {
  readonly game: string;
  readonly title: string;
  readonly move: string;
  readonly equilibrium: string;
  readonly rows: readonly StrategyTableRow[];
}

/** `spec`'s rows with `policy`'s probability of each row's move. */
export function strategyTable(options: {
  game: string;
  spec: StrategyTableSpec;
  policy: TabularPolicy;
}): StrategyTable {
  const { game, spec, policy } = options;
  return {
    game,
    title: spec.title,
    move: spec.move,
    equilibrium: spec.equilibrium,
    rows: spec.rows.map((r) => ({
      key: r.key,
      situation: r.situation,
      learned: actionProbabilities(policy, r.key, r.legalCount)[r.moveIndex] ?? 0,
      nashLow: r.equilibrium[0],
      nashHigh: r.equilibrium[1],
    })),
  };
}

/** The equilibrium column's text: one value where every equilibrium agrees, else the range. */
export function equilibriumText(row: StrategyTableRow): string {
  return row.nashLow === row.nashHigh ? row.nashLow.toFixed(3) : `${row.nashLow.toFixed(3)}–${row.nashHigh.toFixed(3)}`;
}
