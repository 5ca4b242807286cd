import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../../games/kuhn-poker/rules.ts';
import { leducRules } from '../../games/leduc-poker/rules.ts';
import { createRng } from '../../util/rng.ts';
import { toFlat } from '../best-response.ts';
import { policyValues } from '../exploitability.ts';
import { buildTree } from '../game-tree.ts';
import { kuhnNashPolicy } from '../kuhn-nash.ts';
import { uniformPolicy } from '../tabular-policy.ts';
import { constantPolicy, firstAction, lastAction, randomPolicy } from './__fixtures__/policies.ts';
import { checkTwoPlayerZeroSum, MetaGameError, metaGameMatrix, seatValue } from './meta-game-matrix.ts';

const kuhn = buildTree(kuhnRules);
const uniform = uniformPolicy('kuhn-poker');
const first = constantPolicy(kuhn, firstAction);
const nash = kuhnNashPolicy(0);

describe('metaGameMatrix on Kuhn Poker', () => {
  const { payoff, seatPayoff } = metaGameMatrix({ tree: kuhn, policies: [uniform, first, nash] });

  it('is antisymmetric with an exactly zero diagonal', () => {
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(payoff[i]![j]).toBe(i === j ? 0 : -payoff[j]![i]!);
      }
  });

  it('matches hand computations', () => {
    // Uniform in seat 0 against always pass/fold: a bet (½) wins the ante, a check goes to an even showdown: +½.
    expect(seatPayoff[0]![1]).toBeCloseTo(0.5, 12);
    // Always pass/fold in seat 0 against uniform: a bet by P1 (½) takes P0's ante: −½.
    expect(seatPayoff[1]![0]).toBeCloseTo(-0.5, 12);
    expect(payoff[0]![1]).toBeCloseTo(0.5, 12);
    // Nash (α = 0) in seat 0 never bets, so against pass/fold it checks to an even showdown: 0. In seat 1 it bluffs
    // the Jack ⅓ and bets the King, taking P0's ante; with the Jack unbet it loses the showdown: P0 gets −2/9.
    expect(seatPayoff[2]![1]).toBeCloseTo(0, 12);
    expect(seatPayoff[1]![2]).toBeCloseTo(-2 / 9, 12);
    expect(payoff[2]![1]).toBeCloseTo(1 / 9, 12);
    // The equilibrium against itself: the game value −1/18 to seat 0, 0 on the seat-averaged diagonal.
    expect(seatPayoff[2]![2]).toBeCloseTo(-1 / 18, 12);
  });

  it('the equilibrium beats or ties every member over both seats', () => {
    for (let j = 0; j < 3; j++) expect(payoff[2]![j]).toBeGreaterThanOrEqual(-1e-12);
  });

  it('seatValue agrees with policyValues of the joint policy', () => {
    const rng = createRng(3);
    for (let t = 0; t < 5; t++) {
      const a = toFlat(kuhn, randomPolicy(kuhn, rng));
      const b = toFlat(kuhn, randomPolicy(kuhn, rng));
      const joint = a.slice();
      for (const i of kuhn.infosets.ofPlayer[1]!)
        for (let s = kuhn.infosets.slotStart[i]!; s < kuhn.infosets.slotStart[i + 1]!; s++) joint[s] = b[s]!;
      expect(seatValue(kuhn, a, b)).toBeCloseTo(policyValues(kuhn, joint)[0]!, 12);
    }
  });

  it('grows from a previous meta-game to the same matrix', () => {
    const bet = constantPolicy(kuhn, lastAction);
    const small = metaGameMatrix({ tree: kuhn, policies: [uniform, first] });
    const grown = metaGameMatrix({ tree: kuhn, policies: [uniform, first, nash, bet], previous: small });
    const full = metaGameMatrix({ tree: kuhn, policies: [uniform, first, nash, bet] });
    expect(grown).toEqual(full);
  });
});

describe('metaGameMatrix on Leduc Poker', () => {
  it('is antisymmetric and seat-averages seatPayoff', () => {
    const tree = buildTree(leducRules);
    const rng = createRng(11);
    const policies = [uniformPolicy('leduc-poker'), randomPolicy(tree, rng, 0.3), randomPolicy(tree, rng)];
    const { payoff, seatPayoff } = metaGameMatrix({ tree, policies });
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(payoff[i]![j]! + payoff[j]![i]!).toBe(0);
        if (i !== j) expect(payoff[i]![j]).toBeCloseTo((seatPayoff[i]![j]! - seatPayoff[j]![i]!) / 2, 12);
      }
  });
});

describe('checkTwoPlayerZeroSum', () => {
  it('rejects a tree whose returns do not sum to zero', () => {
    const returns = kuhn.returns.slice();
    const terminal = kuhn.actor.indexOf(-2);
    returns[2 * terminal]! += 1;
    expect(() => checkTwoPlayerZeroSum({ ...kuhn, returns })).toThrow(MetaGameError);
    expect(() => metaGameMatrix({ tree: { ...kuhn, returns }, policies: [uniform] })).toThrow(/zero-sum/);
  });
});
