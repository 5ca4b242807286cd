import { describe, expect, it } from 'vitest';
import { actionProbabilities, buildTree, kuhnNashPolicy, nashConv, uniformPolicy } from '../../solvers/index.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { kuhnPoker } from './index.ts';
import { BET, type KuhnState, kuhnRules, PASS } from './rules.ts';

runGameConformance(kuhnPoker);

function play(cards: [number, number], bets: number[]): KuhnState {
  let s = kuhnRules.initialState();
  for (const c of cards) s = kuhnRules.apply(s, c);
  for (const b of bets) s = kuhnRules.apply(s, b);
  return s;
}

describe('kuhn-poker rules (OpenSpiel semantics)', () => {
  it('pays showdowns, bets and folds like OpenSpiel', () => {
    // K vs Q: check-check +1, bet-call +2, bet-fold +1; J vs K: check-bet-fold −1, check-bet-call −2.
    expect(kuhnRules.returns(play([2, 1], [PASS, PASS]))).toEqual([1, -1]);
    expect(kuhnRules.returns(play([2, 1], [BET, BET]))).toEqual([2, -2]);
    expect(kuhnRules.returns(play([0, 2], [BET, PASS]))).toEqual([1, -1]);
    expect(kuhnRules.returns(play([0, 2], [PASS, BET, PASS]))).toEqual([-1, 1]);
    expect(kuhnRules.returns(play([0, 2], [PASS, BET, BET]))).toEqual([-2, 2]);
  });

  it('uses OpenSpiel information-state strings', () => {
    const s = play([1, 0], [PASS, BET]);
    expect(kuhnRules.informationStateKey(s, 0)).toBe('1pb');
    expect(kuhnRules.informationStateKey(s, 1)).toBe('0pb');
    expect(kuhnRules.informationStateKey(play([2, 0], []), 0)).toBe('2');
  });

  it('names moves by context and shows only the acting player their card', () => {
    const s = play([1, 2], [BET]);
    expect(kuhnPoker.text.actionString(s, PASS)).toBe('[fold]');
    expect(kuhnPoker.text.actionString(s, BET)).toBe('[call]');
    const obs = kuhnPoker.text.observe(s, 1, 'full');
    expect(obs).toContain('Your card is: K');
    expect(obs).toContain('[Player 0] [bet]');
    expect(obs).toContain('[GAME] Your available actions are: [fold], [call]');
    expect(obs).not.toContain('Your card is: Q');
    expect(kuhnPoker.text.observe(s, 1, 'compact')).toBe('kuhn P1 card K | P0[bet] | moves [fold] [call]');
    expect(kuhnPoker.text.parse(s, '[bet]')).toMatchObject({ ok: false });
  });
});

describe('kuhn-poker report', () => {
  const report = kuhnPoker.report!;
  const tree = buildTree(kuhnRules);

  it("gives uniform play's exact exploitability", () => {
    const exact = nashConv({ tree, policy: uniformPolicy('kuhn-poker') }).exploitability;
    expect(report.uniformExploitability?.value).toBeCloseTo(exact, 12);
  });

  it("lists every information set once, each with its legal moves and the Nash family's range", () => {
    const rows = report.strategyTable!.rows;
    expect(rows.map((r) => r.key).sort()).toEqual([...tree.infosets.keys].sort());
    const family = [0, 0.05, 1 / 6, 0.25, 1 / 3].map(kuhnNashPolicy);
    for (const r of rows) {
      const { byKey, slotStart } = tree.infosets;
      const i = byKey.get(r.key)!;
      expect(slotStart[i + 1]! - slotStart[i]!, r.key).toBe(r.legalCount);
      const values = family.map((p) => actionProbabilities(p, r.key, r.legalCount)[r.moveIndex]!);
      expect(r.equilibrium, r.key).toEqual([Math.min(...values), Math.max(...values)]);
    }
  });
});
