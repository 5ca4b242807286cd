import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { checkDistributionOptions, drawToken, modelLogProb, tokenDistribution } from './token-distribution.ts';

const logits = new Float32Array([2, 1, 0, -1, 3]);
const softmax = (xs: number[]) => {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('token distribution', () => {
  it('is the tempered softmax over all or over the allowed ids', () => {
    const full = tokenDistribution(logits, { temperature: 0.5, topP: 1 });
    for (const [i, p] of softmax([4, 2, 0, -2, 6]).entries()) expect(full[i]).toBeCloseTo(p, 12);
    const some = tokenDistribution(logits, { temperature: 1, topP: 1, allowed: [1, 3] });
    const expected = softmax([1, -1]);
    expect([some[1], some[3]]).toEqual([expect.closeTo(expected[0]!, 12), expect.closeTo(expected[1]!, 12)]);
    expect(some[0]! + some[2]! + some[4]!).toBe(0);
  });

  it('keeps the smallest most-likely set reaching topP and renormalises it', () => {
    const p = softmax([2, 1, 0, -1, 3]);
    const probs = tokenDistribution(logits, { temperature: 1, topP: p[4]! + p[0]! - 1e-9 });
    expect(probs[4]).toBeCloseTo(p[4]! / (p[4]! + p[0]!), 12);
    expect(probs[0]).toBeCloseTo(p[0]! / (p[4]! + p[0]!), 12);
    expect(probs[1]! + probs[2]! + probs[3]!).toBe(0);
  });

  it('is greedy at temperature 0, within the allowed set', () => {
    expect(Array.from(tokenDistribution(logits, { temperature: 0, topP: 1 }))).toEqual([0, 0, 0, 0, 1]);
    expect(tokenDistribution(logits, { temperature: 0, topP: 1, allowed: [2, 1] })[1]).toBe(1);
  });

  it('gives the model log-softmax and draws tokens with the right frequencies', () => {
    expect(modelLogProb(logits, 2)).toBeCloseTo(Math.log(softmax([2, 1, 0, -1, 3])[2]!), 6);
    const probs = tokenDistribution(logits, { temperature: 1, topP: 1 });
    const rng = createRng(5);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 20_000; i++) counts[drawToken(probs, rng.next())] += 1;
    for (const [i, c] of counts.entries()) expect(c / 20_000).toBeCloseTo(probs[i]!, 1);
    expect(drawToken(new Float64Array([0, 0.5, 0.5, 0]), 0.9999999999)).toBe(2);
  });

  it('rejects nonsense settings with the reason', () => {
    expect(() => checkDistributionOptions({ temperature: -1, topP: 1 })).toThrow(/temperature/);
    expect(() => checkDistributionOptions({ temperature: 1, topP: 0 })).toThrow(/topP/);
    expect(() => checkDistributionOptions({ temperature: 1, topP: 1, allowed: [] })).toThrow(/empty/);
  });
});
