import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { solveMatrixGame } from '../matrix-game.ts';
import { regretMatchingBracket } from './__fixtures__/regret-matching.ts';
import { supportEnumeration } from './__fixtures__/support-enumeration.ts';

// The simplex solver against methods that share none of its code, on seeded random games of every shape to 5×5.
describe('solveMatrixGame on random games', () => {
  it('agrees with support enumeration on 240 generic games: value, both strategies, certified gap', () => {
    const rng = createRng(2024);
    let worstGap = 0;
    for (let trial = 0; trial < 240; trial++) {
      const rows = 1 + rng.int(5);
      const cols = 1 + rng.int(5);
      const scale = 10 ** (rng.int(13) - 9); // 1e-9 … 1e3: the solver's tolerances must be relative
      const game = Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * (2 * rng.next() - 1)));
      const s = solveMatrixGame(game);
      // The reference has absolute tolerances, so it solves the game at unit scale; the solver sees the raw one.
      const unit = supportEnumeration(game.map((r) => r.map((v) => v / scale)));
      const reference = unit && { ...unit, value: unit.value * scale };
      expect(reference, `trial ${trial}`).toBeDefined();
      expect(s.gap).toBeGreaterThanOrEqual(0);
      expect(s.gap / scale).toBeLessThan(1e-12);
      worstGap = Math.max(worstGap, s.gap / scale);
      expect(Math.abs(s.value - reference!.value) / scale).toBeLessThan(1e-10);
      // A generic zero-sum game has exactly one equilibrium, so the strategies must match too.
      s.row.forEach((p, i) => expect(p).toBeCloseTo(reference!.row[i]!, 8));
      s.col.forEach((p, j) => expect(p).toBeCloseTo(reference!.col[j]!, 8));
    }
    expect(worstGap).toBeLessThan(1e-12);
  });

  it('lands inside the regret-matching bracket on 60 degenerate integer games (ties, saddles, copies)', () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 1 + rng.int(5);
      const cols = 1 + rng.int(5);
      const game = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(5) - 2));
      const s = solveMatrixGame(game);
      expect(s.gap).toBeGreaterThanOrEqual(0);
      expect(s.gap).toBeLessThan(1e-12);
      const { low, high } = regretMatchingBracket(game, 6000);
      expect(s.value).toBeGreaterThanOrEqual(low - 1e-12);
      expect(s.value).toBeLessThanOrEqual(high + 1e-12);
      expect(high - low).toBeLessThan(1e-3);
    }
  });
});
