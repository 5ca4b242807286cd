import { describe, expect, it } from 'vitest';
import { getGame } from '../games/registry.ts';
import { exploitability } from './exploitability.ts';
import { buildTree } from './game-tree.ts';
import { regularizedEquilibrium } from './regularized-equilibrium.ts';

const tree = buildTree(getGame('kuhn-poker').rules);
const uniform = new Float64Array(tree.infosets.slotCount).fill(0.5);
const maxChange = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('regularised (quantal-response) equilibrium', () => {
  it('approaches Nash as η shrinks and the magnet as η grows', () => {
    const at = (eta: number) => exploitability(tree, regularizedEquilibrium({ tree, magnet: uniform, eta }));
    const [e2, e1, e05] = [at(0.2), at(0.1), at(0.05)];
    expect(e2).toBeGreaterThan(e1);
    expect(e1).toBeGreaterThan(e05);
    expect(e1).toBeGreaterThan(0.015);
    expect(e1).toBeLessThan(0.025);
    expect(e05).toBeLessThan(0.012);
    const heavy = regularizedEquilibrium({ tree, magnet: uniform, eta: 50, iterations: 200 });
    expect(maxChange(heavy, uniform)).toBeLessThan(0.02);
  });

  it('is a fixed point: restarting from it does not move it, whatever the magnet', () => {
    const magnet = uniform.map((_, s) => (s % 2 === 0 ? 0.7 : 0.3));
    const pi = regularizedEquilibrium({ tree, magnet, eta: 0.2 });
    expect(maxChange(regularizedEquilibrium({ tree, magnet, eta: 0.2, start: pi, iterations: 50 }), pi)).toBeLessThan(
      1e-6,
    );
    expect(maxChange(pi, regularizedEquilibrium({ tree, magnet: uniform, eta: 0.2 }))).toBeGreaterThan(0.01);
    // Each information set's row is a distribution.
    for (let i = 0; i < tree.infosets.count; i++) expect(pi[2 * i]! + pi[2 * i + 1]!).toBeCloseTo(1, 9);
  });
});
