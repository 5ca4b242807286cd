import { describe, expect, it } from 'vitest';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { GameStateError } from '../state-json.ts';
import { type NegotiationGame, negotiationMetrics, simpleNegotiation, simpleNegotiation5 } from './index.ts';
import type { NegotiationState } from './types.ts';

runGameConformance(simpleNegotiation);
runGameConformance(simpleNegotiation5, { playouts: 100 });

/** Plays each answer through the text layer, failing loudly if one is not a valid move. */
function talk(game: NegotiationGame, answers: string[], start: NegotiationState = game.rules.initialState()) {
  let state = start;
  for (const answer of answers) {
    const parsed = game.text.parse(state, answer);
    if (!parsed.ok) throw new Error(`"${answer}" was rejected: ${parsed.reason}`);
    state = game.rules.apply(state, parsed.action);
  }
  return state;
}

function inventories(game: NegotiationGame, state: NegotiationState): string {
  return (
    game.text
      .observe(state, state.moves.length % 2, 'compact')
      .split(' | now ')[1]
      ?.split(' | turn')[0] ?? ''
  );
}

const { rules, text } = simpleNegotiation;

describe('simple-negotiation rules (SPIRAL code version)', () => {
  it('starts both players with 10 Wood and 10 Gold, valued oppositely, with no chance', () => {
    const s = rules.initialState();
    expect(rules.currentPlayer(s)).toBe(0);
    expect(rules.info).toMatchObject({ chance: false, perfectInformation: true, actionSpace: 'open', maxTurns: 10 });
    expect(text.observe(s, 0, 'compact')).toBe(
      'neg P0 | start Wood 10@5 Gold 10@15 | now Wood 10@5 Gold 10@15 | turn 1/10',
    );
    expect(text.observe(s, 1, 'full')).toMatch(/\[Wood\] +Qty: 10 +Value: 15\n {2}\+ \[Gold\] +Qty: 10 +Value: 5/);
  });

  it('executes an accepted offer and scores the larger gain as the win (research/spiral.md §4.3 example)', () => {
    const traded = talk(simpleNegotiation, ["I'd like more gold. [Offer: 4 Wood -> 2 Gold]", 'Deal! [Accept]']);
    expect(inventories(simpleNegotiation, traded)).toBe('Wood 6@5 Gold 12@15');
    const end = talk(simpleNegotiation, Array(8).fill('Nothing more from me.'), traded);
    expect(rules.currentPlayer(end)).toBe(TERMINAL);
    // P0: −4·5 + 2·15 = +10; P1: +4·15 − 2·5 = +50 ⇒ P1 wins.
    expect(rules.returns(end)).toEqual([-1, 1]);
    expect(negotiationMetrics(rules, end)).toEqual({
      trades: 1,
      traded: true,
      offers: 1,
      acceptanceRate: 1,
      valueChange: [10, 50],
      jointSurplus: 60,
    });
    expect(text.observe(end, 0, 'full')).toContain('Value gained: Player 0 +10, Player 1 +50. Player 1 wins.');
  });

  it('draws when nobody trades, and lets nobody move after turn 10', () => {
    const end = talk(simpleNegotiation, Array(10).fill('Hello.'));
    expect(rules.returns(end)).toEqual([0, 0]);
    expect(negotiationMetrics(rules, end)).toMatchObject({ trades: 0, traded: false, acceptanceRate: null });
    expect(rules.legalActions(end)).toEqual([]);
    expect(text.parse(end, 'Hello.')).toMatchObject({ ok: false });
    expect(() => rules.apply(end, { kind: 'move', message: 'late' })).toThrow(/over/);
  });

  it('keeps an offer open until the recipient answers it: denied or countered offers cannot be accepted later', () => {
    const offered = talk(simpleNegotiation, ['[Offer: 1 Wood -> 1 Gold]']);
    const denied = talk(simpleNegotiation, ['No thanks [Deny]'], offered);
    expect(denied.moves[1]).toMatchObject({ reply: 'deny' });
    expect(text.observe(denied, 0, 'full')).toContain('[GAME] Player 1 denied the offer from Player 0.');
    expect(rules.view(denied).pending).toBeNull();
    const countered = talk(simpleNegotiation, ['[Offer: 1 Wood -> 3 Gold]'], offered);
    expect(text.observe(countered, 0, 'full')).toContain('by making a counter-offer');
    expect(text.parse(countered, '[Accept]')).toEqual({
      ok: true,
      action: { kind: 'move', message: '[Accept]', reply: 'accept' },
    });
    // Player 1 cannot accept their own counter-offer on their next turn: a rule violation, not an unreadable answer.
    const later = talk(simpleNegotiation, ['Hmm.'], countered);
    expect(text.parse(later, '[Accept]')).toMatchObject({ ok: false, cause: 'rule', reason: /your own offer/ });
  });

  it('rejects accepting what you cannot pay, offering what you do not hold, and malformed offers', () => {
    const greedy = talk(simpleNegotiation, ['[Offer: 1 Wood -> 11 Gold]']);
    expect(text.parse(greedy, '[Accept]')).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot accept/) });
    expect(rules.legalActions(greedy).map((a) => text.actionString(greedy, a))).not.toContain('[Accept]');
    const s = rules.initialState();
    expect(text.parse(s, '[Offer: 11 Wood -> 1 Gold]')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/do not have/),
    });
    for (const bad of [
      '[Offer: 3 Wood 2 Gold]',
      '[Offer: 3 Stone -> 1 Gold]',
      '[Offer: -> 2 Gold]',
      '[Offer: 0 Wood -> 1 Gold]',
      '[Offer: 1 Wood -> 1 Gold -> 1 Wood]',
      '[Offer: three Wood -> 1 Gold]',
      '[Offer: 99999999999999999999 Wood -> 1 Gold]',
    ]) {
      expect(text.parse(s, bad)).toMatchObject({
        ok: false,
        cause: 'rule',
        reason: expect.stringMatching(/malformed/),
      });
    }
    expect(() => rules.apply(s, { kind: 'move', message: 'x', reply: 'accept' })).toThrow(RangeError);
  });

  it('lists canonical moves: accept/deny only when an offer is open, talk, and affordable small offers', () => {
    const strings = (s: NegotiationState) => rules.legalActions(s).map((a) => text.actionString(s, a));
    const first = strings(rules.initialState());
    expect(first.slice(0, 2)).toEqual(["I'm open to negotiation.", '[Offer: 1 Wood -> 1 Gold]']);
    expect(first).toHaveLength(1 + 2 * 9);
    expect(first).toContain('[Offer: 3 Gold -> 3 Wood]');
    const offered = talk(simpleNegotiation, ['[Offer: 2 Gold -> 1 Wood]']);
    expect(strings(offered).slice(0, 3)).toEqual(['[Accept]', '[Deny]', "I'm open to negotiation."]);
    // After giving away all its Wood, player 0 can no longer offer Wood.
    const broke = talk(simpleNegotiation, ['[Offer: 10 Wood -> 1 Gold]', '[Accept]']);
    expect(strings(broke).filter((m) => m.startsWith('[Offer: 1 Wood') || m.startsWith('[Offer: 3 Wood'))).toEqual([]);
    expect(strings(broke)).toHaveLength(1 + 9);
  });

  it('reads tokens inside free text: plurals, several resources, "I give", case, boxed answers', () => {
    const s = rules.initialState();
    expect(text.parse(s, 'Hi! [offer: I give 2 woods and 1 gold -> 3 Golds.] Think about it.')).toEqual({
      ok: true,
      action: {
        kind: 'move',
        message: 'Hi! [offer: I give 2 woods and 1 gold -> 3 Golds.] Think about it.',
        offer: { give: [2, 1], get: [0, 3] },
      },
    });
    // SPIRAL's pattern needs the colon: without it the token is talk.
    expect(text.parse(s, '[Offer 1 Wood -> 1 Gold]')).toEqual({
      ok: true,
      action: { kind: 'move', message: '[Offer 1 Wood -> 1 Gold]' },
    });
    expect(text.parse(s, 'Plain [Offer] mention with [Deny] and nothing pending')).toEqual({
      ok: true,
      action: { kind: 'move', message: 'Plain [Offer] mention with [Deny] and nothing pending' },
    });
    const offered = talk(simpleNegotiation, ['[Offer: 4 Wood -> 2 Gold]']);
    expect(text.parse(offered, 'Long reasoning...\n\\boxed{Fine. [accept]}')).toEqual({
      ok: true,
      action: { kind: 'move', message: 'Fine. [accept]', reply: 'accept' },
    });
    // Accepting first means what you may offer next counts the goods you just received.
    expect(text.parse(offered, '[Offer: 12 Wood -> 1 Gold]')).toMatchObject({ ok: false });
    expect(text.parse(offered, '[Accept] [Offer: 12 Wood -> 1 Gold]')).toMatchObject({ ok: true });
    expect(text.parse(s, '   ')).toMatchObject({ ok: false });
  });

  it('shows the chat and game lines in the full observation, and refuses inconsistent saved states', () => {
    const s = talk(simpleNegotiation, ["I'd like more gold. [Offer: 3 Wood -> 2 Gold]"]);
    const obs = text.observe(s, 1, 'full');
    expect(obs).toContain("[Player 0] I'd like more gold. [Offer: 3 Wood -> 2 Gold]");
    expect(obs).toContain('[GAME] Player 0 offers Player 1: 3 Wood -> 2 Gold.');
    expect(obs).toContain("[GAME] Player 0's offer to you is open: you may [Accept] it, [Deny] it or counter it.");
    const bad = JSON.stringify({ draws: [], moves: [{ kind: 'move', message: '[Accept]', reply: 'accept' }] });
    expect(() => rules.deserialize(bad)).toThrow(GameStateError);
  });
});

describe('simple-negotiation-5 (TextArena 5-resource version)', () => {
  const r5 = simpleNegotiation5.rules;

  it('draws 20 setup numbers at explicit, uniform chance nodes with the TextArena ranges', () => {
    let s = r5.initialState();
    const ranges: [number, number][] = [];
    while (r5.currentPlayer(s) === CHANCE) {
      const outcomes = r5.chanceOutcomes(s);
      const values = outcomes.map((o) => (o.action.kind === 'draw' ? o.action.value : Number.NaN));
      for (const o of outcomes) expect(o.probability).toBeCloseTo(1 / outcomes.length, 12);
      ranges.push([Math.min(...values), Math.max(...values)]);
      s = r5.apply(s, outcomes[outcomes.length - 1]!.action);
    }
    // Quantities 5–25 for both players, then values base ± 20 % clipped to 5..40 for Wheat/Wood/Sheep/Brick/Ore.
    const valueRanges = [
      [5, 6],
      [8, 12],
      [12, 18],
      [20, 30],
      [32, 40],
    ];
    expect(ranges).toEqual([...Array(10).fill([5, 25]), ...valueRanges, ...valueRanges]);
    expect(r5.currentPlayer(s)).toBe(0);
    expect(simpleNegotiation5.text.observe(s, 1, 'compact')).toBe(
      'neg P1 | start Wheat 25@6 Wood 25@12 Sheep 25@18 Brick 25@30 Ore 25@40 | now Wheat 25@6 Wood 25@12 Sheep 25@18 Brick 25@30 Ore 25@40 | turn 1/10',
    );
  });

  it("keeps each player's draws private in the information-state key", () => {
    const setup = (draws: number[]) => ({ draws, moves: [] });
    const base = [...Array(10).fill(10), 5, 10, 15, 25, 40, 5, 10, 15, 25, 40];
    const otherP1 = [...base];
    otherP1[5] = 20; // player 1's Wheat quantity
    expect(r5.informationStateKey(setup(base), 0)).toBe(r5.informationStateKey(setup(otherP1), 0));
    expect(r5.informationStateKey(setup(base), 1)).not.toBe(r5.informationStateKey(setup(otherP1), 1));
    expect(r5.info).toMatchObject({ chance: true, perfectInformation: false });
    const s = talk(simpleNegotiation5, ['[Offer: 2 Ore, 1 Sheep -> 5 Wheat]'], setup(base));
    expect(s.moves[0]?.offer).toEqual({ give: [0, 0, 1, 0, 2], get: [5, 0, 0, 0, 0] });
    expect(() => r5.apply(setup([]), { kind: 'draw', value: 30 })).toThrow(RangeError);
  });
});
