import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from './closest-name.ts';

describe('closestName', () => {
  const known = ['random', 'nash', 'human', 'kuhn-poker', 'kuhn-poker-rounds'];
  it('finds a near miss, case-insensitively, and nothing for a name far from all', () => {
    expect(closestName('randm', known)).toBe('random');
    expect(closestName('NASH', known)).toBe('nash');
    expect(closestName('kuhn_poker', known)).toBe('kuhn-poker');
    expect(closestName('genius', known)).toBeUndefined();
    expect(closestName('x', known)).toBeUndefined();
  });
  it('words the hint only when there is one', () => {
    expect(didYouMean('nsh', known)).toBe(' (did you mean "nash"?)');
    expect(didYouMean('chess', known)).toBe('');
  });
});
