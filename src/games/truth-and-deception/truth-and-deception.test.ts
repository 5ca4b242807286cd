import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, TreeBuildError } from '../../solvers/index.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { answerModes } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { randomPlayout } from '../playout.ts';
import { GameStateError } from '../state-json.ts';
import {
  createTruthAndDeceptionGame,
  defaultFactsPath,
  FactsFileError,
  loadFacts,
  parseFacts,
  type TruthAndDeceptionGame,
  truthAndDeception,
  type TruthState,
} from './index.ts';

const game = truthAndDeception();
runGameConformance(game);

const { rules, text } = game;
const facts = loadFacts(defaultFactsPath);

/** Deals pair `index` with the true statement in `slot` (0: shown as Fact 1). */
function deal(g: TruthAndDeceptionGame, index: number, slot: number): TruthState {
  let s = g.rules.initialState();
  s = g.rules.apply(s, { kind: 'draw', value: index });
  return g.rules.apply(s, { kind: 'draw', value: slot });
}

/** Plays each answer through the text layer, failing loudly if one is not a valid move. */
function talk(g: TruthAndDeceptionGame, state: TruthState, answers: string[], strict = false): TruthState {
  let s = state;
  for (const answer of answers) {
    const parsed = g.text.parse(s, answer, strict ? { answers: 'strict' } : {});
    if (!parsed.ok) throw new Error(`"${answer}" was rejected: ${parsed.reason}`);
    s = g.rules.apply(s, parsed.action);
  }
  return s;
}

const nile = facts.findIndex((f) => f.id === 'nile-mouth');

describe('truth-and-deception facts file (data/facts/facts.jsonl)', () => {
  it('holds at least 60 distinct pairs on varied topics, each a true and a different false statement', () => {
    expect(facts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(facts.map((f) => f.id)).size).toBe(facts.length);
    expect(new Set(facts.map((f) => f.topic)).size).toBeGreaterThanOrEqual(8);
    for (const f of facts) expect(f.true).not.toBe(f.false);
    expect(nile).toBeGreaterThanOrEqual(0);
  });

  it('names the line and what to fix for a bad file', () => {
    const good = '{"id":"a","topic":"t","true":"A is so.","false":"A is not so."}';
    expect(parseFacts(`\n${good}\n\n`)).toEqual([{ id: 'a', topic: 't', true: 'A is so.', false: 'A is not so.' }]);
    const cases: [string, RegExp][] = [
      [`${good}\n{"id":"b",`, /my\.jsonl line 2: not JSON/],
      [
        `${good}\n{"id":"b","topic":"t","true":"B."}`,
        /line 2: false: .*one JSON object \{"id", "topic", "true", "false"\}/,
      ],
      [`${good}\n\n{"id":"b","topic":"t","true":"B.","false":"B."}`, /line 3: false: the true and the false statement/],
      [`${good}\n{"id":"a","topic":"t","true":"B.","false":"C."}`, /line 2: id "a" is already used on line 1/],
      [`{"id":"Bad Id","topic":"t","true":"B.","false":"C."}`, /line 1: id: must be lower-case words/],
      [`{"id":"b","topic":"t","true":"B.","false":"C.","extra":1}`, /line 1: entry: .*extra/],
      [`{"id":"b","topic":"t","true":"${'x'.repeat(201)}","false":"C."}`, /line 1: true: must be at most 200/],
      ['\n\n', /my\.jsonl: no facts/],
    ];
    for (const [bad, message] of cases) {
      expect(() => parseFacts(bad, 'my.jsonl'), bad).toThrow(FactsFileError);
      expect(() => parseFacts(bad, 'my.jsonl'), bad).toThrow(message);
    }
    expect(() => loadFacts('/nonexistent/facts.jsonl')).toThrow(/cannot read facts file \/nonexistent\/facts\.jsonl/);
  });

  it('builds the game over another file from code', () => {
    const own = createTruthAndDeceptionGame({
      id: 'truth-and-deception-mine',
      facts: parseFacts('{"id":"x","topic":"t","true":"X is true.","false":"X is false."}'),
    });
    expect(own.rules.info.id).toBe('truth-and-deception-mine');
    expect(own.rules.chanceOutcomes(own.rules.initialState())).toHaveLength(1);
    expect(own.text.observe(deal(own, 0, 1), 1, 'compact')).toBe('td G | 1 X is false. | 2 X is true. | say');
  });
});

describe('truth-and-deception rules (SPIRAL TruthAndDeception-v1, research/spiral.md §4.4)', () => {
  it('declares two-player zero-sum imperfect information with chance and open moves', () => {
    expect(rules.info).toMatchObject({
      id: 'truth-and-deception',
      players: 2,
      zeroSum: true,
      perfectInformation: false,
      chance: true,
      actionSpace: 'open',
      maxTurns: 6,
      winDrawLoss: true,
    });
  });

  it('draws a pair uniformly, then which statement is Fact 1 with a fair coin', () => {
    const start = rules.initialState();
    expect(rules.currentPlayer(start)).toBe(CHANCE);
    const pairs = rules.chanceOutcomes(start);
    expect(pairs).toHaveLength(facts.length);
    expect(pairs.every((o) => o.probability === 1 / facts.length)).toBe(true);
    const coin = rules.chanceOutcomes(rules.apply(start, { kind: 'draw', value: nile }));
    expect(coin.map((o) => o.probability)).toEqual([0.5, 0.5]);
    expect(rules.deal(deal(game, nile, 0))).toMatchObject({
      trueFact: 1,
      shown: [facts[nile]!.true, facts[nile]!.false],
    });
    expect(rules.deal(deal(game, nile, 1))).toMatchObject({
      trueFact: 2,
      shown: [facts[nile]!.false, facts[nile]!.true],
    });
    // Seeded games put the true statement first about half the time.
    const rng = createRng(9);
    let first = 0;
    for (let g = 0; g < 400; g++) if (rules.deal(randomPlayout(rules, rng).at(-1)!)?.trueFact === 1) first++;
    expect(first).toBeGreaterThan(160);
    expect(first).toBeLessThan(240);
  });

  it('alternates five messages, Deceiver first, then the Guesser guesses; a right guess wins for the Guesser', () => {
    const dealt = deal(game, nile, 1); // Fact 2 is true
    const chat = [
      'Fact 1 is right: it flows into the Red Sea.',
      'Are you sure? [Fact 2]',
      'Quite sure.',
      'Hmm.',
      'Trust me.',
    ];
    let s = dealt;
    chat.forEach((message, i) => {
      expect(rules.currentPlayer(s)).toBe(i % 2);
      expect(rules.isGuessTurn(s)).toBe(false);
      s = talk(game, s, [message]);
    });
    // A `[Fact 2]` inside a message is only talk: the guess comes at the last turn.
    expect(s.moves[1]).toEqual({ kind: 'say', message: 'Are you sure? [Fact 2]' });
    expect(rules.currentPlayer(s)).toBe(1);
    expect(rules.isGuessTurn(s)).toBe(true);
    expect(rules.legalActions(s)).toEqual([
      { kind: 'guess', fact: 1 },
      { kind: 'guess', fact: 2 },
    ]);
    const right = talk(game, s, ['\\boxed{[Fact 2]}'], true);
    expect(rules.currentPlayer(right)).toBe(TERMINAL);
    expect(rules.returns(right)).toEqual([-1, 1]);
    expect(rules.turnCount(right)).toBe(6);
    const wrong = talk(game, s, ['\\boxed{Fact 1}'], true);
    expect(rules.returns(wrong)).toEqual([1, -1]);
    expect(
      text
        .observe(wrong, 0, 'full')
        .endsWith('[GAME] The Guesser picked Fact 1, the false statement: the Deceiver wins.'),
    ).toBe(true);
    expect(text.observe(right, 1, 'compact').endsWith('| G: [Fact 2] | true 2: G wins')).toBe(true);
    expect(() => rules.apply(s, { kind: 'say', message: 'one more thing' })).toThrow(/naming Fact 1 or Fact 2/);
    expect(() => rules.apply(dealt, { kind: 'guess', fact: 1 })).toThrow(/only be named at the last turn/);
    expect(() => rules.apply(right, { kind: 'guess', fact: 1 })).toThrow(/over/);
  });

  it('tells the Deceiver which statement is true, and the Guesser nothing of it', () => {
    const s = talk(game, deal(game, nile, 0), ['It is the Red Sea one.']);
    const [d, g] = [0, 1].map((p) => JSON.parse(rules.informationStateKey(s, p)) as unknown[]);
    expect(d).toEqual([0, facts[nile]!.true, facts[nile]!.false, 1, ['It is the Red Sea one.']]);
    expect(g).toEqual([1, facts[nile]!.true, facts[nile]!.false, null, ['It is the Red Sea one.']]);
    const deceiver = text.observe(s, 0, 'full');
    const guesser = text.observe(s, 1, 'full');
    expect(deceiver).toContain(`Fact 1: ${facts[nile]!.true} (true)\nFact 2: ${facts[nile]!.false} (false)`);
    expect(guesser).toContain(`Fact 1: ${facts[nile]!.true}\nFact 2: ${facts[nile]!.false}\n`);
    expect(guesser).not.toMatch(/\((true|false)\)/);
    expect(guesser).toContain('[Deceiver] It is the Red Sea one.');
    expect(text.observe(s, 1, 'compact')).toBe(
      `td G | 1 ${facts[nile]!.true} | 2 ${facts[nile]!.false} | D: It is the Red Sea one. | say`,
    );
    expect(text.observe(s, 0, 'compact').startsWith(`td D | 1* ${facts[nile]!.true} | 2 `)).toBe(true);
  });

  it('cues the guess in the full text, as TextArena does before the last turn', () => {
    const s = talk(game, deal(game, nile, 0), ['a', 'b', 'c', 'd', 'e']);
    expect(text.observe(s, 1, 'full').endsWith("Guesser, which fact is true? Answer '[Fact 1]' or '[Fact 2]'.")).toBe(
      true,
    );
    expect(text.observe(s, 1, 'compact').endsWith('| D: e | guess')).toBe(true);
  });

  it('keeps every compact prompt of the default facts, with canonical moves, within a 384-token context', () => {
    // Byte tokens: BOS + prompt + newline, then the longest listed move and EOS; the longest canonical messages played.
    let longest = 0;
    facts.forEach((_, index) => {
      for (const slot of [0, 1]) {
        let s = deal(game, index, slot);
        while (rules.currentPlayer(s) >= 0) {
          const legal = rules.legalActions(s).map((a) => text.actionString(s, a));
          const prompt = new TextEncoder().encode(text.observe(s, rules.currentPlayer(s), 'compact')).length + 2;
          longest = Math.max(longest, prompt + Math.max(...legal.map((m) => m.length)) + 1);
          const move = legal.reduce((a, b) => (b.length > a.length ? b : a));
          s = talk(game, s, [move], true);
        }
      }
    });
    expect(longest).toBeLessThanOrEqual(384);
  });

  it('rejects state text that no play reaches', () => {
    const bad = [
      `{"draws":[${facts.length}],"moves":[]}`,
      '{"draws":[0,2],"moves":[]}',
      '{"draws":[0],"moves":[{"kind":"say","message":"hi"}]}',
      '{"draws":[0,0],"moves":[{"kind":"guess","fact":1}]}',
      '{"draws":[0,0],"moves":[{"kind":"say","message":" "}]}',
    ];
    for (const t of bad) expect(() => rules.deserialize(t), t).toThrow(GameStateError);
  });

  it('cannot be walked by a solver: its moves are free text', () => {
    expect(() => buildTree(rules as never)).toThrow(TreeBuildError);
    expect(() => buildTree(rules as never)).toThrow(/action space is open/);
  });
});

describe('truth-and-deception answers', () => {
  const talking = deal(game, nile, 0);
  const guessing = talk(game, talking, ['a', 'b', 'c', 'd', 'e']);

  it('reads messages as negotiation does: the boxed text; in strict mode nothing else but a listed message', () => {
    expect(text.parse(talking, 'I think... \\boxed{Fact 1  is  true.}', { answers: 'strict' })).toEqual({
      ok: true,
      action: { kind: 'say', message: 'Fact 1 is true.' },
    });
    expect(text.parse(talking, 'Fact 1 is true.', { answers: 'strict' })).toEqual({
      ok: true,
      action: { kind: 'say', message: 'Fact 1 is true.' },
    });
    expect(text.parse(talking, 'Believe me, it is Fact 1.', { answers: 'strict' })).toMatchObject({
      ok: false,
      reason: /no \\boxed\{\} answer/,
    });
    expect(text.parse(talking, 'Believe me,\n it is Fact 1.')).toEqual({
      ok: true,
      action: { kind: 'say', message: 'Believe me, it is Fact 1.' },
    });
    expect(text.parse(talking, '  \\boxed{ } ')).toMatchObject({ ok: false, reason: /empty answer/ });
  });

  it("reads the guess exactly in strict mode (SPIRAL's extract_action) and TextArena's way in lenient mode", () => {
    const strict = (t: string) => text.parse(guessing, t, { answers: 'strict' });
    expect(strict('\\boxed{Fact 2}')).toEqual({ ok: true, action: { kind: 'guess', fact: 2 } });
    expect(strict('[Fact 1]')).toEqual({ ok: true, action: { kind: 'guess', fact: 1 } });
    for (const loose of ['[fact 1]', 'It is [Fact 1]', '\\boxed{[ Fact 1 ]}', 'Fact 1 is true'])
      expect(strict(loose), loose).toMatchObject({ ok: false, reason: /exactly one fact/ });
    const lenient = (t: string) => text.parse(guessing, t);
    expect(lenient('It is [fact 2], surely')).toEqual({ ok: true, action: { kind: 'guess', fact: 2 } });
    expect(lenient('\\boxed{[ FACT 1 ]}')).toEqual({ ok: true, action: { kind: 'guess', fact: 1 } });
    // Both named: the last one counts (TextArena would score it right whichever is true).
    expect(lenient('[Fact 1] or rather [Fact 2]')).toEqual({ ok: true, action: { kind: 'guess', fact: 2 } });
    expect(lenient('Fact 1 is true')).toMatchObject({ ok: false, reason: /no guess found/ });
  });

  it('never throws on answers built from move fragments (10,000 per mode, messages and guesses)', () => {
    const states = [talking, talk(game, talking, ['x']), guessing];
    const fragments = fc.constantFrom('[', ']', '\\boxed{', '}', 'Fact', 'fact', ' ', '1', '2', '3', '\\text{', '\n');
    const answer = fc.oneof(
      fc.array(fc.oneof(fragments, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
      fc.string({ maxLength: 60 }),
    );
    for (const mode of answerModes) {
      fc.assert(
        fc.property(fc.nat(states.length - 1), answer, (i, t) => {
          const state = states[i]!;
          const result = text.parse(state, t, { answers: mode });
          if (!result.ok) return result.reason.length > 0;
          if (rules.isGuessTurn(state)) return result.action.kind === 'guess';
          return result.action.kind === 'say' && result.action.message.trim() !== '';
        }),
        { numRuns: 10_000, seed: 23 },
      );
    }
  });
});
