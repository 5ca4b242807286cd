import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../games/kuhn-poker/rules.ts';
import { leducRules } from '../games/leduc-poker/rules.ts';
import { type CfrVariant, createCfrSolver } from './cfr.ts';
import { exploitability, nashConv } from './exploitability.ts';
import { buildTree } from './game-tree.ts';
import { flattenPolicy } from './tabular-policy.ts';

const kuhn = buildTree(kuhnRules);

/** Exploitability of the average policy after each of `checkpoints` iterations. */
function curve(options: { variant: CfrVariant; checkpoints: number[]; tree?: typeof kuhn }): number[] {
  const tree = options.tree ?? kuhn;
  const solver = createCfrSolver({ tree, variant: options.variant });
  return options.checkpoints.map((n) => {
    solver.iterate(n - solver.iterations);
    return exploitability(tree, solver.averageFlat());
  });
}

describe('CFR family on Kuhn', () => {
  it('CFR+ is below 1e-4 after 1,000 iterations and reaches the value −1/18', () => {
    const solver = createCfrSolver({ tree: kuhn, variant: 'cfr+' });
    solver.iterate(1000);
    const report = nashConv({ tree: kuhn, policy: solver.averagePolicy() });
    expect(report.exploitability).toBeLessThan(1e-4);
    expect(report.onPolicyValues[0]).toBeCloseTo(-1 / 18, 3);
  });

  // research/games.md §4.2 [computed; CFR column matches OpenSpiel-based values]; 2% tolerance.
  it.each([
    ['cfr', [0.4583, 6.87e-2, 8.23e-3, 9.38e-4]],
    ['cfr+', [0.4583, 3.27e-2, 1.19e-3, 8.74e-5]],
    ['dcfr', [0.4583, 2.28e-2, 1.67e-3, 1.47e-4]],
  ] as const)('%s follows the reference curve at 1, 10, 100, 1,000 iterations', (variant, expected) => {
    const got = curve({ variant, checkpoints: [1, 10, 100, 1000] });
    got.forEach((g, i) => {
      expect(g / expected[i]!).toBeGreaterThan(0.98);
      expect(g / expected[i]!).toBeLessThan(1.02);
    });
  });

  it('takes other discount parameters: LCFR = DCFR(1, 1, 1) reaches 9.35e-5 at 1,000 iterations', () => {
    const solver = createCfrSolver({ tree: kuhn, variant: 'dcfr', dcfr: { alpha: 1, beta: 1, gamma: 1 } });
    solver.iterate(1000);
    const got = exploitability(kuhn, solver.averageFlat());
    expect(got / 9.35e-5).toBeGreaterThan(0.98);
    expect(got / 9.35e-5).toBeLessThan(1.02);
  });

  it('exposes current and average policies as normalised tables over every information set', () => {
    const solver = createCfrSolver({ tree: kuhn, variant: 'cfr' });
    expect(solver.iterations).toBe(0);
    solver.iterate(3);
    expect(solver.iterations).toBe(3);
    for (const policy of [solver.averagePolicy(), solver.currentPolicy()]) {
      expect(policy.rows.size).toBe(12);
      for (const row of policy.rows.values()) expect(row[0]! + row[1]!).toBeCloseTo(1, 12);
    }
    expect(Array.from(flattenPolicy(kuhn, solver.averagePolicy()))).toEqual(Array.from(solver.averageFlat()));
    expect(() => solver.iterate(-1)).toThrow(RangeError);
  });

  it('rejects an unknown variant with the list of known ones', () => {
    expect(() => createCfrSolver({ tree: kuhn, variant: 'mccfr' as CfrVariant })).toThrow(/cfr, cfr\+, dcfr/);
  });
});

describe('CFR family on Leduc', () => {
  const leduc = buildTree(leducRules);

  it('vanilla CFR matches OpenSpiel: 2.373611 after 1 iteration, 0.0939493 after 101, 0.0118178 after 1,000', () => {
    // OpenSpiel PR #197 cfr_example output ("Iteration i" there is after i + 1 iterations).
    const [one, hundredOne, thousand] = curve({ tree: leduc, variant: 'cfr', checkpoints: [1, 101, 1000] });
    expect(one).toBeCloseTo(2.373611111111111, 9);
    expect(Math.abs(hundredOne! - 0.0939493)).toBeLessThan(1e-6);
    expect(Math.abs(thousand! - 0.0118178)).toBeLessThan(1e-6);
  });

  it('CFR+ and DCFR beat vanilla CFR at 100 iterations (research/games.md §4.2: 1.34e-2, 7.75e-3 vs 9.57e-2)', () => {
    const [plus] = curve({ tree: leduc, variant: 'cfr+', checkpoints: [100] });
    const [discounted] = curve({ tree: leduc, variant: 'dcfr', checkpoints: [100] });
    expect(plus! / 1.34e-2).toBeGreaterThan(0.97);
    expect(plus! / 1.34e-2).toBeLessThan(1.03);
    expect(discounted! / 7.75e-3).toBeGreaterThan(0.97);
    expect(discounted! / 7.75e-3).toBeLessThan(1.03);
  });
});
