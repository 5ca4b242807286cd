import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { MatrixGameError, type PayoffMatrix, solveMatrixGame, strategyGap } from './matrix-game.ts';
import { maxEntropyNash } from './matrix-game-max-entropy.ts';
import { LpError, solveCanonicalLp } from './matrix-game-simplex.ts';

const rps: PayoffMatrix = [
  [0, -1, 1],
  [1, 0, -1],
  [-1, 1, 0],
];

/** Fictitious play (Brown 1951; Robinson 1951 proved it converges in zero-sum games): an independent check. */
function fictitiousPlayValue(payoff: PayoffMatrix, iterations: number): { low: number; high: number } {
  const rows = payoff.length;
  const cols = payoff[0]!.length;
  const rowCounts = new Array<number>(rows).fill(0);
  const colCounts = new Array<number>(cols).fill(0);
  const rowPayoff = new Array<number>(rows).fill(0); // Σ over column plays of A[i][j]
  const colPayoff = new Array<number>(cols).fill(0); // Σ over row plays of A[i][j]
  let i = 0;
  let j = 0;
  for (let t = 0; t < iterations; t++) {
    rowCounts[i]!++;
    colCounts[j]!++;
    for (let r = 0; r < rows; r++) rowPayoff[r]! += payoff[r]![j]!;
    for (let c = 0; c < cols; c++) colPayoff[c]! += payoff[i]![c]!;
    i = rowPayoff.indexOf(Math.max(...rowPayoff));
    j = colPayoff.indexOf(Math.min(...colPayoff));
  }
  // The empirical mixtures bound the value: min over columns of the row mixture ≤ v ≤ max over rows of the column's.
  return { low: Math.min(...colPayoff) / iterations, high: Math.max(...rowPayoff) / iterations };
}

describe('solveCanonicalLp', () => {
  it('solves a textbook program and reports dual prices', () => {
    // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: optimum (2, 6), value 36, duals (0, 1.5, 1).
    const lp = solveCanonicalLp({
      c: [3, 5],
      M: [
        [1, 0],
        [0, 2],
        [3, 2],
      ],
      b: [4, 12, 18],
    });
    expect(lp.value).toBeCloseTo(36, 12);
    expect(lp.x[0]).toBeCloseTo(2, 12);
    expect(lp.x[1]).toBeCloseTo(6, 12);
    expect(lp.dual.map((v) => Number(v.toFixed(12)))).toEqual([0, 1.5, 1]);
    expect(() => solveCanonicalLp({ c: [1], M: [[-1]], b: [1] })).toThrow(LpError);
    expect(() => solveCanonicalLp({ c: [1], M: [[1]], b: [-1] })).toThrow(/≥ 0/);
  });
});

describe('solveMatrixGame', () => {
  it('solves rock–paper–scissors: value 0, uniform strategies, zero gap', () => {
    const s = solveMatrixGame(rps);
    expect(s.value).toBeCloseTo(0, 12);
    for (const p of [...s.row, ...s.col]) expect(p).toBeCloseTo(1 / 3, 12);
    expect(s.gap).toBeLessThan(1e-12);
  });

  it('puts no weight on dominated rows or columns, on a rectangular game', () => {
    // Row 2 is dominated by row 0; column 2 is dominated (for the minimiser) by column 0. The rest is matching
    // pennies scaled: value 1 with (1/2, 1/2).
    const game = [
      [3, -1, 5],
      [-1, 3, 4],
      [2, -2, 3],
    ];
    const s = solveMatrixGame(game);
    expect(s.value).toBeCloseTo(1, 12);
    expect(s.row[2]).toBeCloseTo(0, 12);
    expect(s.col[2]).toBeCloseTo(0, 12);
    expect(s.row[0]).toBeCloseTo(0.5, 12);
    expect(s.col[0]).toBeCloseTo(0.5, 12);
    const wide = solveMatrixGame([[1, 2, -3, 0]]);
    expect(wide.value).toBe(-3);
    expect(wide.col).toEqual([0, 0, 1, 0]);
  });

  it('agrees with a long run of fictitious play on random rectangular matrices', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 6; trial++) {
      const rows = 2 + rng.int(5);
      const cols = 2 + rng.int(5);
      const game = Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * rng.next() - 1));
      const s = solveMatrixGame(game);
      expect(s.gap).toBeLessThan(1e-10);
      const fp = fictitiousPlayValue(game, 20_000);
      expect(s.value).toBeGreaterThanOrEqual(fp.low - 1e-9);
      expect(s.value).toBeLessThanOrEqual(fp.high + 1e-9);
      expect(fp.high - fp.low).toBeLessThan(0.05); // fictitious play has converged enough for the bracket to bite
    }
  });

  it('measures the gap of any strategy pair and rejects malformed input', () => {
    const uniform = [1 / 3, 1 / 3, 1 / 3];
    expect(strategyGap(rps, uniform, uniform).gap).toBeCloseTo(0, 12);
    // Always rock against always rock: paper beats the column's rock (+1), paper holds the row's rock to −1.
    expect(strategyGap(rps, [1, 0, 0], [1, 0, 0])).toEqual({ rowBest: 1, colBest: -1, gap: 2 });
    expect(() => solveMatrixGame([])).toThrow(MatrixGameError);
    expect(() => solveMatrixGame([[1, 2], [3]])).toThrow(/row 1 has 1 entries/);
    expect(() => strategyGap(rps, [1, 0], uniform)).toThrow(/row strategy has 2 entries/);
    expect(() => strategyGap(rps, [0.5, 0.5, 0.5], uniform)).toThrow(/sum to 1/);
  });
});

describe('maxEntropyNash', () => {
  it('splits weight between copies, so a copy of rock changes nothing but the split', () => {
    const plain = maxEntropyNash(rps);
    for (const p of plain.strategy) expect(p).toBeCloseTo(1 / 3, 9);
    // Rock, paper, scissors, rock again: equilibria put 1/3 on {rock, rock′} split any way; max entropy halves it.
    const withCopy = maxEntropyNash([
      [0, -1, 1, 0],
      [1, 0, -1, 1],
      [-1, 1, 0, -1],
      [0, -1, 1, 0],
    ]);
    expect(withCopy.support).toEqual([0, 1, 2, 3]);
    const expected = [1 / 6, 1 / 3, 1 / 3, 1 / 6];
    withCopy.strategy.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 9));
    expect(withCopy.gap).toBeLessThan(1e-9);
  });

  it('drops strategies no equilibrium plays and picks the unique equilibrium of a generic game', () => {
    // A transitive field: 0 beats 1 beats 2, and 0 beats 2; the pure strategy 0 is the only equilibrium.
    const transitive = [
      [0, 0.3, 0.5],
      [-0.3, 0, 0.2],
      [-0.5, -0.2, 0],
    ];
    expect(maxEntropyNash(transitive)).toEqual({ strategy: [1, 0, 0], support: [0], gap: 0 });
    const rng = createRng(11);
    for (let trial = 0; trial < 5; trial++) {
      const n = 3 + rng.int(4);
      const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          a[i]![j] = 2 * rng.next() - 1;
          a[j]![i] = -a[i]![j]!;
        }
      const m = maxEntropyNash(a);
      expect(m.gap).toBeLessThan(1e-9);
      expect(m.strategy.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      // A generic symmetric zero-sum game has one equilibrium, so the LP solver must find the same one.
      solveMatrixGame(a).row.forEach((p, i) => expect(m.strategy[i]).toBeCloseTo(p, 7));
    }
    expect(() =>
      maxEntropyNash([
        [0, 1],
        [1, 0],
      ]),
    ).toThrow(/A = −Aᵀ/);
    expect(() => maxEntropyNash([[0, 1, 2]])).toThrow(/square/);
  });
});
