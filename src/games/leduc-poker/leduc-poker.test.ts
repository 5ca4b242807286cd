import { describe, expect, it } from 'vitest';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { leducPoker } from './index.ts';
import { CALL, FOLD, type LeducState, leducRules, RAISE } from './rules.ts';

runGameConformance(leducPoker);

/** Deals [p0, p1] private cards, plays `round1`, then (if given) deals `pub` and plays `round2`. */
function play(options: { cards: [number, number]; round1: number[]; pub?: number; round2?: number[] }): LeducState {
  let s = leducRules.initialState();
  for (const c of options.cards) s = leducRules.apply(s, c);
  for (const a of options.round1) s = leducRules.apply(s, a);
  if (options.pub !== undefined) s = leducRules.apply(s, options.pub);
  for (const a of options.round2 ?? []) s = leducRules.apply(s, a);
  return s;
}

describe('leduc-poker tree (OpenSpiel sizes, research/games.md §2.2)', () => {
  it('has 9,457 histories (157 chance, 3,780 decision, 5,520 terminal) and 936 information sets', () => {
    const counts = { chance: 0, decision: 0, terminal: 0 };
    const infosets = new Set<string>();
    const walk = (s: LeducState): void => {
      const actor = leducRules.currentPlayer(s);
      if (actor === TERMINAL) {
        counts.terminal++;
        const [r0 = 0, r1 = 0] = leducRules.returns(s);
        expect(r0 + r1).toBe(0);
        return;
      }
      if (actor === CHANCE) {
        counts.chance++;
        for (const o of leducRules.chanceOutcomes(s)) walk(leducRules.apply(s, o.action));
        return;
      }
      counts.decision++;
      infosets.add(leducRules.informationStateKey(s, actor));
      for (const a of leducRules.legalActions(s)) walk(leducRules.apply(s, a));
    };
    walk(leducRules.initialState());
    expect(counts).toEqual({ chance: 157, decision: 3780, terminal: 5520 });
    expect(counts.chance + counts.decision + counts.terminal).toBe(9457);
    expect(infosets.size).toBe(936);
  });
});

describe('leduc-poker rules (OpenSpiel semantics)', () => {
  it('pays a pair with the public card after raises in both rounds', () => {
    // P0 J vs P1 K; round 1 raise-call (3 each); public J pairs P0; round 2 raise, re-raise, call (11 each).
    const s = play({ cards: [0, 4], round1: [RAISE, CALL], pub: 1, round2: [RAISE, RAISE, CALL] });
    expect(leducRules.currentPlayer(s)).toBe(TERMINAL);
    expect(leducRules.returns(s)).toEqual([11, -11]);
  });

  it('pays the higher private card when nobody pairs', () => {
    // P0 K vs P1 Q, public J; check-raise-call (3 each), then check-check.
    const s = play({ cards: [4, 2], round1: [CALL, RAISE, CALL], pub: 0, round2: [CALL, CALL] });
    expect(leducRules.returns(s)).toEqual([3, -3]);
  });

  it('gives the pot to the other player on a fold, whatever the cards', () => {
    // P0 holds the best card yet folds to a raise: loses only the ante.
    expect(leducRules.returns(play({ cards: [5, 0], round1: [CALL, RAISE, FOLD] }))).toEqual([-1, 1]);
    // Round 2: P0 raises 4, P1 folds and loses its ante plus the round-1 raise it called.
    const s = play({ cards: [0, 2], round1: [RAISE, CALL], pub: 4, round2: [RAISE, FOLD] });
    expect(leducRules.returns(s)).toEqual([3, -3]);
  });

  it('splits the pot on equal ranks', () => {
    const s = play({ cards: [2, 3], round1: [CALL, CALL], pub: 4, round2: [RAISE, CALL] });
    expect(leducRules.currentPlayer(s)).toBe(TERMINAL);
    expect(leducRules.returns(s)).toEqual([0, 0]);
  });

  it('allows fold only when facing a bet', () => {
    const open = play({ cards: [0, 1], round1: [] });
    expect(leducRules.legalActions(open)).toEqual([CALL, RAISE]);
    expect(() => leducRules.apply(open, FOLD)).toThrow(/not legal/);
    expect(leducRules.legalActions(play({ cards: [0, 1], round1: [CALL] }))).toEqual([CALL, RAISE]);
    expect(leducRules.legalActions(play({ cards: [0, 1], round1: [RAISE] }))).toEqual([FOLD, CALL, RAISE]);
    // Round 2 opens with nothing owed again.
    expect(leducRules.legalActions(play({ cards: [0, 1], round1: [RAISE, CALL], pub: 2 }))).toEqual([CALL, RAISE]);
  });

  it('caps each round at two raises', () => {
    expect(leducRules.legalActions(play({ cards: [0, 1], round1: [RAISE, RAISE] }))).toEqual([FOLD, CALL]);
    expect(leducRules.legalActions(play({ cards: [0, 1], round1: [CALL, RAISE, RAISE] }))).toEqual([FOLD, CALL]);
    const r2 = play({ cards: [0, 1], round1: [RAISE, RAISE, CALL], pub: 2, round2: [RAISE, RAISE] });
    expect(leducRules.legalActions(r2)).toEqual([FOLD, CALL]);
    expect(() => leducRules.apply(r2, RAISE)).toThrow(/not legal/);
    // The cap is per round: round 2 may raise again after two raises in round 1.
    const fresh = play({ cards: [0, 1], round1: [RAISE, RAISE, CALL], pub: 2 });
    expect(leducRules.legalActions(fresh)).toEqual([CALL, RAISE]);
  });

  it('deals the public card only after round 1 closes, from the four unseen cards', () => {
    const s = play({ cards: [0, 3], round1: [CALL, CALL] });
    expect(leducRules.currentPlayer(s)).toBe(CHANCE);
    expect(leducRules.chanceOutcomes(s).map((o) => o.action)).toEqual([1, 2, 4, 5]);
    expect(leducRules.chanceOutcomes(s)[0]?.probability).toBeCloseTo(0.25, 12);
  });

  it('keys information sets by player, own card, public card and both rounds of betting', () => {
    const s = play({ cards: [1, 4], round1: [CALL, RAISE, CALL], pub: 2, round2: [RAISE] });
    expect(leducRules.informationStateKey(s, 0)).toBe('0:1:crc:2:r');
    expect(leducRules.informationStateKey(s, 1)).toBe('1:4:crc:2:r');
    expect(leducRules.informationStateKey(play({ cards: [1, 4], round1: [] }), 0)).toBe('0:1:');
    // Player 1 cannot tell player 0's card.
    const other = play({ cards: [5, 4], round1: [CALL, RAISE, CALL], pub: 2, round2: [RAISE] });
    expect(leducRules.informationStateKey(other, 1)).toBe(leducRules.informationStateKey(s, 1));
  });

  it('rejects state text that no play reaches', () => {
    expect(() => leducRules.deserialize('{"cards":[0,0],"rounds":[[],[]]}')).toThrow(/reachable/);
    expect(() => leducRules.deserialize('{"cards":[0,1,2],"rounds":[[1],[]]}')).toThrow(/order/);
    expect(() => leducRules.deserialize('{"cards":[0,1],"rounds":[[0],[]]}')).toThrow(/reachable/);
  });
});

describe('leduc-poker text', () => {
  it('names call as check when nothing is owed, and shows the public card and outcome', () => {
    const open = play({ cards: [2, 5], round1: [] });
    expect(leducPoker.text.actionString(open, CALL)).toBe('[check]');
    const facing = play({ cards: [2, 5], round1: [RAISE] });
    expect(leducPoker.text.actionString(facing, CALL)).toBe('[call]');
    expect(leducPoker.text.parse(facing, 'I call. \\boxed{[call]}')).toEqual({ ok: true, action: CALL });
    expect(leducPoker.text.parse(open, '[fold]')).toMatchObject({ ok: false });

    const mid = play({ cards: [2, 5], round1: [RAISE, CALL], pub: 4 });
    const obs = leducPoker.text.observe(mid, 0, 'full');
    expect(obs).toContain('[GAME] Your card is: Q');
    expect(obs).toContain('[Player 0] [raise]\n[Player 1] [call]');
    expect(obs).toContain('The public card is: K');
    expect(obs).toContain('[GAME] Your available actions are: [check], [raise]');
    expect(obs).not.toMatch(/Player 1 had/);
    expect(leducPoker.text.observe(mid, 0, 'compact')).toBe(
      'leduc P0 card Q | P0[raise] P1[call] | public K | - | pot 6 yours 3 | moves [check] [raise]',
    );

    const end = leducRules.apply(leducRules.apply(mid, CALL), CALL);
    expect(leducPoker.text.observe(end, 1, 'full')).toContain(
      'Showdown: Player 0 had Q, Player 1 had K, public card K. Player 1 pairs the public card and wins 3 chip(s).',
    );
    expect(leducPoker.text.observe(end, 1, 'compact')).toContain('showdown Q K K: P1 +3');
  });
});
