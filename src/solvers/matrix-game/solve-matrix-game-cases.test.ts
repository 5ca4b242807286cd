import { describe, expect, it } from 'vitest';
import { MatrixGameError, type PayoffMatrix, solveMatrixGame } from '../matrix-game.ts';

// Hand-solved games: each case names what an exact solver must get right. Random games are in the sibling test.
describe('solveMatrixGame, hand-solved cases', () => {
  it('rock–paper–scissors: uniform, value 0; with 0.8/0.2 wins still uniform, value 0', () => {
    for (const w of [1, 0.3]) {
      const s = solveMatrixGame([
        [0, -w, w],
        [w, 0, -w],
        [-w, w, 0],
      ]);
      expect(s.value).toBeCloseTo(0, 14);
      for (const p of [...s.row, ...s.col]) expect(p).toBeCloseTo(1 / 3, 12);
      expect(s.gap).toBeLessThan(1e-12);
    }
  });

  it('finds a pure saddle point', () => {
    // Row 1 / column 0: 3 is the least of its row and the largest of its column.
    const s = solveMatrixGame([
      [1, 5, 2],
      [3, 4, 6],
      [0, 7, -1],
    ]);
    expect(s.value).toBeCloseTo(3, 12);
    expect(s.row.map((p) => Number(p.toFixed(12)))).toEqual([0, 1, 0]);
    expect(s.col.map((p) => Number(p.toFixed(12)))).toEqual([1, 0, 0]);
    expect(s.gap).toBeLessThan(1e-12);
  });

  it('gives dominated rows and columns zero probability, also when dominance is only iterated', () => {
    // Column 3 is dominated for the minimiser (≥ column 0); once it is gone, row 2 is dominated by row 0; what is
    // left is [[2, −1, 0], [−1, 2, 0]] restricted to columns 0–1: value ½ at (½, ½).
    const s = solveMatrixGame([
      [2, -1, 3, 9],
      [-1, 2, 3, 2],
      [1, -2, -1, 10],
    ]);
    expect(s.value).toBeCloseTo(0.5, 12);
    expect(s.row[2]).toBeCloseTo(0, 12);
    expect(s.col[2]).toBeCloseTo(0, 12);
    expect(s.col[3]).toBeCloseTo(0, 12);
    for (const p of [s.row[0], s.row[1], s.col[0], s.col[1]]) expect(p).toBeCloseTo(0.5, 12);
  });

  it('handles degenerate and rectangular games: constant, copies, 1×1, one row, one column, huge payoffs', () => {
    const cases: [PayoffMatrix, number][] = [
      [[[7]], 7],
      [
        [
          [2, 2],
          [2, 2],
          [2, 2],
        ],
        2,
      ],
      [[[0, 0, 0]], 0],
      [[[4], [-1], [9]], 9],
      [[[1, -3, 2, -3]], -3],
      [
        // Matching pennies with each row and column copied: value 0, weight split any way within the copies.
        [
          [1, 1, -1],
          [1, 1, -1],
          [-1, -1, 1],
        ],
        0,
      ],
      [
        [
          [3e8, -1e8],
          [-1e8, 1e8],
        ],
        0.2e8 / 0.6,
      ],
    ];
    for (const [game, value] of cases) {
      const s = solveMatrixGame(game);
      const scale = Math.max(...game.flat().map(Math.abs), 1e-300);
      expect(Math.abs(s.value - value) / scale).toBeLessThan(1e-12);
      expect(s.gap / scale).toBeLessThan(1e-12);
      expect(s.row.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
      expect(s.col.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
    }
  });

  it('rejects empty, ragged and non-finite matrices, naming the row', () => {
    expect(() => solveMatrixGame([])).toThrow(MatrixGameError);
    expect(() => solveMatrixGame([[]])).toThrow(/empty/);
    expect(() => solveMatrixGame([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => solveMatrixGame([[1, Number.NaN]])).toThrow(/row 0 has a non-finite payoff/);
    expect(() => solveMatrixGame([[1], [Number.POSITIVE_INFINITY]])).toThrow(/row 1 has a non-finite payoff/);
  });
});
