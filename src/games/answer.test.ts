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

// SPIRAL's `extract_action` (research/spiral.md §3.2): the boxed text, or the whole answer, must be a legal move.
describe('strict answers (SPIRAL)', () => {
  const kuhn = ['[check]', '[bet]'];
  const cells = ['[0]', '[4]', '[8]'];
  const strict = (text: string, legal: readonly string[]) => matchLegal(text, legal, 'strict');

  it('accepts what SPIRAL accepts', () => {
    expect(strict('Reasoning... \\boxed{bet}', kuhn)).toEqual({ ok: true, index: 1 });
    expect(strict('\\boxed{[4]}', cells)).toEqual({ ok: true, index: 1 });
    expect(strict('\\boxed{\\text{check}}', kuhn)).toEqual({ ok: true, index: 0 });
    expect(strict('first \\boxed{check} then \\boxed{bet}', kuhn)).toEqual({ ok: true, index: 1 });
    expect(strict('  bet\n', kuhn)).toEqual({ ok: true, index: 1 });
    expect(strict('[check]', kuhn)).toEqual({ ok: true, index: 0 });
  });

  it('rejects what SPIRAL rejects and lenient mode reads', () => {
    const cases: [string, readonly string[]][] = [
      ['If I [bet] they fold; so I [check]', kuhn],
      ['\\boxed{ bet }', kuhn],
      ['\\boxed{bet }', kuhn],
      ['[ 4 ]', cells],
      ['\\boxed{[ 4 ]}', cells],
      ['\\boxed {bet}', kuhn],
      ['\\fbox{bet}', kuhn],
    ];
    for (const [text, legal] of cases) {
      expect(strict(text, legal), text).toMatchObject({ ok: false, reason: expect.stringContaining('\\boxed{') });
      expect(matchLegal(text, legal).ok, text).toBe(true);
    }
    expect(strict('\\boxed{Bet}', kuhn).ok).toBe(false);
    expect(strict('\\boxed{}', kuhn).ok).toBe(false);
    expect(strict('', kuhn)).toEqual({ ok: false, reason: 'empty answer' });
  });

  it('falls back to the whole answer when the last box is not `\\boxed{…}` or never closes', () => {
    expect(extractBoxed('\\boxed{bet} \\boxed {check}', 'strict')).toBeUndefined();
    expect(extractBoxed('\\boxed{bet', 'strict')).toBeUndefined();
    expect(extractBoxed('\\fbox{bet}', 'strict')).toBeUndefined();
    expect(extractBoxed('x \\boxed{a{b}c}', 'strict')).toBe('a{b}c');
    expect(normalizeAnswer('bet ', 'strict')).toBe('[bet ]');
    expect(normalizeAnswer('one two three four five six', 'strict')).toBe('one two three four five six');
  });
});
