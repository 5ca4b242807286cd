import { describe, expect, it } from 'vitest';
import { buildTree, type GameTree, nashConv, uniformPolicy } from '../../solvers/index.ts';
import { TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { randomPlayout } from '../playout.ts';
import { GameStateError } from '../state-json.ts';
import {
  ACCEPT,
  BargainingConfigError,
  type BargainingGame,
  type BargainingState,
  bargaining,
  bargainingEquilibrium,
  createBargaining,
  REJECT,
  rubinsteinShare,
  solveBargaining,
} from './index.ts';

runGameConformance(bargaining);
runGameConformance(createBargaining({ id: 'bargaining-tiny', pie: 3, horizon: 2, discounts: [1, 0.5] }), {
  playouts: 50,
  fuzzRuns: 2_000,
});

const { rules, text } = bargaining;

function play(moves: number[], game: BargainingGame = bargaining): BargainingState {
  return moves.reduce((s, m) => game.rules.apply(s, m), game.rules.initialState());
}

describe('bargaining rules', () => {
  it('pays the agreed split, discounted per player by the round of agreement', () => {
    // Round 0: P0 keeps 6 → 0.6 / 0.4 undiscounted.
    expect(rules.returns(play([6, ACCEPT]))).toEqual([0.6, 0.4]);
    // Round 1: P1 keeps 4, P0 gets 6 → 0.6 × 0.9 and 0.4 × 0.8.
    const r1 = rules.returns(play([6, REJECT, 4, ACCEPT]));
    expect(r1[0]).toBeCloseTo(0.54, 12);
    expect(r1[1]).toBeCloseTo(0.32, 12);
    // Round 3 (the last): P1 keeps all 10 → 0.8³ for P1, nothing for P0.
    const r3 = rules.returns(play([5, REJECT, 5, REJECT, 5, REJECT, 10, ACCEPT]));
    expect(r3[0]).toBe(0);
    expect(r3[1]).toBeCloseTo(0.512, 12);
  });

  it('ends with nothing for both when every offer is rejected', () => {
    const s = play([5, REJECT, 5, REJECT, 5, REJECT, 5, REJECT]);
    expect(rules.currentPlayer(s)).toBe(TERMINAL);
    expect(rules.returns(s)).toEqual([0, 0]);
    expect(rules.turnCount(s)).toBe(rules.info.maxTurns);
    expect(bargaining.episodeStats!(s, 0)).toEqual({ agreement: 0, share: 0, rounds: 4 });
  });

  it('alternates proposers and lists offers or answers as legal moves', () => {
    expect(rules.currentPlayer(play([]))).toBe(0);
    expect(rules.legalActions(play([]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rules.currentPlayer(play([6]))).toBe(1);
    expect(rules.legalActions(play([6]))).toEqual([ACCEPT, REJECT]);
    expect(rules.currentPlayer(play([6, REJECT]))).toBe(1);
    expect(rules.currentPlayer(play([6, REJECT, 4]))).toBe(0);
    expect(rules.currentPlayer(play([6, ACCEPT]))).toBe(TERMINAL);
    expect(() => rules.apply(play([]), 11)).toThrow(RangeError);
    expect(() => rules.apply(play([6]), 2)).toThrow(RangeError);
    expect(() => rules.apply(play([6, ACCEPT]), 3)).toThrow(RangeError);
  });

  it('keys information sets by the whole history, the same for both players', () => {
    expect(rules.informationStateKey(play([]), 0)).toBe('-');
    expect(rules.informationStateKey(play([6]), 1)).toBe('6');
    expect(rules.informationStateKey(play([10, REJECT]), 1)).toBe('10x');
    expect(rules.informationStateKey(play([6, REJECT, 4]), 0)).toBe('6x4');
    expect(rules.informationStateKey(play([6, REJECT, 4]), 1)).toBe('6x4');
    expect(rules.informationStateKey(play([6, REJECT, 4, ACCEPT]), 0)).toBe('6x4a');
  });

  it('rejects serialised states that break the rules', () => {
    for (const bad of [
      '{"moves":[11]}',
      '{"moves":[6,2]}',
      '{"moves":[6,0,4]}',
      '{"moves":[1,1,1,1,1,1,1,1,1]}',
      '{"moves":[1.5]}',
      '{"moves":[],"extra":1}',
    ])
      expect(() => rules.deserialize(bad), bad).toThrow(GameStateError);
    expect(rules.deserialize('{"moves":[6,1,4,0]}')).toEqual({ moves: [6, 1, 4, 0] });
  });

  it('refuses configs outside the schema', () => {
    expect(() => createBargaining({ pie: 0 })).toThrow(BargainingConfigError);
    expect(() => createBargaining({ discounts: [0.9, 1.2] })).toThrow(BargainingConfigError);
    expect(() => createBargaining({ horizon: 2.5 })).toThrow(BargainingConfigError);
    expect(() => createBargaining({ pies: 10 } as never)).toThrow(BargainingConfigError);
    expect(createBargaining({ id: 'bargaining-v', horizon: 6 }).rules.info.maxTurns).toBe(12);
  });

  it('reports agreement, undiscounted share and rounds played', () => {
    const s = play([6, REJECT, 4, ACCEPT]);
    expect(bargaining.episodeStats!(s, 0)).toEqual({ agreement: 1, share: 0.6, rounds: 2 });
    expect(bargaining.episodeStats!(s, 1)).toEqual({ agreement: 1, share: 0.4, rounds: 2 });
    expect(bargaining.episodeStats!(play([3, ACCEPT]), 1)).toEqual({ agreement: 1, share: 0.7, rounds: 1 });
  });
});

describe('bargaining text', () => {
  it('writes a short compact text with every legal move readable', () => {
    expect(text.observe(play([]), 0, 'compact')).toBe('barg P0 r1/4 pie10 d.9/.8 | moves [Offer: 0]..[Offer: 10]');
    expect(text.observe(play([6]), 1, 'compact')).toBe(
      'barg P1 r1/4 pie10 d.9/.8 | P0 keeps 6 | moves [Accept] [Reject]',
    );
    expect(text.observe(play([6, REJECT, 4, ACCEPT]), 1, 'compact')).toBe('barg P1 r2/4 pie10 d.9/.8 | deal P0 6 P1 4');
    expect(text.observe(play([1, 1, 1, 1, 1, 1, 1, 1]), 0, 'compact')).toBe('barg P0 r4/4 pie10 d.9/.8 | no deal');
    const rng = createRng(7);
    for (let g = 0; g < 200; g++)
      for (const s of randomPlayout(rules, rng)) {
        const actor = rules.currentPlayer(s);
        expect(text.observe(s, Math.max(actor, 0), 'compact').length).toBeLessThan(90);
      }
  });

  it('writes the rules, history, offer on the table and legal moves in full', () => {
    const obs = text.observe(play([6, REJECT, 4]), 0, 'full');
    expect(obs).toContain('split a pie of 10 units');
    expect(obs).toContain('0.9^(r-1) to you');
    expect(obs).toContain('0.8^(r-1) to Player 1');
    expect(obs).toContain('[Player 0] [Offer: 6]\n[Player 1] [Reject]\n[Player 1] [Offer: 4]');
    expect(obs).toContain('offers you 6 of 10 units, worth 0.54 to you if you accept now');
    expect(obs).toContain('[GAME] Your available actions are: [Accept], [Reject]');
    expect(obs).toContain('\\boxed{}');
    const opening = text.observe(play([]), 0, 'full');
    expect(opening).toContain('[Offer: 0], [Offer: 1], [Offer: 2]');
    expect(opening).toContain('[Offer: 10]');
    expect(text.observe(play([6, ACCEPT]), 1, 'full')).toContain('Payoffs: Player 0 0.6, Player 1 0.4.');
  });

  it('reads offers and answers in both modes', () => {
    const open = play([]);
    expect(text.parse(open, '\\boxed{[Offer: 7]}', { answers: 'strict' })).toEqual({ ok: true, action: 7 });
    expect(text.parse(open, 'Offer: 7', { answers: 'strict' })).toEqual({ ok: true, action: 7 });
    expect(text.parse(open, 'I think [Offer: 10] is greedy, so [ Offer: 8 ]')).toEqual({ ok: true, action: 8 });
    expect(text.parse(open, '[Offer: 11]')).toMatchObject({ ok: false });
    expect(text.parse(open, '[Accept]')).toMatchObject({ ok: false });
    const facing = play([6]);
    expect(text.parse(facing, '\\boxed{Accept}', { answers: 'strict' })).toEqual({ ok: true, action: ACCEPT });
    expect(text.parse(facing, 'No way. [Reject]')).toEqual({ ok: true, action: REJECT });
    expect(text.parse(facing, '[Offer: 6]')).toMatchObject({ ok: false });
    expect(text.parse(play([6, ACCEPT]), '[Accept]')).toMatchObject({ ok: false });
  });
});

describe('bargaining equilibrium (backward induction)', () => {
  let tree: GameTree | undefined;
  const defaultTree = () => (tree ??= buildTree(rules));
  const small = (horizon: number, pie = 10) =>
    createBargaining({ id: `bargaining-h${horizon}`, pie, horizon, discounts: [0.9, 0.8] }).rules;

  it('gives the last proposer the whole pie (horizon 1)', () => {
    const s = solveBargaining(small(1));
    expect(s.split).toEqual([10, 0]);
    expect(s.values).toEqual([1, 0]);
  });

  it('solves horizon 2 by hand: P1 would keep all in round 1, worth 0.8, so P0 keeps 2 (tie accepted)', () => {
    const s = solveBargaining(small(2));
    expect(s.rounds.map((r) => r.offer)).toEqual([2, 10]);
    expect(s.split).toEqual([2, 8]);
    expect(s.values[0]).toBeCloseTo(0.2, 12);
    expect(s.values[1]).toBeCloseTo(0.8, 12);
  });

  it('solves horizon 3 by hand: 10 → keep 1 (P0 needs 0.81 = 9/10 × 0.9) → keep 9', () => {
    const s = solveBargaining(small(3));
    expect(s.rounds.map((r) => r.offer)).toEqual([9, 1, 10]);
    expect(s.split).toEqual([9, 1]);
    expect(s.values[0]).toBeCloseTo(0.9, 12);
    expect(s.values[1]).toBeCloseTo(0.1, 12);
  });

  it('solves the default game: P0 keeps 3 of 10, values 0.3 and 0.7', () => {
    // Round 3: P1 keeps 10 (0.512). Round 2: P1 needs 8 units (0.8 × 0.64 = 0.512, a tie) → P0 keeps 2.
    // Round 1: P0 needs 0.2 × 0.81 = 0.162 → 2 units (0.18) → P1 keeps 8. Round 0: P1 needs 0.64 → 7 units.
    const s = solveBargaining(rules);
    expect(s.rounds.map((r) => r.offer)).toEqual([3, 8, 2, 10]);
    expect(s.rounds.map((r) => r.acceptUpTo)).toEqual([3, 8, 2, 10]);
    expect(s.split).toEqual([3, 7]);
    expect(s.share).toBe(0.3);
    expect(s.values[0]).toBeCloseTo(0.3, 12);
    expect(s.values[1]).toBeCloseTo(0.7, 12);
  });

  it('is a Nash equilibrium (NashConv 0) and uniform play is not', () => {
    for (const game of [small(1, 4), small(2, 5), small(3, 6), rules]) {
      const tree = game === rules ? defaultTree() : buildTree(game);
      const eq = bargainingEquilibrium(game);
      expect(eq.policy.rows.size).toBe(tree.infosets.count);
      const report = nashConv({ tree, policy: eq.policy });
      expect(report.nashConv, game.info.id).toBeLessThan(1e-12);
      expect(report.onPolicyValues[0]).toBeCloseTo(eq.values[0], 12);
      expect(report.onPolicyValues[1]).toBeCloseTo(eq.values[1], 12);
      expect(nashConv({ tree, policy: uniformPolicy(game.info.id) }).nashConv, game.info.id).toBeGreaterThan(0.1);
    }
  });

  it("reports uniform play's exact exploitability", () => {
    const exact = nashConv({ tree: defaultTree(), policy: uniformPolicy('bargaining') }).exploitability;
    expect(bargaining.report?.uniformExploitability?.value).toBeCloseTo(exact, 12);
  });

  it('approaches the continuous Rubinstein shares as the pie and the horizon grow', () => {
    expect(rubinsteinShare([0.9, 0.8])).toBeCloseTo(5 / 7, 12);
    expect(rubinsteinShare([0.9, 0.8], 1)).toBe(1);
    expect(rubinsteinShare([0.9, 0.8], 2)).toBeCloseTo(0.2, 12);
    expect(rubinsteinShare([0.9, 0.8], 4)).toBeCloseTo(0.344, 12);
    expect(rubinsteinShare([0.9, 0.9])).toBeCloseTo(1 / 1.9, 12);
    for (const horizon of [2, 3, 4, 7, 12, 40]) {
      const fine = createBargaining({ id: 'bargaining-fine', pie: 1000, horizon, discounts: [0.9, 0.8] }).rules;
      expect(Math.abs(solveBargaining(fine).share - rubinsteinShare([0.9, 0.8], horizon))).toBeLessThanOrEqual(
        horizon / 1000,
      );
    }
    expect(Math.abs(rubinsteinShare([0.9, 0.8], 60) - 5 / 7)).toBeLessThan(1e-3);
    expect(() => rubinsteinShare([0.9, 0.8], 0)).toThrow(RangeError);
  });

  it('refuses a policy table too large to build', () => {
    const big = createBargaining({ id: 'bargaining-big', pie: 100, horizon: 10 }).rules;
    expect(() => bargainingEquilibrium(big)).toThrow(RangeError);
    expect(solveBargaining(big).split[0]).toBeGreaterThan(0);
  });
});
