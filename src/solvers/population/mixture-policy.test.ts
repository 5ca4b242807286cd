import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../../games/kuhn-poker/rules.ts';
import { leducRules } from '../../games/leduc-poker/rules.ts';
import { createRng } from '../../util/rng.ts';
import { toFlat } from '../best-response.ts';
import { nashConv } from '../exploitability.ts';
import { buildTree, type GameTree } from '../game-tree.ts';
import { kuhnNashPolicy } from '../kuhn-nash.ts';
import { uniformPolicy } from '../tabular-policy.ts';
import { constantPolicy, firstAction, lastAction, purePolicies, randomPolicy } from './__fixtures__/policies.ts';
import { seatValue } from './meta-game-matrix.ts';
import { mixtureFlat, mixturePolicy } from './mixture-policy.ts';

const kuhn = buildTree(kuhnRules);
const leduc = buildTree(leducRules);

function randomWeights(k: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: k }, () => rng.next());
}

describe.each([
  ['kuhn-poker', kuhn],
  ['leduc-poker', leduc],
] as const)('mixtureFlat on %s', (_, tree: GameTree) => {
  it('is realisation-equivalent: against any opponent, its value is the σ-average of the members’', () => {
    const rng = createRng(7);
    // Members with zero entries make some information sets unreachable for some members, the case the reach weights
    // exist for.
    const members = [randomPolicy(tree, rng, 0.4), randomPolicy(tree, rng, 0.4), randomPolicy(tree, rng)];
    const flats = members.map((m) => toFlat(tree, m));
    const weights = randomWeights(3, 8);
    const total = weights.reduce((s, w) => s + w, 0);
    const mixed = mixtureFlat({ tree, policies: members, weights });
    for (let t = 0; t < 4; t++) {
      const opponent = toFlat(tree, randomPolicy(tree, rng, t % 2 === 0 ? 0.3 : 0));
      const asSeat0 = flats.reduce((s, f, k) => s + (weights[k]! / total) * seatValue(tree, f, opponent), 0);
      const asSeat1 = flats.reduce((s, f, k) => s + (weights[k]! / total) * seatValue(tree, opponent, f), 0);
      expect(seatValue(tree, mixed, opponent)).toBeCloseTo(asSeat0, 12);
      expect(seatValue(tree, opponent, mixed)).toBeCloseTo(asSeat1, 12);
    }
  });

  it('a mixture of copies of one policy is that policy', () => {
    const policy = randomPolicy(tree, createRng(5), 0.3);
    const mixed = mixtureFlat({ tree, policies: [policy, policy, policy], weights: [0.2, 0.5, 0.3] });
    const flat = toFlat(tree, policy);
    mixed.forEach((v, s) => expect(v).toBeCloseTo(flat[s]!, 14));
  });

  it('all weight on one member is that member, also where others are unreachable', () => {
    const rng = createRng(9);
    const a = randomPolicy(tree, rng, 0.5);
    const b = randomPolicy(tree, rng, 0.5);
    const mixed = mixtureFlat({ tree, policies: [a, b], weights: [0, 1] });
    const flat = toFlat(tree, b);
    mixed.forEach((v, s) => expect(v).toBeCloseTo(flat[s]!, 14));
  });
});

describe('mixtureFlat on Kuhn Poker', () => {
  it('its exploitability is the mixture’s, by enumerating every pure reply', () => {
    const members = [uniformPolicy('kuhn-poker'), constantPolicy(kuhn, firstAction), kuhnNashPolicy(0.25)];
    const flats = members.map((m) => toFlat(kuhn, m));
    const sigma = [0.5, 0.3, 0.2];
    // Best replies to the mixture computed on the mixed strategy itself: a pure reply's value against it is the
    // σ-average of its values against the members (64 pure policies per seat in Kuhn).
    const replies0 = purePolicies(kuhn, 0);
    const replies1 = purePolicies(kuhn, 1);
    expect(replies0).toHaveLength(64);
    const best0 = Math.max(...replies0.map((r) => flats.reduce((s, f, k) => s + sigma[k]! * seatValue(kuhn, r, f), 0)));
    const best1 = Math.max(...replies1.map((r) => flats.reduce((s, f, k) => s - sigma[k]! * seatValue(kuhn, f, r), 0)));
    const report = nashConv({ tree: kuhn, policy: mixtureFlat({ tree: kuhn, policies: members, weights: sigma }) });
    expect(report.bestResponseValues[0]).toBeCloseTo(best0, 12);
    expect(report.bestResponseValues[1]).toBeCloseTo(best1, 12);
    expect(report.exploitability).toBeCloseTo((best0 + best1) / 2, 12);
  });

  it('is the posterior, not the σ-average, where the members’ own play differs', () => {
    // Member A always bets or calls, member B always checks or folds. Holding the Jack as player 0, only B's own
    // play reaches "0pb" (checked, then facing a bet), so the mixture plays B's row there, whatever σ.
    const a = constantPolicy(kuhn, lastAction);
    const b = constantPolicy(kuhn, firstAction);
    const mixed = mixturePolicy({ tree: kuhn, policies: [a, b], weights: [0.9, 0.1] });
    expect(mixed.rows.get('0')).toEqual([expect.closeTo(0.1, 14), expect.closeTo(0.9, 14)]);
    expect(mixed.rows.get('0pb')).toEqual([1, 0]);
  });

  it('rejects weights that are not a mixture', () => {
    const members = [uniformPolicy('kuhn-poker'), kuhnNashPolicy(0)];
    expect(() => mixtureFlat({ tree: kuhn, policies: members, weights: [1] })).toThrow(/one weight per policy/);
    expect(() => mixtureFlat({ tree: kuhn, policies: members, weights: [1, -1] })).toThrow(/non-negative/);
    expect(() => mixtureFlat({ tree: kuhn, policies: members, weights: [0, 0] })).toThrow(/all weights are 0/);
  });
});
