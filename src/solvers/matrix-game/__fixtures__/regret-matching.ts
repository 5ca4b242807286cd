import type { PayoffMatrix } from '../../matrix-game.ts';

/**
 * Regret matching+ in self-play with linearly weighted averages (Tammelin 2014; Farina, Kroer & Sandholm 2021):
 * an iterative method independent of the simplex. Whatever the averages, they bracket the value:
 * min_j (x̄ᵀA)_j ≤ v ≤ max_i (A ȳ)_i, and the bracket closes as the run grows.
 */
export function regretMatchingBracket(payoff: PayoffMatrix, iterations: number): { low: number; high: number } {
  const m = payoff.length;
  const n = payoff[0]!.length;
  const rowRegret = new Array<number>(m).fill(0);
  const colRegret = new Array<number>(n).fill(0);
  const rowAverage = new Array<number>(m).fill(0);
  const colAverage = new Array<number>(n).fill(0);
  for (let t = 1; t <= iterations; t++) {
    // Alternating updates: the column player answers the row player's new mix (simultaneous RM+ with linear
    // averaging can stall).
    const y = matchRegrets(colRegret);
    const rowValues = payoff.map((r) => r.reduce((s, a, j) => s + a * y[j]!, 0));
    const before = matchRegrets(rowRegret);
    const rowValue = rowValues.reduce((s, v, i) => s + v * before[i]!, 0);
    rowValues.forEach((v, i) => (rowRegret[i] = Math.max(0, rowRegret[i]! + v - rowValue)));
    const x = matchRegrets(rowRegret);
    const colValues = Array.from({ length: n }, (_, j) => payoff.reduce((s, r, i) => s + r[j]! * x[i]!, 0));
    const colValue = colValues.reduce((s, v, j) => s + v * y[j]!, 0);
    colValues.forEach((v, j) => (colRegret[j] = Math.max(0, colRegret[j]! + colValue - v)));
    x.forEach((p, i) => (rowAverage[i] = rowAverage[i]! + t * p));
    y.forEach((p, j) => (colAverage[j] = colAverage[j]! + t * p));
  }
  const total = (iterations * (iterations + 1)) / 2;
  const high = Math.max(...payoff.map((r) => r.reduce((s, a, j) => s + (a * colAverage[j]!) / total, 0)));
  const low = Math.min(
    ...Array.from({ length: n }, (_, j) => payoff.reduce((s, r, i) => s + (r[j]! * rowAverage[i]!) / total, 0)),
  );
  return { low, high };
}

function matchRegrets(regret: readonly number[]): number[] {
  const sum = regret.reduce((s, r) => s + r, 0);
  return sum > 0 ? regret.map((r) => r / sum) : regret.map(() => 1 / regret.length);
}
