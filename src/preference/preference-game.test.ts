import { describe, expect, it } from 'vitest';
import { checkAntisymmetric, solveMatrixGame } from '../solvers/index.ts';
import type { PreferencePrompt } from './preference-file.ts';
import { preferenceDualityGap, preferencePayoff, replyWinRates, vonNeumannWinner } from './preference-game.ts';

// A 3-cycle (a beats b 0.8, b beats c 0.6, c beats a 0.9) and one response every cycle member beats 0.7.
const game: PreferencePrompt = {
  prompt: 'p',
  responses: ['a', 'b', 'c', 'd'],
  preferences: [
    [0.5, 0.8, 0.1, 0.7],
    [0.2, 0.5, 0.6, 0.7],
    [0.9, 0.4, 0.5, 0.7],
    [0.3, 0.3, 0.3, 0.5],
  ],
};

describe('the preference game', () => {
  it('is antisymmetric with "other" losing to every listed response and tying with itself', () => {
    const A = preferencePayoff(game);
    checkAntisymmetric(A);
    expect(A[4]).toEqual([-0.5, -0.5, -0.5, -0.5, 0]);
    expect(A.map((r) => r[4])).toEqual([0.5, 0.5, 0.5, 0.5, 0]);
    expect(solveMatrixGame(A).value).toBeCloseTo(0, 12);
  });

  it('finds the von Neumann winner of a cycle in closed form, dominated responses at 0', () => {
    // Margins 0.3, 0.1, 0.4 around the cycle: the winner is ∝ (0.1, 0.4, 0.3), the margin opposite each response.
    const { distribution, gap } = vonNeumannWinner(game);
    [0.125, 0.5, 0.375, 0].forEach((p, i) => expect(distribution.probabilities[i]).toBeCloseTo(p, 9));
    expect(distribution.other).toBe(0);
    expect(gap).toBeLessThan(1e-9);
    // A transitive order: the top response alone.
    const order: PreferencePrompt = {
      ...game,
      responses: ['x', 'y'],
      preferences: [
        [0.5, 0.6],
        [0.4, 0.5],
      ],
    };
    expect(vonNeumannWinner(order).distribution.probabilities).toEqual([1, 0]);
  });

  it('measures the duality gap max_j Σ_i π_i P(j ≻ i) − ½, "other" included', () => {
    // All on a: c beats it 0.9. All on "other": every listed response beats it, the largest gap, ½.
    expect(preferenceDualityGap(game, { probabilities: [1, 0, 0, 0], other: 0 })).toBeCloseTo(0.4, 14);
    expect(preferenceDualityGap(game, { probabilities: [0, 0, 0, 0], other: 1 })).toBeCloseTo(0.5, 14);
    const mixed = { probabilities: [0.25, 0.25, 0.25, 0], other: 0.25 };
    const rates = replyWinRates(game, mixed);
    // b against it: 0.25 × (0.2 + 0.5 + 0.6) + 0.25 × 1.
    expect(rates[1]).toBeCloseTo(0.25 * 1.3 + 0.25, 14);
    expect(preferenceDualityGap(game, mixed)).toBeCloseTo(Math.max(...rates) - 0.5, 14);
    expect(() => preferenceDualityGap(game, { probabilities: [1, 0, 0], other: 0 })).toThrow(/3 probabilities for 4/);
    expect(() => preferenceDualityGap(game, { probabilities: [0.5, 0, 0, 0], other: 0 })).toThrow(/sum to 1/);
  });
});
