import { solveCanonicalLp } from './matrix-game-simplex.ts';

/** Payoffs to the row player (who maximises) of a two-player zero-sum game; the column player gets the negative. */
export type PayoffMatrix = readonly (readonly number[])[];

export interface MatrixGameSolution {
  /** The game's value to the row player. */
  readonly value: number;
  /** A maximin mixed strategy of the row player (sums to 1). */
  readonly row: number[];
  /** A minimax mixed strategy of the column player (sums to 1). */
  readonly col: number[];
  /** The pair's duality gap, measured on the returned strategies: 0 up to rounding certifies an exact Nash. */
  readonly gap: number;
}

export interface StrategyGap {
  /** What the row player's best pure reply to `col` earns: max_i (A col)_i. */
  readonly rowBest: number;
  /** What the column player's best pure reply holds `row` to: min_j (rowᵀA)_j. */
  readonly colBest: number;
  /**
   * `rowBest − colBest` ≥ 0: the sum of both players' exploitabilities (the matrix-game NashConv); 0 exactly at a
   * Nash equilibrium, and the value lies in [colBest, rowBest].
   */
  readonly gap: number;
}

export class MatrixGameError extends Error {
  override readonly name = 'MatrixGameError';
}

/** Checks a payoff matrix is a non-empty rectangle of finite numbers; returns its shape. */
export function matrixShape(payoff: PayoffMatrix): { rows: number; cols: number } {
  const rows = payoff.length;
  const cols = payoff[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new MatrixGameError('matrix game: the payoff matrix is empty');
  for (const [i, r] of payoff.entries()) {
    if (r.length !== cols)
      throw new MatrixGameError(`matrix game: row ${i} has ${r.length} entries, row 0 has ${cols}`);
    if (r.some((v) => !Number.isFinite(v))) throw new MatrixGameError(`matrix game: row ${i} has a non-finite payoff`);
  }
  return { rows, cols };
}

function checkStrategy(name: string, s: readonly number[], length: number): void {
  if (s.length !== length)
    throw new MatrixGameError(`matrix game: ${name} strategy has ${s.length} entries, needs ${length}`);
  const total = s.reduce((a, v) => a + v, 0);
  if (s.some((v) => !(v >= -1e-12)) || Math.abs(total - 1) > 1e-9)
    throw new MatrixGameError(`matrix game: ${name} strategy must be non-negative and sum to 1 (sums to ${total})`);
}

/** The duality gap (exploitability) of any mixed strategy pair of the zero-sum game `payoff`. */
export function strategyGap(payoff: PayoffMatrix, row: readonly number[], col: readonly number[]): StrategyGap {
  const { rows, cols } = matrixShape(payoff);
  checkStrategy('row', row, rows);
  checkStrategy('column', col, cols);
  let rowBest = -Infinity;
  for (const r of payoff)
    rowBest = Math.max(
      rowBest,
      r.reduce((s, v, j) => s + v * (col[j] as number), 0),
    );
  let colBest = Infinity;
  for (let j = 0; j < cols; j++) {
    colBest = Math.min(
      colBest,
      payoff.reduce((s, r, i) => s + (row[i] as number) * (r[j] as number), 0),
    );
  }
  return { rowBest, colBest, gap: rowBest - colBest };
}

/**
 * An exact Nash equilibrium of a two-player zero-sum m×n matrix game by linear programming (von Neumann's minimax
 * theorem). Payoffs are rescaled into [1, 2], so the value v′ is positive; the column player's program
 * `max Σy s.t. A′y ≤ 1, y ≥ 0` has optimum 1/v′, its optimal y scaled to sum 1 is the column strategy, and the
 * program's dual prices scaled the same way are the row strategy. The gap of the returned pair is measured, not
 * assumed, so callers can see the certificate.
 */
export function solveMatrixGame(payoff: PayoffMatrix): MatrixGameSolution {
  const { rows } = matrixShape(payoff);
  const flat = payoff.flat();
  const min = Math.min(...flat);
  // Rescaled to [1, 2] by the payoffs' own range (1 for a constant game): the strategies do not change, and the
  // simplex's tolerances then mean the same for payoffs of any scale.
  const range = Math.max(...flat) - min || 1;
  const shifted = payoff.map((r) => r.map((v) => (v - min) / range + 1));
  const lp = solveCanonicalLp({ c: shifted[0]!.map(() => 1), M: shifted, b: new Array<number>(rows).fill(1) });
  const totalY = lp.x.reduce((s, v) => s + v, 0);
  const totalDual = lp.dual.reduce((s, v) => s + v, 0);
  const col = lp.x.map((v) => v / totalY);
  const row = lp.dual.map((v) => v / totalDual);
  const { rowBest, colBest, gap } = strategyGap(payoff, row, col);
  // The certified value is the midpoint of the bounds the two strategies prove; they agree up to rounding.
  return { value: (rowBest + colBest) / 2, row, col, gap };
}
