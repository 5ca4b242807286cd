import { describe, expect, it } from 'vitest';
import { monotoneFixedPoint } from './monotone-fixed-point.ts';

describe('monotoneFixedPoint', () => {
  it('finds the fixed point of a contraction, bracketed within the tolerance', () => {
    const point = monotoneFixedPoint((x) => 0.3 + 0.4 * x, 1e-14);
    expect(point.x).toBeCloseTo(0.5, 14);
    expect(point.width).toBeLessThanOrEqual(1e-14);
    expect(point.flat).toBe(false);
    expect(monotoneFixedPoint((x) => -0.6 + 0.2 * x, 1e-14).x).toBeCloseTo(-0.75, 14);
  });

  it('finds it on a piecewise-linear map (a max of two moves) in a few steps', () => {
    let calls = 0;
    const point = monotoneFixedPoint((x) => {
      calls++;
      return Math.max(0.1 + 0.5 * x, -0.2 + 0.9 * x);
    }, 1e-14);
    expect(point.x).toBeCloseTo(0.2, 14);
    expect(calls).toBeLessThan(12);
  });

  it('takes the fixed point nearest 0 where they fill an interval: a loop that never ends scores 0', () => {
    expect(monotoneFixedPoint((x) => x, 1e-14)).toEqual({ x: 0, width: 0, flat: true });
    // Fixed points fill [0.4, 1]: iterating from 0 climbs to 0.4 and stops there.
    const point = monotoneFixedPoint((x) => Math.max(x, 0.2 + 0.5 * x), 1e-14);
    expect(point.x).toBeCloseTo(0.4, 13);
    expect(point.flat).toBe(true);
  });
});
