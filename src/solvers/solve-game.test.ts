import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../games/kuhn-poker/rules.ts';
import { exploitability } from './exploitability.ts';
import { buildTree } from './game-tree.ts';
import { policyFromJson, policyToJson } from './policy-json.ts';
import { type EvalPoint, solveGame } from './solve-game.ts';

describe('solveGame', () => {
  it('reports an exploitability curve every evalEvery iterations and returns the average policy', () => {
    const seen: EvalPoint[] = [];
    let clock = 0;
    const result = solveGame({
      game: kuhnRules,
      algo: 'cfr+',
      iterations: 250,
      evalEvery: 100,
      onEval: (point) => seen.push(point),
      now: () => (clock += 5),
    });
    expect(result.curve.map((p) => p.iteration)).toEqual([100, 200, 250]);
    expect(seen).toEqual(result.curve);
    // Each step is timed by two clock reads 5 ms apart.
    expect(result.curve.map((p) => p.seconds)).toEqual([0.005, 0.01, 0.015]);
    const [first, , last] = result.curve;
    expect(last!.exploitability).toBeLessThan(first!.exploitability);
    expect(last!.exploitability).toBeLessThan(1e-3);
    expect(last!.value).toBeCloseTo(-1 / 18, 2);
    // The returned table is the evaluated average policy, and survives a JSON round trip.
    const back = policyFromJson(policyToJson(result.policy), { game: 'kuhn-poker' });
    expect(exploitability(result.tree, back)).toBeCloseTo(last!.exploitability, 12);
  });

  it('accepts a prebuilt tree and evaluates once at the end by default', () => {
    const tree = buildTree(kuhnRules);
    const result = solveGame({ game: tree, algo: 'dcfr', iterations: 30 });
    expect(result.tree).toBe(tree);
    expect(result.curve).toHaveLength(1);
    expect(result.curve[0]!.iteration).toBe(30);
  });

  it('rejects a non-positive iteration count', () => {
    expect(() => solveGame({ game: kuhnRules, algo: 'cfr', iterations: 0 })).toThrow(/positive integer/);
  });
});
