import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { randomPlayout } from '../playout.ts';
import { parsePig } from './actions.ts';
import {
  createPigGame,
  createPigRules,
  HOLD,
  type PigState,
  type PigVariant,
  pig,
  pigKeyCodec,
  pigSmall,
  pigVariant,
  ROLL,
} from './index.ts';
import { decisionBound } from './rules.ts';

/** Neller & Presser's game to 20, no turn cap: not registered (rolling on is optimal everywhere), kept working. */
const openVariant: PigVariant = { id: 'pig-open-20', title: 'Pig to 20, no cap', target: 20, decisionCap: 1000 };
const pigOpen = createPigGame(openVariant);

runGameConformance(pig);
runGameConformance(pigSmall);
runGameConformance(pigOpen, { fuzzRuns: 1000 });

const rules = pig.rules;

/** Plays `moves` from the start: `r`/`h` for the mover's decisions, digits for die faces. */
function play(moves: string, from: PigState = rules.initialState(), game = rules): PigState {
  let s = from;
  for (const m of moves) s = game.apply(s, m === 'r' ? ROLL : m === 'h' ? HOLD : Number(m));
  return s;
}

describe('pig rules (SPIRAL PigDice-v1, first to 50, 50 turns)', () => {
  it('adds 2-6 to the turn total and keeps the same player acting', () => {
    const s = play('r4r6');
    expect(rules.currentPlayer(s)).toBe(0);
    expect(s.turnTotal).toBe(10);
    expect(s.scores).toEqual([0, 0]);
    expect(rules.currentPlayer(play('r'))).toBe(CHANCE);
    expect(rules.chanceOutcomes(play('r')).map((o) => o.action)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rules.legalActions(s)).toEqual([ROLL, HOLD]);
  });

  it('loses the turn total on a 1 and passes the turn', () => {
    const s = play('r4r6r1');
    expect(s.turnTotal).toBe(0);
    expect(s.scores).toEqual([0, 0]);
    expect(s.turn).toBe(1);
    expect(rules.currentPlayer(s)).toBe(1);
  });

  it('banks the turn total on hold and passes the turn; holding at 0 is a legal empty turn', () => {
    const s = play('r4r6h');
    expect(s.scores).toEqual([10, 0]);
    expect(rules.currentPlayer(s)).toBe(1);
    const t = play('r5h', s);
    expect(t.scores).toEqual([10, 5]);
    expect(play('h').turn).toBe(1);
    expect(play('h').scores).toEqual([0, 0]);
  });

  it('banks at once and ends the game when score + turn total reaches the target', () => {
    const near: PigState = { scores: [46, 30], turnTotal: 0, turn: 4, rolling: false, moves: 9, over: false };
    const won = play('r2r3', near);
    expect(won.over).toBe(true);
    expect(won.scores).toEqual([51, 30]);
    expect(rules.returns(won)).toEqual([1, -1]);
    expect(rules.currentPlayer(won)).toBe(TERMINAL);
    expect(play('r2', near).over).toBe(false);
  });

  it('ends after 50 turns, 25 each, as SPIRAL counts turn_count: higher score wins, equal scores draw', () => {
    let s = rules.initialState();
    for (let turn = 0; turn < 49; turn++) s = play('r1', s);
    expect([s.turn, rules.currentPlayer(s), s.over]).toEqual([49, 1, false]);
    expect(rules.returns(play('h', s))).toEqual([0, 0]);
    expect(play('h', s).over).toBe(true);
    expect(rules.returns(play('r2h', s))).toEqual([-1, 1]);
    const last: PigState = { scores: [20, 18], turnTotal: 0, turn: 49, rolling: false, moves: 100, over: false };
    const tied = play('r2h', last);
    expect(tied.over).toBe(true);
    expect(rules.returns(tied)).toEqual([0, 0]);
    expect(rules.returns(play('r3h', last))).toEqual([-1, 1]);
    expect(rules.returns(play('r1', last))).toEqual([1, -1]);
    expect(rules.returns(play('h', last))).toEqual([1, -1]);
    // One turn earlier the game goes on.
    expect(play('r3h', { ...last, turn: 48, scores: [18, 20] }).over).toBe(false);
  });

  it('bounds the decisions of a capped game exactly, and caps the uncapped variant', () => {
    expect(decisionBound(pigVariant)).toBe(50 * 25);
    expect(pig.rules.info.maxTurns).toBe(1250);
    expect(pigSmall.rules.info.maxTurns).toBe(4 * 12);
    expect(pigOpen.rules.info.maxTurns).toBe(1000);
    expect(pigSmall.rules.info.winDrawLoss).toBe(true);
  });

  it('can drop the turn cap: the turn count grows and the game ends only at the target', () => {
    const r20 = pigOpen.rules;
    let s = r20.initialState();
    for (let i = 0; i < 120; i++) s = play('h', s, r20);
    expect(s.turn).toBe(120);
    expect(s.over).toBe(false);
    expect(r20.informationStateKey(s, 0)).toBe('p0 0-0 k0');
    expect(play('r6r6r6r2', s, r20).over).toBe(true);
  });

  it('keys states as documented, the same for both players, and the codec reads them back', () => {
    const s = play('r4r6h' + 'r5');
    expect(rules.informationStateKey(s, 0)).toBe('t1 10-0 k5');
    expect(rules.informationStateKey(s, 1)).toBe('t1 10-0 k5');
    expect(rules.informationStateKey(play('r', s), 1)).toBe('t1 10-0 k5 roll');
    const codec = pigKeyCodec(pigVariant);
    expect(codec.position('t1 10-0 k5')).toEqual({ turn: 1, scores: [10, 0], turnTotal: 5 });
    expect(codec.key({ turn: 1, scores: [10, 0], turnTotal: 5 })).toBe('t1 10-0 k5');
    expect(codec.position('t1 10-0 k5 roll')).toBeUndefined();
    expect(pigKeyCodec(openVariant).position('p1 3-0 k0')).toEqual({ turn: 1, scores: [3, 0], turnTotal: 0 });
  });

  it('rejects states that cannot occur', () => {
    const bad = { scores: [49, 0], turnTotal: 3, turn: 0, rolling: false, moves: 1, over: false };
    expect(() => rules.deserialize(JSON.stringify(bad))).toThrow(/below 50/);
    expect(() => rules.deserialize(JSON.stringify({ ...bad, turnTotal: 0, turn: 50 }))).toThrow(/below 50/);
    expect(() => createPigRules({ ...pigVariant, id: 'x' }).apply(play('r'), 7)).toThrow(RangeError);
  });
});

describe('pig texts', () => {
  const s = play('r4r6h' + 'r5h' + 'r3');

  it('shows the full layout: rules, turn, both scores, the turn total and the moves', () => {
    expect(pig.text.observe(s, 0, 'full')).toBe(
      [
        '[GAME] You are Player 0 in a game of Pig, a dice game for two players.',
        'Rules:',
        "- On your turn you choose '[roll]' or '[hold]', again and again until your turn ends.",
        '- Roll a 2-6: it is added to your turn total.',
        '- Roll a 1: you lose your turn total and your turn ends.',
        '- Hold: your turn total is added to your score and your turn ends.',
        '- First to 50 points wins: once your score plus your turn total reaches 50, it is banked and you win.',
        '- The game ends after 50 turns (25 each); then the higher score wins, and equal scores are a draw.',
        "Answer with '[roll]' to roll the die or '[hold]' to bank your points.",
        '',
        "[GAME] Turn 3 of 50, Player 0's turn (47 turns left after this one).",
        '',
        'Player 0 score: 10',
        'Player 1 score: 5',
        '',
        'Current turn total: 3',
        "Available actions: '[roll]' or '[hold]'",
      ].join('\n'),
    );
  });

  it('shows the compact layout from the player’s side, and the result at the end', () => {
    expect(pig.text.observe(s, 0, 'compact')).toBe('pig P0 goal 50 turn 3/50 me 10 opp 5 total 3');
    expect(pig.text.observe(s, 1, 'compact')).toBe('pig P1 goal 50 turn 3/50 waiting P0 me 5 opp 10 total 3');
    const over: PigState = { scores: [30, 52], turnTotal: 0, turn: 21, rolling: false, moves: 60, over: true };
    expect(pig.text.observe(over, 0, 'compact')).toBe('pig P0 goal 50 over me 30 opp 52 result loss');
    expect(pig.text.observe(over, 1, 'full')).toContain(
      '[GAME] Game over: Player 1 reached 50 points and wins. You win.',
    );
    const draw: PigState = { ...over, scores: [30, 30], turn: 49 };
    expect(pig.text.observe(draw, 0, 'full')).toContain('equal scores (30 each): a draw. It is a draw.');
    expect(pigSmall.text.observe(pigSmall.rules.initialState(), 0, 'compact')).toBe(
      'pig P0 goal 24 turn 1/4 me 0 opp 0 total 0',
    );
    expect(pigOpen.text.observe(pigOpen.rules.initialState(), 0, 'compact')).toBe('pig P0 goal 20 me 0 opp 0 total 0');
    expect(pigOpen.text.observe(pigOpen.rules.initialState(), 0, 'full')).toContain(
      "- There is no turn limit.\nAnswer with '[roll]' to roll the die or '[hold]' to bank your points.\n\n[GAME] Player 0's turn.",
    );
  });

  it('writes the same text for every state with the same key, so a policy table asks each key once', () => {
    for (const game of [pig, pigSmall, pigOpen]) {
      const seen = new Map<string, string>();
      const rng = createRng(3);
      for (let g = 0; g < 200; g++)
        for (const state of randomPlayout(game.rules, rng)) {
          const actor = game.rules.currentPlayer(state);
          if (actor < 0) continue;
          const key = game.rules.informationStateKey(state, actor);
          const text = `${game.text.observe(state, actor, 'full')}\n${game.text.observe(state, actor, 'compact')}`;
          expect(seen.get(key) ?? text).toBe(text);
          seen.set(key, text);
        }
    }
  });
});

describe('pig answers', () => {
  const s = rules.initialState();

  it("reads SPIRAL's moves and short forms, boxed or bracketed", () => {
    for (const [text, action] of [
      ['[roll]', ROLL],
      ['[hold]', HOLD],
      ['[r]', ROLL],
      ['[h]', HOLD],
      ['\\boxed{[hold]}', HOLD],
      ['\\boxed{roll}', ROLL],
      ['\\boxed{h}', HOLD],
      ['I will [roll] now', ROLL],
      ['[ROLL]', ROLL],
      ['Risky... [Hold]', HOLD],
    ] as const) {
      expect(parsePig(s, text)).toEqual({ ok: true, action });
    }
  });

  it('reads strictly as SPIRAL trains: exact lower-case moves, one-letter forms included', () => {
    expect(parsePig(s, '\\boxed{[roll]}', { answers: 'strict' })).toEqual({ ok: true, action: ROLL });
    expect(parsePig(s, '\\boxed{h}', { answers: 'strict' })).toEqual({ ok: true, action: HOLD });
    expect(parsePig(s, '[ROLL]', { answers: 'strict' }).ok).toBe(false);
    expect(parsePig(s, 'I will [roll] now', { answers: 'strict' }).ok).toBe(false);
    expect(parsePig(s, '[bet]').ok).toBe(false);
    expect(parsePig(play('r'), '[roll]')).toEqual({ ok: false, reason: 'no move is expected now' });
  });

  it('never throws and lands only on roll or hold (10,000 strings of Pig-like fragments)', () => {
    const fragments = fc.constantFrom('[', ']', 'r', 'h', 'roll', 'hold', 'R', 'HOLD', '\\boxed{', '}', ' ', '\n');
    const answer = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(fragments, fc.string({ maxLength: 3 })), { maxLength: 10 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(answer, fc.constantFrom<'strict' | 'lenient'>('strict', 'lenient'), (text, answers) => {
        const r = parsePig(s, text, { answers });
        return r.ok ? r.action === ROLL || r.action === HOLD : r.reason.length > 0;
      }),
      { numRuns: 10_000, seed: 17 },
    );
  });
});
