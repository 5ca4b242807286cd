import { describe, expect, it } from 'vitest';
import { bestResponse, buildTree, nashConv, policyValues, tabularPolicy, uniformPolicy } from '../../solvers/index.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { GameStateError } from '../state-json.ts';
import {
  BUY,
  createPersuasion,
  HIGH,
  LOW,
  optimalPersuasionPolicy,
  PASS,
  persuasion,
  type PersuasionState,
  persuasionOptimum,
} from './index.ts';

runGameConformance(persuasion);
runGameConformance(createPersuasion({ id: 'persuasion-tie', prior: 0.2, menu: [0, 0.25, 1] }), { fuzzRuns: 1000 });

const { rules, text } = persuasion;

function play(moves: number[]): PersuasionState {
  return moves.reduce((s, m) => rules.apply(s, m), rules.initialState());
}

describe('persuasion rules', () => {
  it('pays the sender for a sale and the receiver for a match', () => {
    // Commit to q = 25% (index 1), low state, signal high, buy: the sender sold a bad product.
    expect(rules.returns(play([1, LOW, HIGH, BUY]))).toEqual([1, 0]);
    expect(rules.returns(play([1, LOW, HIGH, PASS]))).toEqual([0, 1]);
    expect(rules.returns(play([1, HIGH, HIGH, BUY]))).toEqual([1, 1]);
    expect(rules.returns(play([1, HIGH, HIGH, PASS]))).toEqual([0, 0]);
    expect(rules.returns(play([0, LOW, LOW, PASS]))).toEqual([0, 1]);
  });

  it('draws the signal from the committed scheme', () => {
    expect(rules.chanceOutcomes(play([1]))).toEqual([
      { action: LOW, probability: 0.7 },
      { action: HIGH, probability: 0.3 },
    ]);
    expect(rules.chanceOutcomes(play([1, LOW]))).toEqual([
      { action: LOW, probability: 0.75 },
      { action: HIGH, probability: 0.25 },
    ]);
    // A high state always signals high; q = 0 and q = 1 leave one possible signal.
    expect(rules.chanceOutcomes(play([1, HIGH]))).toEqual([{ action: HIGH, probability: 1 }]);
    expect(rules.chanceOutcomes(play([0, LOW]))).toEqual([{ action: LOW, probability: 1 }]);
    expect(rules.chanceOutcomes(play([4, LOW]))).toEqual([{ action: HIGH, probability: 1 }]);
    expect(() => rules.apply(play([0, LOW]), HIGH)).toThrow(RangeError);
  });

  it('keys information sets by what each role saw, never the state', () => {
    expect(rules.informationStateKey(rules.initialState(), 0)).toBe('S');
    expect(rules.informationStateKey(play([1, LOW, HIGH]), 1)).toBe('R q25 high');
    expect(rules.informationStateKey(play([1, HIGH, HIGH]), 1)).toBe('R q25 high');
    expect(rules.informationStateKey(play([2, LOW, LOW]), 1)).toBe('R q50 low');
  });

  it('rejects states no play reaches', () => {
    const bad = [
      '{"commitment":null,"world":1,"signal":1,"choice":null}',
      '{"commitment":0,"world":0,"signal":1,"choice":null}',
      '{"commitment":9,"world":null,"signal":null,"choice":null}',
      '{"commitment":0,"world":null,"signal":null,"choice":null,"extra":1}',
    ];
    for (const b of bad) expect(() => rules.deserialize(b), b).toThrow(GameStateError);
  });

  it('writes compact text that fits a 128-byte context with the answer', () => {
    const root = text.observe(rules.initialState(), 0, 'compact');
    expect(root).toBe('pers S prior .3 | moves [q0] [q25] [q50] [q75] [q100]');
    const r = play([1, LOW, HIGH]);
    expect(text.observe(r, 1, 'compact')).toBe('pers R prior .3 q25 signal high | moves [buy] [pass]');
    expect(text.observe(play([1, LOW, HIGH, BUY]), 0, 'compact')).toBe(
      'pers S prior .3 q25 signal high | state low buy | you get 1',
    );
    expect(root.length + '[q100]'.length).toBeLessThan(128);
    const full = text.observe(r, 1, 'full');
    expect(full).toContain('[GAME] The signal is: high');
    expect(full).toContain('[GAME] Your available actions are: [buy], [pass]');
    expect(full).not.toMatch(/product was/);
  });

  it('parses moves strictly, leniently and boxed', () => {
    const r = play([1, LOW, HIGH]);
    expect(text.parse(r, '\\boxed{[buy]}', { answers: 'strict' })).toEqual({ ok: true, action: BUY });
    expect(text.parse(r, 'I will pass', { answers: 'strict' })).toMatchObject({ ok: false });
    expect(text.parse(r, 'pass')).toEqual({ ok: true, action: PASS });
    expect(text.parse(rules.initialState(), 'I commit to [q50] then')).toEqual({ ok: true, action: 2 });
    expect(text.parse(rules.initialState(), '\\boxed{q75}', { answers: 'strict' })).toEqual({ ok: true, action: 3 });
  });

  it('reports bought, state_high and sender_value', () => {
    const stats = persuasion.episodeStats!;
    expect(stats(play([1, LOW, HIGH, BUY]), 1)).toEqual({ bought: 1, state_high: 0, sender_value: 1 });
    expect(stats(play([0, HIGH, HIGH, PASS]), 0)).toEqual({ bought: 0, state_high: 1, sender_value: 0 });
    expect(stats(rules.initialState(), 0)).toEqual({ bought: 0, state_high: 0, sender_value: 0 });
  });
});

describe('persuasion optimum', () => {
  it('matches the hand-worked default menu (prior 0.3)', () => {
    const o = persuasionOptimum();
    // Buy after `high` iff 0.3 ≥ 0.7q, i.e. q ≤ 3/7: only q = 0 and q = 1/4 persuade.
    expect(o.schemes.map((s) => s.buysOnHigh)).toEqual([true, true, false, false, false]);
    expect(o.schemes[0]!.senderValue).toBeCloseTo(0.3, 12);
    expect(o.schemes[1]!.senderValue).toBeCloseTo(0.3 + 0.7 * 0.25, 12); // 0.475
    expect(o.schemes[1]!.receiverValue).toBeCloseTo(0.3 + 0.7 * 0.75, 12); // 0.825
    expect(o.schemes[1]!.posteriorHigh).toBeCloseTo(0.3 / 0.475, 12);
    expect(o.best.q).toBe(0.25);
    expect(o.best.senderValue).toBeCloseTo(0.475, 12);
    expect(o.noInformation).toBe(0);
    expect(o.fullDisclosure).toBe(0.3);
    expect(o.continuous.q).toBeCloseTo(3 / 7, 12);
    expect(o.continuous.value).toBeCloseTo(0.6, 12);
  });

  it('lets an indifferent receiver buy, so a menu holding p/(1−p) reaches 2p', () => {
    const o = persuasionOptimum({ prior: 0.2, menu: [0, 0.25, 0.5] });
    expect(o.best.q).toBe(0.25);
    expect(o.best.posteriorHigh).toBeCloseTo(0.5, 12);
    expect(o.best.senderValue).toBeCloseTo(0.4, 12);
    expect(o.best.senderValue).toBeCloseTo(o.continuous.value, 12);
  });

  it('pools when the prior already persuades', () => {
    const o = persuasionOptimum({ prior: 0.6 });
    expect(o.best.q).toBe(1);
    expect(o.best.senderValue).toBeCloseTo(1, 12);
    expect(o.noInformation).toBe(1);
    expect(o.continuous).toEqual({ q: 1, value: 1 });
  });

  for (const config of [{}, { prior: 0.2, menu: [0, 0.25, 0.5] }, { prior: 0.45, menu: [0, 0.5, 0.8, 1] }]) {
    it(`agrees with the tree solvers (${JSON.stringify(config)})`, () => {
      const game = createPersuasion(config);
      const tree = buildTree(game.rules);
      const optimum = persuasionOptimum(config);
      // The committed optimum with a best-responding receiver is subgame perfect: nobody gains by deviating.
      const report = nashConv({ tree, policy: optimalPersuasionPolicy(config) });
      expect(report.onPolicyValues[0]).toBeCloseTo(optimum.best.senderValue, 12);
      expect(report.onPolicyValues[1]).toBeCloseTo(optimum.best.receiverValue, 12);
      expect(report.nashConv).toBeCloseTo(0, 12);
      // Sender's optimal commitment, receiver's best response from the solver (ties to the first move, [buy]).
      const sender = tabularPolicy(game.rules.info.id, {
        S: optimum.schemes.map((s) => (s === optimum.best ? 1 : 0)),
      });
      const receiver = bestResponse({ tree, policy: sender, player: 1 }).policy;
      const joint = tabularPolicy(game.rules.info.id, {
        ...Object.fromEntries(sender.rows),
        ...Object.fromEntries(receiver.rows),
      });
      expect(policyValues(tree, joint)[0]).toBeCloseTo(optimum.best.senderValue, 12);
      // No other commitment does better against a best-responding receiver.
      for (const s of optimum.schemes) expect(s.senderValue).toBeLessThanOrEqual(optimum.best.senderValue);
    });
  }

  it('measures uniform play', () => {
    const tree = buildTree(persuasion.rules);
    // Root, 5 commitments, 10 states, 13 possible signals (q = 0 and q = 1 allow one after a low state), 26 ends.
    expect(tree.nodeCount).toBe(1 + 5 + 10 + 13 + 26);
    expect(tree.infosets.count).toBe(1 + 5 + 4); // S; `high` under every q, `low` under q < 1
    const report = nashConv({ tree, policy: uniformPolicy('persuasion') });
    expect(Number.isFinite(report.nashConv)).toBe(true);
    expect(report.nashConv).toBeGreaterThan(0);
    expect(report.onPolicyValues[0]).toBeCloseTo(0.5, 12);
    expect(report.onPolicyValues[1]).toBeCloseTo(0.5, 12);
  });
});
