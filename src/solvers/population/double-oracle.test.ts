import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../../games/kuhn-poker/rules.ts';
import { leducRules } from '../../games/leduc-poker/rules.ts';
import { exploitability } from '../exploitability.ts';
import { buildTree } from '../game-tree.ts';
import { doubleOracle } from './double-oracle.ts';

const kuhn = buildTree(kuhnRules);

describe('doubleOracle on Kuhn Poker, from uniform random', () => {
  it('nash: the meta-Nash mixture reaches exploitability 0 within 15 best responses', () => {
    const points: number[] = [];
    const result = doubleOracle(kuhnRules, { iterations: 15, onPoint: (p) => points.push(p.iteration) });
    const { curve } = result;
    expect(curve).toHaveLength(16);
    expect(points).toEqual(curve.map((p) => p.iteration));
    expect(curve[0]!.exploitability).toBeCloseTo(11 / 24, 12);
    expect(curve.at(-1)!.exploitability).toBeLessThan(1e-9);
    expect(curve.at(-1)!.populationSize).toBe(16);
    expect(result.population).toHaveLength(16);
    for (const point of curve) expect(point.metaGap).toBeLessThan(1e-9);
    // The returned policy is the last mixture, measured the same way.
    expect(exploitability(result.tree, result.policy)).toBeCloseTo(curve.at(-1)!.exploitability, 12);
    // Once exact, the best response to an equilibrium mixture is a member already.
    expect(curve.at(-2)!.repeated).toBe(true);
  });

  it('uniform (fictitious play) falls steadily; last (iterated best response) cycles and never settles', () => {
    const uniform = doubleOracle(kuhn, { iterations: 20, metaSolver: 'uniform' }).curve;
    expect(uniform.at(-1)!.exploitability).toBeLessThan(uniform[0]!.exploitability / 5);
    const last = doubleOracle(kuhn, { iterations: 20, metaSolver: 'last' }).curve;
    expect(Math.min(...last.slice(5).map((p) => p.exploitability))).toBeGreaterThan(0.1);
    for (const point of last) expect(point.metaStrategy.at(-1)).toBe(1);
  });

  it('times with the injected clock and starts from a given population', () => {
    let t = 0;
    const result = doubleOracle(kuhn, {
      iterations: 2,
      initial: [{ game: 'kuhn-poker', rows: new Map([['0', [1, 0]]]) }],
      now: () => (t += 500),
    });
    expect(result.curve.map((p) => p.seconds)).toEqual([0.5, 1, 1.5]);
    expect(() => doubleOracle(kuhn, { iterations: 1, initial: [] })).toThrow(/empty/);
    expect(() => doubleOracle(kuhn, { iterations: -1 })).toThrow(/non-negative integer/);
  });
});

describe('doubleOracle on Leduc Poker', () => {
  it('fictitious play over best responses more than halves the exploitability in 10 iterations', () => {
    const { curve } = doubleOracle(leducRules, { iterations: 10, metaSolver: 'uniform' });
    expect(curve[0]!.exploitability).toBeCloseTo(2.373611, 5);
    expect(curve.at(-1)!.exploitability).toBeLessThan(curve[0]!.exploitability / 2);
  });
});
