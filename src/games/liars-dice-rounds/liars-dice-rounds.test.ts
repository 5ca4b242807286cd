import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equilibriumPolicy, measurePolicy, TreeBuildError, uniformPolicy } from '../../solvers/index.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { answerModes } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { randomPlayout } from '../playout.ts';
import { GameStateError } from '../state-json.ts';
import { moveString } from './actions.ts';
import {
  bidId,
  createLiarsDiceRoundsGame,
  decisionBound,
  type LiarsDiceRoundsGame,
  type LiarsDiceRoundsState,
  liarsDiceRounds,
} from './index.ts';
import { compactBidWindow } from './text.ts';

runGameConformance(liarsDiceRounds, { playouts: 100 });

const twoDice = createLiarsDiceRoundsGame({
  id: 'liars-dice-rounds-2',
  title: "Liar's Dice, 2 dice each",
  dicePerPlayer: 2,
});
runGameConformance(twoDice, { playouts: 100, fuzzRuns: 1_000 });

const bid = (quantity: number, face: number) => bidId({ quantity, face });

/** Rolls the listed faces (player 0's dice, then player 1's) at the chance nodes ahead. */
function roll(game: LiarsDiceRoundsGame, state: LiarsDiceRoundsState, faces: number[]): LiarsDiceRoundsState {
  let s = state;
  for (const face of faces) {
    expect(game.rules.currentPlayer(s)).toBe(CHANCE);
    s = game.rules.apply(s, face - 1);
  }
  expect(game.rules.currentPlayer(s)).toBeGreaterThanOrEqual(0);
  return s;
}

/** Plays each answer through the text layer, failing loudly if one is not a legal move. */
function say(game: LiarsDiceRoundsGame, state: LiarsDiceRoundsState, answers: string[]): LiarsDiceRoundsState {
  let s = state;
  for (const answer of answers) {
    const parsed = game.text.parse(s, answer, { answers: 'strict' });
    if (!parsed.ok) throw new Error(`"${answer}" was rejected: ${parsed.reason}`);
    s = game.rules.apply(s, parsed.action);
  }
  return s;
}

const { rules, text } = liarsDiceRounds;
const CALL = rules.call;

describe('liars-dice-rounds rules (SPIRAL LiarsDice-v1, research/spiral.md §4.4)', () => {
  it('declares two-player zero-sum imperfect information with chance, finite moves and an exact turn bound', () => {
    expect(rules.info).toMatchObject({
      players: 2,
      zeroSum: true,
      perfectInformation: false,
      chance: true,
      actionSpace: 'finite',
      winDrawLoss: true,
      maxTurns: 333,
    });
    // One die each: one round of at most 12 bids and a call, as in `liars-dice`.
    expect(decisionBound(1)).toBe(13);
  });

  it('rolls five dice each, then player 0 opens with any of the 60 bids (no call yet)', () => {
    const start = rules.initialState();
    expect(rules.chanceOutcomes(start)).toHaveLength(6);
    const s = roll(liarsDiceRounds, start, [2, 2, 3, 5, 6, 1, 2, 4, 4, 6]);
    expect(rules.currentPlayer(s)).toBe(0);
    const legal = rules.legalActions(s);
    expect(legal).toHaveLength(60);
    expect(legal).not.toContain(CALL);
    expect(moveString(rules, legal[0]!)).toBe('[Bid: 1, 1]');
    expect(moveString(rules, legal[59]!)).toBe('[Bid: 10, 6]');
    // A raise is more dice, or as many dice and a higher face.
    const after = say(liarsDiceRounds, s, ['\\boxed{[Bid: 3, 4]}']);
    const raises = rules.legalActions(after).map((a) => moveString(rules, a));
    expect(raises.slice(0, 3)).toEqual(['[Bid: 3, 5]', '[Bid: 3, 6]', '[Bid: 4, 1]']);
    expect(raises[raises.length - 1]).toBe('[Call]');
    expect(raises).toHaveLength(60 - bid(3, 4) - 1 + 1);
    // The top bid leaves only the call.
    expect(rules.legalActions(say(liarsDiceRounds, s, ['[Bid: 10, 6]']))).toEqual([CALL]);
  });

  it('resolves a call with known dice, no wilds: a bid that holds costs the caller a die', () => {
    // P0 2 2 3 5 6, P1 1 2 4 4 6. P0 bids three 2s, P1 calls: 2, 2 and 2 — the 6s do not count — so it holds.
    let s = roll(liarsDiceRounds, rules.initialState(), [2, 2, 3, 5, 6, 1, 2, 4, 4, 6]);
    s = say(liarsDiceRounds, s, ['[Bid: 3, 2]', '[Call]']);
    expect(rules.challenge(s.rounds[0]!)).toMatchObject({ bidder: 0, caller: 1, matching: 3, holds: true, loser: 1 });
    expect(s.counts).toEqual([5, 4]);
    expect(rules.currentPlayer(s)).toBe(CHANCE);
    expect(text.observe(s, 0, 'full')).toContain(
      "[GAME] Player 1 calls Player 0's bid of 3 dice showing 2. The dice were: Player 0 2 2 3 5 6; " +
        'Player 1 1 2 4 4 6. 3 dice show 2, so the bid holds: Player 1 loses a die (4 left).',
    );
    // Round 2: nine dice rerolled, and the loser (P1) bids first; bids now go up to nine dice.
    s = roll(liarsDiceRounds, s, [1, 1, 1, 1, 1, 6, 6, 6, 6]);
    expect(rules.currentPlayer(s)).toBe(1);
    expect(rules.legalActions(s)).toHaveLength(54);
    expect(text.observe(s, 1, 'compact')).toBe('ldr P1 | dice 6666 | opp 5 | bids -');
    // P1 bids five 6s, P0 raises to six 6s, P1 calls: four 6s, fewer than six, so the bidder (P0) loses a die.
    s = say(liarsDiceRounds, s, ['[Bid: 5, 6]', '[Bid: 6, 6]', '[Call]']);
    expect(rules.challenge(s.rounds[1]!)).toMatchObject({ bidder: 0, caller: 1, matching: 4, holds: false, loser: 0 });
    expect(s.counts).toEqual([4, 4]);
    expect(s.rounds[2]?.starter).toBe(0);
    expect(rules.informationStateKey(s, 1)).toBe('P1 | 12446 3-2 Call 22356 | 6666 5-6 6-6 Call 11111 | ');
  });

  it('plays a full short game (2 dice each) to the last die, through the text layer', () => {
    const { rules: r, text: t } = twoDice;
    expect(r.info.maxTurns).toBe(decisionBound(2));
    // Round 1: P0 1 4, P1 4 6. P0 two 4s, P1 three 4s, P0 calls: two 4s < three, P1 loses a die.
    let s = roll(twoDice, r.initialState(), [1, 4, 4, 6]);
    expect(r.legalActions(s)).toHaveLength(24);
    s = say(twoDice, s, ['[Bid: 2, 4]', '[Bid: 3, 4]', '[Call]']);
    expect(s.counts).toEqual([2, 1]);
    // Round 2: P1 (the loser) opens. P0 2 2, P1 3. P1 one 3, P0 two 2s, P1 calls: two 2s, it holds, P1's last die goes.
    s = roll(twoDice, s, [2, 2, 3]);
    expect(r.currentPlayer(s)).toBe(1);
    s = say(twoDice, s, ['[Bid: 1, 3]', '[Bid: 2, 2]', '[Call]']);
    expect(r.currentPlayer(s)).toBe(TERMINAL);
    expect(r.returns(s)).toEqual([1, -1]);
    expect(r.turnCount(s)).toBe(6);
    expect(r.legalActions(s)).toEqual([]);
    const end = t.observe(s, 1, 'full');
    expect(end).toContain('[GAME] Round 2. Your dice: 3. Dice in play: Player 0 has 2, Player 1 has 1 (3 in all).');
    expect(end).toContain('so the bid holds: Player 1 loses its last die.');
    expect(end.endsWith('[GAME] Player 1 has no dice left: Player 0 wins the game.')).toBe(true);
    expect(t.observe(s, 0, 'compact')).toBe('ldr P0 | last 2-2 held | P0 wins');
    expect(r.deserialize(r.serialize(s))).toEqual(s);
  });

  it('rejects state text that no play reaches', () => {
    const bad = [
      '{"rounds":[{"starter":1,"dice":[[],[]],"moves":[]}]}', // player 0 starts round 1
      '{"rounds":[{"starter":0,"dice":[[1,2],[3]],"moves":[]}]}', // player 1 rolls before player 0 has five
      '{"rounds":[{"starter":0,"dice":[[1,1,1,1,1],[2,2,2,2,2]],"moves":[60]}]}', // call before any bid
      '{"rounds":[{"starter":0,"dice":[[1,1,1,1,1],[2,2,2,2,2]],"moves":[5,3]}]}', // a lower bid
      '{"rounds":[{"starter":0,"dice":[[1,1,1,1,1],[2,2,2,2,2]],"moves":[0,60]}]}', // round 2 missing
    ];
    for (const t of bad) expect(() => rules.deserialize(t), t).toThrow(GameStateError);
  });
});

describe('liars-dice-rounds text', () => {
  it('shows own dice only, the moves and the current bid in the full text', () => {
    let s = roll(liarsDiceRounds, rules.initialState(), [6, 5, 4, 3, 2, 1, 1, 1, 1, 1]);
    s = say(liarsDiceRounds, s, ['[Bid: 2, 3]']);
    const full = text.observe(s, 1, 'full');
    expect(full).toContain('[GAME] Round 1. Your dice: 1, 1, 1, 1, 1. Dice in play: Player 0 has 5, Player 1 has 5');
    expect(full).toContain('[Player 0] [Bid: 2, 3]');
    expect(full).not.toContain('2, 3, 4, 5, 6');
    expect(
      full.endsWith(
        "[GAME] Current bid: 2 dice showing 3, by Player 0. Your move: a higher bid '[Bid: Q, F]' " +
          "(more dice, or 2 dice and a face above 3; Q at most 10) or '[Call]'.",
      ),
    ).toBe(true);
    expect(text.observe(s, 1, 'compact')).toBe('ldr P1 | dice 11111 | opp 5 | bids 2-3');
  });

  it(`keeps the latest ${compactBidWindow} bids of the round in the compact text`, () => {
    let s = roll(liarsDiceRounds, rules.initialState(), [1, 2, 3, 4, 5, 6, 6, 6, 6, 6]);
    const bids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((q) => `[Bid: ${q}, 6]`);
    s = say(liarsDiceRounds, s, bids.slice(0, 9));
    expect(text.observe(s, 1, 'compact')).toBe('ldr P1 | dice 66666 | opp 5 | bids .. 2-6 3-6 4-6 5-6 6-6 7-6 8-6 9-6');
  });

  it("fits every compact prompt, with the longest move and EOS, in the reference model's 128-token context", () => {
    // Byte tokens: BOS + prompt + newline, then the move and EOS. The worst case is the longest dice string with a full
    // window of two-digit bids, which random play reaches rarely: build it, and scan random games too.
    const budget = (s: LiarsDiceRoundsState) => {
      const actor = rules.currentPlayer(s);
      const prompt = new TextEncoder().encode(text.observe(s, actor, 'compact')).length + 2;
      const move = Math.max(...rules.legalActions(s).map((a) => moveString(rules, a).length)) + 1;
      return prompt + move;
    };
    let worst = roll(liarsDiceRounds, rules.initialState(), [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    // Three one-digit and five two-digit bids in the window; `[Bid: 10, 6]` is still open.
    const window = ['9-4', '9-5', '9-6', '10-1', '10-2', '10-3', '10-4', '10-5'];
    worst = say(
      liarsDiceRounds,
      worst,
      ['1-1', ...window].map((b) => `[Bid: ${b.replace('-', ', ')}]`),
    );
    expect(text.observe(worst, 1, 'compact')).toBe(`ldr P1 | dice 12345 | opp 5 | bids .. ${window.join(' ')}`);
    let longest = budget(worst);
    const rng = createRng(5);
    for (let g = 0; g < 100; g++)
      for (const s of randomPlayout(rules, rng))
        if (rules.currentPlayer(s) >= 0) longest = Math.max(longest, budget(s));
    expect(longest).toBeLessThanOrEqual(128);
  });
});

describe('liars-dice-rounds answers', () => {
  const opening = roll(liarsDiceRounds, rules.initialState(), [1, 2, 3, 4, 5, 6, 6, 6, 6, 6]);
  const facing = say(liarsDiceRounds, opening, ['[Bid: 3, 4]']);
  const top = say(liarsDiceRounds, opening, ['[Bid: 10, 6]']);

  it("reads exactly the listed moves in strict mode, as SPIRAL's extract_action does", () => {
    const strict = (s: LiarsDiceRoundsState, t: string) => text.parse(s, t, { answers: 'strict' });
    expect(strict(facing, 'I raise. \\boxed{[Bid: 4, 1]}')).toEqual({ ok: true, action: bid(4, 1) });
    expect(strict(facing, '\\boxed{Bid: 4, 1}')).toEqual({ ok: true, action: bid(4, 1) });
    expect(strict(facing, '\\boxed{Call}')).toEqual({ ok: true, action: CALL });
    expect(strict(facing, '[Call]')).toEqual({ ok: true, action: CALL });
    for (const loose of ['[call]', '[Bid: 4,1]', '[bid 4 1]', 'I call. [Call]', '\\boxed{[Bid: 3, 4]}'])
      expect(strict(facing, loose), loose).toMatchObject({ ok: false, reason: /not exactly a legal move/ });
  });

  it("also reads LiarsDice-v1's bid pattern anywhere in lenient mode, and explains what is not legal", () => {
    const read = (s: LiarsDiceRoundsState, t: string) => text.parse(s, t);
    expect(read(facing, 'I raise to [bid 4 1] now')).toEqual({ ok: true, action: bid(4, 1) });
    expect(read(facing, '[BID:5,5]')).toEqual({ ok: true, action: bid(5, 5) });
    expect(read(facing, 'you lie! [call]')).toEqual({ ok: true, action: CALL });
    expect(read(facing, '[Liar]')).toEqual({ ok: true, action: CALL });
    // The last legal move named wins; an earlier illegal one does not matter.
    expect(read(facing, '[Bid: 2, 2] no wait, [Bid: 3, 5]')).toEqual({ ok: true, action: bid(3, 5) });
    expect(read(facing, '[Bid: 3, 4]')).toMatchObject({ ok: false, reason: /not higher than the current bid/ });
    expect(read(facing, '[Bid: 11, 1]')).toMatchObject({ ok: false, reason: /no move found/ });
    expect(read(opening, '[Call]')).toMatchObject({ ok: false, reason: /no bid to call yet/ });
    expect(read(top, '[Bid: 10, 6]')).toMatchObject({ ok: false, reason: /only \[Call\]/ });
  });

  it('never throws and lands only on legal moves (10,000 move-like strings per mode)', () => {
    const states = [opening, facing, top, say(liarsDiceRounds, opening, ['[Bid: 9, 6]'])];
    const fragments = fc.constantFrom('[', ']', '\\boxed{', '}', 'Bid', 'bid:', ',', ' ', 'Call', 'liar', ':', '\n');
    const piece = fc.oneof(fragments, fc.integer({ min: -2, max: 1000 }).map(String), fc.string({ maxLength: 3 }));
    const answer = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.string({ maxLength: 60 }),
    );
    for (const mode of answerModes) {
      fc.assert(
        fc.property(fc.nat(states.length - 1), answer, (i, t) => {
          const state = states[i]!;
          const result = text.parse(state, t, { answers: mode });
          return result.ok ? rules.legalActions(state).includes(result.action) : result.reason.length > 0;
        }),
        { numRuns: 10_000, seed: 17 },
      );
    }
  });
});

describe('liars-dice-rounds solvers', () => {
  it('refuses exact solving at once, pointing to matches', () => {
    const refusal = /too big to solve or measure exactly.*selfplay play liars-dice-rounds/s;
    expect(() => measurePolicy({ game: rules, policy: uniformPolicy('liars-dice-rounds') })).toThrow(TreeBuildError);
    expect(() => measurePolicy({ game: rules, policy: uniformPolicy('liars-dice-rounds') })).toThrow(refusal);
    expect(() => equilibriumPolicy({ game: rules })).toThrow(refusal);
    expect(rules.exactSolver.tableRefusal).toMatch(refusal);
  });
});
