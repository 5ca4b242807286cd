import { describe, expect, it } from 'vitest';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { BET, PASS } from '../kuhn-poker/rules.ts';
import { createKuhnPokerRounds, kuhnPokerRounds } from './index.ts';
import { chipTotals, type KuhnRoundsState, kuhnRoundsRules } from './rules.ts';

runGameConformance(kuhnPokerRounds);

const J = 0;
const Q = 1;
const K = 2;
const rules = kuhnRoundsRules;

/** One scripted hand: the starter's card, the other player's card, then the bets in order of play. */
interface ScriptedHand {
  readonly starterCard: number;
  readonly otherCard: number;
  readonly bets: readonly number[];
}

/** Plays hands in order, returning the state after each finished hand. */
function playHands(hands: readonly ScriptedHand[], start: KuhnRoundsState = rules.initialState()): KuhnRoundsState[] {
  const after: KuhnRoundsState[] = [];
  let s = start;
  for (const hand of hands) {
    for (const move of [hand.starterCard, hand.otherCard, ...hand.bets]) s = rules.apply(s, move);
    after.push(s);
  }
  return after;
}

// Hands 1, 3, 5 are started by player 1; hands 2, 4 by player 0.
const levelMatch: ScriptedHand[] = [
  { starterCard: K, otherCard: Q, bets: [BET, BET] }, // P1 K bets, P0 Q calls: P1 +2
  { starterCard: J, otherCard: Q, bets: [BET, PASS] }, // P0 J bets, P1 folds: P0 +1
  { starterCard: J, otherCard: K, bets: [PASS, PASS] }, // P1 J, P0 K check it down: P0 +1
  { starterCard: Q, otherCard: K, bets: [PASS, BET, PASS] }, // P0 Q checks, P1 bets, P0 folds: P1 +1
  { starterCard: Q, otherCard: K, bets: [PASS, PASS] }, // P1 Q, P0 K check it down: P0 +1
];

describe('kuhn-poker-rounds match rules', () => {
  it('moves chips as real Kuhn hands do (bets and calls grow the pot)', () => {
    const totals = playHands(levelMatch).map((s) => chipTotals(s));
    expect(totals).toEqual([
      [-2, 2],
      [-1, 1],
      [0, 0],
      [-1, 1],
      [0, 0],
    ]);
    const end = playHands(levelMatch)[4]!;
    expect(rules.currentPlayer(end)).toBe(TERMINAL);
    // Player 0 won the last hand, but chips are level: a draw, not a win for the last hand's winner.
    expect(rules.returns(end)).toEqual([0, 0]);
    expect(rules.turnCount(end)).toBe(11);
  });

  it('decides the match by total chips, not by the last hand', () => {
    const end = playHands([
      { starterCard: J, otherCard: K, bets: [BET, BET] }, // P0 +2
      { starterCard: K, otherCard: Q, bets: [BET, BET] }, // P0 +2
      { starterCard: Q, otherCard: K, bets: [PASS, PASS] }, // P0 +1
      { starterCard: K, otherCard: J, bets: [PASS, PASS] }, // P0 +1
      { starterCard: K, otherCard: J, bets: [BET, PASS] }, // P1 bets, P0 folds: P1 +1
    ])[4]!;
    expect(chipTotals(end)).toEqual([5, -5]);
    expect(rules.returns(end)).toEqual([1, -1]);
    // And the other way round: player 0 wins the last hand (and the most in it) yet loses the match.
    const lost = playHands([
      { starterCard: K, otherCard: J, bets: [BET, BET] }, // P1 +2
      { starterCard: J, otherCard: K, bets: [PASS, PASS] }, // P1 +1
      { starterCard: J, otherCard: K, bets: [BET, PASS] }, // P1 bluffs, P0 folds: P1 +1
      { starterCard: K, otherCard: Q, bets: [PASS, PASS] }, // P0 +1
      { starterCard: Q, otherCard: K, bets: [PASS, BET, BET] }, // P0 +2
    ])[4]!;
    expect(chipTotals(lost)).toEqual([-1, 1]);
    expect(rules.returns(lost)).toEqual([-1, 1]);
  });

  it('starts hand 1 with player 1 and alternates the starter', () => {
    const starters: number[] = [];
    let s = rules.initialState();
    for (const hand of levelMatch) {
      expect(rules.currentPlayer(s)).toBe(CHANCE);
      s = rules.apply(rules.apply(s, hand.starterCard), hand.otherCard);
      starters.push(rules.currentPlayer(s));
      for (const b of hand.bets) s = rules.apply(s, b);
    }
    expect(starters).toEqual([1, 0, 1, 0, 1]);
  });

  it('deals each hand from a fresh deck as chance nodes', () => {
    const [afterFirst] = playHands(levelMatch.slice(0, 1));
    const outcomes = rules.chanceOutcomes(afterFirst!);
    expect(outcomes.map((o) => o.action)).toEqual([J, Q, K]);
    expect(outcomes[0]?.probability).toBeCloseTo(1 / 3, 12);
    expect(() => rules.apply(playHands(levelMatch)[4]!, J)).toThrow(/match is over/);
  });

  it("shows an opponent's card only after a showdown, never after a fold", () => {
    const [, afterFold] = playHands(levelMatch.slice(0, 2));
    // Hand 1 went to showdown (P1 showed K); in hand 2 P1 folded, so P0 never saw P1's card.
    expect(rules.informationStateKey(afterFold!, 0)).toBe('0|1bb:2|0bp');
    expect(rules.informationStateKey(afterFold!, 1)).toBe('1|2bb:1|1bp');
    const otherFoldedCard = playHands([levelMatch[0]!, { starterCard: J, otherCard: K, bets: [BET, PASS] }]);
    expect(rules.informationStateKey(otherFoldedCard[1]!, 0)).toBe('0|1bb:2|0bp');
    expect(kuhnPokerRounds.text.observe(afterFold!, 0, 'full')).not.toMatch(/Player 1 had Q/);
    expect(kuhnPokerRounds.text.observe(afterFold!, 0, 'full')).toContain('Player 1 had K');
  });

  it('takes a number of hands; other counts carry their own id', () => {
    const one = createKuhnPokerRounds({ rounds: 1 });
    expect(one.rules.info.id).toBe('kuhn-poker-rounds-1');
    expect(one.rules.info.maxTurns).toBe(3);
    expect(kuhnPokerRounds.rules.info.maxTurns).toBe(15);
    const [end] = playHands([{ starterCard: J, otherCard: Q, bets: [BET, BET] }], one.rules.initialState());
    expect(one.rules.currentPlayer(end!)).toBe(TERMINAL);
    expect(one.rules.returns(end!)).toEqual([1, -1]);
    expect(() => createKuhnPokerRounds({ rounds: 0 })).toThrow(/rounds must be/);
  });

  it('rejects state text that no play reaches', () => {
    expect(() => rules.deserialize('{"hands":[{"cards":[1,1],"bets":[]}]}')).toThrow(/reachable/);
    expect(() => rules.deserialize('{"hands":[{"cards":[0],"bets":[]},{"cards":[1],"bets":[]}]}')).toThrow(/finished/);
  });
});

describe('kuhn-poker-rounds text', () => {
  it('follows the SPIRAL layout with chip counts', () => {
    let s = playHands(levelMatch.slice(0, 1))[0]!;
    s = rules.apply(rules.apply(s, J), Q);
    const obs = kuhnPokerRounds.text.observe(s, 0, 'full');
    expect(obs).toContain(
      '[GAME] Starting round 1 out of 5 rounds.\nYour card is: Q\n[Player 1] [bet]\n[Player 0] [call]',
    );
    expect(obs).toContain('[GAME] Showdown: Player 0 had Q, Player 1 had K. Player 1 takes the pot of 4 chips (+2).');
    expect(obs).toContain('[GAME] Chips won so far: Player 0 -2, Player 1 +2.');
    expect(obs).toContain('[GAME] Starting round 2 out of 5 rounds.\nYour card is: J');
    expect(obs.endsWith('[GAME] Your available actions are: [check], [bet]')).toBe(true);
    expect(kuhnPokerRounds.text.observe(s, 0, 'compact')).toBe(
      'kuhn-match P0 2/5 chips -2:+2 | h1 Q: P1[bet] P0[call], opp shows K, P1 +2 | h2 J: - | moves [check] [bet]',
    );
    const end = playHands(levelMatch)[4]!;
    expect(kuhnPokerRounds.text.observe(end, 1, 'full')).toContain('the match is a draw');
    expect(kuhnPokerRounds.text.observe(end, 1, 'compact').endsWith('| draw')).toBe(true);
  });
});
