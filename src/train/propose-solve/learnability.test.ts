import { describe, expect, it } from 'vitest';
import { learnability, learnabilityNames } from './learnability.ts';
import { proposerReward, solverReward } from './format-rewards.ts';

const at = [0, 0.125, 0.25, 0.5, 0.75, 1] as const;

describe('learnability maps f(p̂) (research/systems.md §3 item 7)', () => {
  it.each([
    // p̂ =      0       1/8     1/4      1/2      3/4      1
    ['azr', [0, 0.875, 0.75, 0.5, 0.25, 0]],
    ['ssp', [1, 0.875, 0.75, 0.5, 0.25, 0]],
    ['agent0', [0, 0.25, 0.5, 1, 0.5, 0]],
    ['spell', [0, Math.exp(-(0.375 ** 2) * 18), Math.exp(-(0.25 ** 2) * 18), 1, Math.exp(-(0.25 ** 2) * 18), 0]],
    ['pasodoble', [0, 0, 0.85, 0.6, 0.35, 0.1]],
    ['ssr', [-0.8, 1 - 1.8 * 0.125, 1 - 1.8 * 0.25, 1 - 0.9, 1 - 1.8 * 0.75, -0.8]],
    ['stp', [0, 1, 1, 0, 0, 0]],
  ] as const)('%s', (name, values) => {
    at.forEach((p, i) => expect(learnability(name, p)).toBeCloseTo(values[i]!, 12));
  });

  it('every name has a table row above, SSR takes its α, and a rate outside [0, 1] is refused', () => {
    expect([...learnabilityNames].sort()).toEqual(['agent0', 'azr', 'pasodoble', 'spell', 'ssp', 'ssr', 'stp']);
    expect(learnability('ssr', 0, { ssrAlpha: 0.5 })).toBe(-0.5);
    expect(learnability('ssr', 0.5, { ssrAlpha: 0.5 })).toBeCloseTo(0.25, 12);
    // PasoDoble's gate is strict: p̂ = 0.2 earns nothing.
    expect(learnability('pasodoble', 0.2)).toBe(0);
    expect(() => learnability('azr', 1.5)).toThrow(/\[0, 1\]/);
    expect(() => learnability('azr', Number.NaN)).toThrow(RangeError);
  });
});

describe('format shaping (AZR ladder)', () => {
  const task = { type: 'deduction', program: 'lambda x: x', input: 1, output: 1 } as const;
  it('proposer: valid → f(p̂), invalid proposal → −0.5, not a proposal → −1', () => {
    expect(proposerReward({ ok: true, task }, 0.625)).toBe(0.625);
    expect(proposerReward({ ok: false, format: false, reason: 'fails' }, 0.625)).toBe(-0.5);
    expect(proposerReward({ ok: false, format: true, reason: 'noise' }, 0.625)).toBe(-1);
  });
  it('solver: correct → 1, read but wrong → 0, unreadable → −1', () => {
    expect(solverReward({ correct: true, answer: '1' })).toBe(1);
    expect(solverReward({ correct: false, format: false, reason: 'wrong', answer: '2' })).toBe(0);
    expect(solverReward({ correct: false, format: true, reason: 'unreadable', answer: 'x' })).toBe(-1);
  });
});
