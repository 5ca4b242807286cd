import { describe, expect, it } from 'vitest';
import type { SpinPrompt } from './spin-data-file.ts';
import { spinDivergence } from './spin-divergence.ts';

const data: SpinPrompt = { prompt: 'p', responses: ['a', 'b', 'c'], probabilities: [0.5, 0.5, 0] };

describe('spinDivergence', () => {
  it('is 0 at the data distribution and counts mass outside the support', () => {
    expect(spinDivergence(data, { probabilities: [0.5, 0.5, 0], other: 0 })).toEqual({ kl: 0, totalVariation: 0 });
    // π = (0.25, 0.25, 0.25) + other 0.25: KL = log 2; TV = ½(0.25 + 0.25 + 0.25 + 0.25).
    const d = spinDivergence(data, { probabilities: [0.25, 0.25, 0.25], other: 0.25 });
    expect(d.kl).toBeCloseTo(Math.log(2), 14);
    expect(d.totalVariation).toBeCloseTo(0.5, 14);
  });

  it('is +∞ when π gives nothing to a data response, and TV is 1 when they share nothing', () => {
    const d = spinDivergence(data, { probabilities: [0, 0, 0], other: 1 });
    expect(d.kl).toBe(Number.POSITIVE_INFINITY);
    expect(d.totalVariation).toBe(1);
    // π on a response the data never writes: only its share of a and b counts for KL.
    expect(spinDivergence(data, { probabilities: [0.5, 0.25, 0.25], other: 0 }).kl).toBeCloseTo(0.5 * Math.log(2), 14);
  });
});
