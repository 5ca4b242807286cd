import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, sampleIndex } from './rng.ts';

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('resumes exactly from a saved state', () => {
    const a = createRng(7);
    for (let i = 0; i < 10; i++) a.next();
    const saved = a.state();
    const ahead = Array.from({ length: 5 }, () => a.next());
    const resumed = createRng(saved);
    expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(ahead);
  });

  it('draws uniform integers in range with roughly equal frequency', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.int(3)]! += 1;
    for (const c of counts) expect(c / 30_000).toBeCloseTo(1 / 3, 1);
  });

  it('samples by weight and derives distinct child seeds', () => {
    const rng = createRng(3);
    const counts = [0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampleIndex(rng, [1, 3])]! += 1;
    expect(counts[1]! / 20_000).toBeCloseTo(0.75, 1);
    expect(sampleIndex(rng, [0, 0, 5])).toBe(2);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    expect(() => sampleIndex(rng, [0, 0])).toThrow(RangeError);
  });
});
