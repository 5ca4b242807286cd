import { describe, expect, it } from 'vitest';
import { createRng, sampleIndex } from '../../util/rng.ts';
import { meanWithCi } from '../../util/stats.ts';
import { boundedMeanInterval } from './bounded-mean-interval.ts';

describe('boundedMeanInterval', () => {
  it('is Agresti–Coull for win/loss outcomes', () => {
    // 7 wins in 10 on a 0/1 scale: p̃ = (7 + z²/2) / (10 + z²), half-width z·√(p̃(1 − p̃)/(10 + z²)).
    const z = 1.959963984540054;
    const pt = (7 + (z * z) / 2) / (10 + z * z);
    const hw = z * Math.sqrt((pt * (1 - pt)) / (10 + z * z));
    const ci = boundedMeanInterval([1, 1, 1, 1, 1, 1, 1, 0, 0, 0], { range: [0, 1] });
    expect(ci.mean).toBeCloseTo(0.7, 14);
    expect(ci.low).toBeCloseTo(pt - hw, 8);
    expect(ci.high).toBeCloseTo(pt + hw, 8);
    // The same on a −1/+1 scale, stretched by 2.
    const pm = boundedMeanInterval([1, 1, 1, 1, 1, 1, 1, -1, -1, -1], { range: [-1, 1] });
    expect(pm.low).toBeCloseTo(2 * (pt - hw) - 1, 8);
  });

  it('never collapses to zero width and never leaves the range', () => {
    const ci = boundedMeanInterval(new Array<number>(10).fill(1), { range: [-1, 1] });
    expect(ci.high).toBe(1);
    expect(ci.low).toBeLessThan(0.8);
    expect(meanWithCi(new Array<number>(10).fill(1)).halfWidth).toBe(0);
    const none = boundedMeanInterval([], { range: [-2, 2] });
    expect([none.low, none.high]).toEqual([-2, 2]);
    expect(Number.isNaN(none.mean)).toBe(true);
  });

  it('rejects samples outside the range and bad options', () => {
    expect(() => boundedMeanInterval([1.5], { range: [-1, 1] })).toThrow(/outside the declared range/);
    expect(() => boundedMeanInterval([0], { range: [1, -1] })).toThrow(/min < max/);
    expect(() => boundedMeanInterval([0], { range: [-1, 1], level: 1 })).toThrow(/level/);
  });

  it('covers the mean about 95% of the time where the normal interval does not (seeded simulation)', () => {
    const rng = createRng(2024);
    const cases: { values: number[]; probs: number[] }[] = [
      { values: [-1, 1], probs: [0.98, 0.02] },
      { values: [-1, 1], probs: [0.9, 0.1] },
      { values: [-1, 1], probs: [0.5, 0.5] },
      { values: [-1, 0, 1], probs: [0.02, 0.9, 0.08] },
      { values: [-1, 0, 1], probs: [0.45, 0.1, 0.45] },
      { values: [-1, -0.5, 0, 0.5, 1], probs: [0.05, 0.2, 0.5, 0.2, 0.05] },
    ];
    const reps = 1500;
    let worstNormal = 1;
    for (const n of [10, 40, 200])
      for (const { values, probs } of cases) {
        const mu = values.reduce((s, v, i) => s + v * probs[i]!, 0);
        let covered = 0;
        let normal = 0;
        for (let r = 0; r < reps; r++) {
          const xs = Array.from({ length: n }, () => values[sampleIndex(rng, probs)]!);
          const ci = boundedMeanInterval(xs, { range: [-1, 1] });
          if (ci.low <= mu && mu <= ci.high) covered++;
          const plain = meanWithCi(xs);
          if (Math.abs(plain.mean - mu) <= plain.halfWidth) normal++;
        }
        expect(covered / reps, `n ${n}, values ${values.join('/')} with ${probs.join('/')}`).toBeGreaterThan(0.92);
        worstNormal = Math.min(worstNormal, normal / reps);
      }
    expect(worstNormal).toBeLessThan(0.5);
  });
});
