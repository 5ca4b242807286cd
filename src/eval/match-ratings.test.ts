import { describe, expect, it } from 'vitest';
import { randomPlayout } from '../games/playout.ts';
import { gameIds, getGame } from '../games/registry.ts';
import { createRng } from '../util/rng.ts';
import { matchOutcomes, matchRule, rateMatches } from './match-ratings.ts';
import { createRatingTable } from './ratings.ts';

describe('matchRule', () => {
  it('rates single games only where the game declares win/draw/loss returns, and those returns are ±1/0', () => {
    for (const id of gameIds) {
      const { info } = getGame(id).rules;
      const rule = matchRule(info);
      expect(rule.hands).toBe(info.winDrawLoss ? 1 : 2);
      if (!info.winDrawLoss) continue;
      // The declaration is data the ratings trust: check it on random playouts.
      const rules = getGame(id).rules;
      const rng = createRng(5);
      for (let k = 0; k < 30; k++) {
        const states = randomPlayout(rules, rng);
        for (const r of rules.returns(states[states.length - 1])) expect([-1, 0, 1]).toContain(r);
      }
    }
    expect(matchRule(getGame('kuhn-poker').rules.info, 6)).toEqual({ hands: 6, decidedBy: 'summed returns' });
    expect(() => matchRule(getGame('kuhn-poker').rules.info, 3)).toThrow(/even integer/);
  });

  it('decides each match by the sign of its summed margins', () => {
    const rule = matchRule(getGame('kuhn-poker').rules.info);
    // Won a small pot, lost a big one: a lost match, though it won one hand of two.
    expect(matchOutcomes([1, -2, 2, -2, 0.1 + 0.2, -0.3], rule)).toEqual([-1, 0, 0]);
    expect(() => matchOutcomes([1, 2, 3], rule)).toThrow(/do not split into matches of 2/);
  });
});

describe('rateMatches', () => {
  it('does not favour whichever results came last, as one pass in play order does', () => {
    // a beats b 30 times, then loses 30 times: level overall.
    const matches = [
      ...Array.from({ length: 30 }, () => ({ a: 'a', b: 'b', outcome: 1 })),
      ...Array.from({ length: 30 }, () => ({ a: 'a', b: 'b', outcome: -1 })),
    ];
    const inOrder = createRatingTable();
    for (const m of matches) inOrder.record(m.a, m.b, m.outcome);
    const [first, second] = inOrder.standings();
    expect(first?.[0]).toBe('b'); // the late losses dominate a single pass
    expect(first![1].mu - second![1].mu).toBeGreaterThan(1);
    const averaged = rateMatches({ matches, seed: 1 });
    const mu = Object.fromEntries(averaged.map(([name, r]) => [name, r.mu]));
    expect(Math.abs(mu.a! - mu.b!)).toBeLessThan(0.5);
    expect(averaged[0]?.[1].games).toBe(60);
    expect(rateMatches({ matches, seed: 1 })).toEqual(averaged);
    expect(() => rateMatches({ matches, seed: 1, orders: 0 })).toThrow(/positive integer/);
  });
});
