import { describe, expect, it } from 'vitest';
import { extractBoxed, matchLegal, normalizeAnswer } from './answer.ts';

describe('answer extraction', () => {
  it('takes the last brace-matched boxed answer', () => {
    expect(extractBoxed('first \\boxed{a} then \\boxed{b{c}d}')).toBe('b{c}d');
    expect(extractBoxed('\\boxed{\\text{bet}}')).toBe('bet');
    expect(extractBoxed('\\fbox{x}')).toBe('x');
    expect(extractBoxed('\\boxed{never closed')).toBeUndefined();
    expect(extractBoxed('no box')).toBeUndefined();
  });

  it('normalises short answers into bracketed tokens', () => {
    expect(normalizeAnswer('bet')).toBe('[bet]');
    expect(normalizeAnswer('  [ 4 ] ')).toBe('[4]');
    expect(normalizeAnswer('[Offer:  3 Wood ->  2 Gold]')).toBe('[Offer: 3 Wood -> 2 Gold]');
    expect(normalizeAnswer('one two three four five six')).toBe('one two three four five six');
  });

  it('matches legal moves exactly and explains failures', () => {
    const legal = ['[check]', '[bet]'];
    expect(matchLegal('I think \\boxed{bet}', legal)).toEqual({ ok: true, index: 1 });
    expect(matchLegal('[check]', legal)).toEqual({ ok: true, index: 0 });
    expect(matchLegal('I will [bet] now, not [check]... actually [bet]', legal)).toEqual({ ok: true, index: 1 });
    expect(matchLegal('\\boxed{Bet}', legal).ok).toBe(false);
    expect(matchLegal('\\boxed{raise}', legal)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('[raise]'),
    });
    expect(matchLegal('', legal)).toEqual({ ok: false, reason: 'empty answer' });
  });
});
