import { describe, expect, it } from 'vitest';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { randomPlayout } from '../playout.ts';
import { GameStateError } from '../state-json.ts';
import {
  createWhoIsTheSpy,
  createWorld,
  defaultAttributes,
  type SpyState,
  votePotentialRange,
  votePotentialRewards,
  type WhoIsTheSpyGame,
  whoIsTheSpy,
} from './index.ts';

runGameConformance(whoIsTheSpy);
runGameConformance(createWhoIsTheSpy({ clueRounds: 2 }), { playouts: 100, fuzzRuns: 2_000 });
runGameConformance(createWhoIsTheSpy({ players: 5, differing: 2 }), { playouts: 100, fuzzRuns: 2_000 });

const { rules, text } = whoIsTheSpy;
const { world } = rules.config;
const clue = (name: string, value: string) => {
  const attribute = world.attributes.findIndex((a) => a.name === name);
  return world.clueId({ attribute, value: world.attributes[attribute]!.values.indexOf(value) });
};
/** red cube small metal, and the spy's red cube small rubber. */
const civilianObject = 0;
const spyObject = 1;

/** Deals seat `spy` the spy, then plays `clues` (ids) and `votes` (targets). */
function play(game: WhoIsTheSpyGame, spy: number, clues: number[], votes: number[] = []): SpyState {
  const r = game.rules;
  let s = r.initialState();
  for (const d of [spy, civilianObject, spyObject]) s = r.apply(s, d);
  for (const c of clues) s = r.apply(s, c);
  for (const t of votes) s = r.apply(s, r.voteAction(t));
  return s;
}

const fourClues = [clue('size', 'small'), clue('shape', 'cube'), clue('material', 'rubber'), clue('colour', 'red')];

describe('who-is-the-spy world', () => {
  it('has 36 objects and 10 clues by default, numbered attribute by attribute', () => {
    expect(world.objectCount).toBe(36);
    expect(world.clueCount).toBe(10);
    expect(world.describe(civilianObject)).toEqual(['red', 'cube', 'small', 'metal']);
    expect(world.describe(spyObject)).toEqual(['red', 'cube', 'small', 'rubber']);
    expect(world.describe(35)).toEqual(['green', 'cone', 'large', 'rubber']);
    for (let id = 0; id < world.clueCount; id++) expect(world.clueId(world.clue(id)!)).toBe(id);
    expect(world.clue(10)).toBeUndefined();
    expect(world.variants(civilianObject, 1)).toHaveLength(2 + 2 + 1 + 1);
    for (const o of world.variants(7, 2)) expect(world.distance(7, o)).toBe(2);
  });

  it('rejects unusable tables with a message that says what to fix', () => {
    expect(() => createWorld([])).toThrow(/1 to 6 attributes/);
    expect(() => createWorld([{ name: 'colour', values: ['red'] }])).toThrow(/2 to 6 values/);
    expect(() => createWorld([{ name: 'Colour', values: ['red', 'blue'] }])).toThrow(/one lower-case word/);
    expect(() =>
      createWorld([
        { name: 'colour', values: ['red', 'blue'] },
        { name: 'hue', values: ['red', 'pink'] },
      ]),
    ).toThrow(/"red" is used twice/);
  });
});

describe('who-is-the-spy rules', () => {
  it('declares its properties', () => {
    expect(rules.info).toMatchObject({
      id: 'who-is-the-spy',
      players: 4,
      simultaneous: true,
      chance: true,
      perfectInformation: false,
      actionSpace: 'finite',
      zeroSum: true,
      maxTurns: 8,
    });
    expect(rules.info.returnRange[0]).toBeCloseTo(-0.8 / 3, 12);
    expect(rules.info.returnRange[1]).toBeCloseTo(0.4 / 3, 12);
    expect(createWhoIsTheSpy({ clueRounds: 2 }).rules.info.maxTurns).toBe(12);
  });

  it('deals the spy seat, the civilians object and a spy object that differs in `differing` attributes', () => {
    let s = rules.initialState();
    expect(rules.currentPlayer(s)).toBe(CHANCE);
    expect(rules.chanceOutcomes(s).map((o) => o.action)).toEqual([0, 1, 2, 3]);
    s = rules.apply(s, 3);
    expect(rules.chanceOutcomes(s)).toHaveLength(36);
    s = rules.apply(s, 20);
    const spyOptions = rules.chanceOutcomes(s);
    expect(spyOptions).toHaveLength(6);
    for (const o of spyOptions) expect(world.distance(20, o.action)).toBe(1);
    expect(() => rules.apply(s, 20)).toThrow(RangeError);
    const d2 = createWhoIsTheSpy({ differing: 2 });
    const t = d2.rules.apply(d2.rules.apply(d2.rules.initialState(), 0), 20);
    for (const o of d2.rules.chanceOutcomes(t)) expect(world.distance(20, o.action)).toBe(2);
  });

  it('plays clues in seat order, then a simultaneous vote', () => {
    let s = play(whoIsTheSpy, 2, []);
    expect(rules.currentPlayer(s)).toBe(0);
    expect(rules.simultaneousMovers!(s)).toEqual([0]);
    expect(rules.legalActions(s)).toHaveLength(10);
    for (const c of fourClues) s = rules.apply(s, c);
    expect(rules.isVoting(s)).toBe(true);
    expect(rules.simultaneousMovers!(s)).toEqual([0, 1, 2, 3]);
    expect(rules.legalActions(s).map((a) => text.actionString(s, a))).toEqual(['[vote 1]', '[vote 2]', '[vote 3]']);
    s = rules.apply(s, rules.voteAction(2));
    expect(rules.simultaneousMovers!(s)).toEqual([1, 2, 3]);
    expect(() => rules.apply(s, rules.voteAction(1))).toThrow(/must vote for another player/);
    expect(() => rules.apply(s, clue('colour', 'red'))).toThrow(RangeError);
    expect(rules.simultaneousMovers!(play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 2]))).toEqual([]);
    expect(rules.simultaneousMovers!(rules.initialState())).toEqual([]);
  });

  it('a spy caught: three votes on the spy', () => {
    const s = play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 2]);
    expect(rules.currentPlayer(s)).toBe(TERMINAL);
    expect(rules.voteCounts(s)).toEqual([1, 0, 3, 0]);
    expect(rules.votedOut(s)).toBe(2);
    // v̄_C = 1/3, Ψ = 3 − 1/3 = 8/3; spy −0.1Ψ; civilians 0.1Ψ/3 − 0.1(v_j − 1/3).
    expectReturns(rules.returns(s), [0.2 / 9, 1.1 / 9, -0.8 / 3, 1.1 / 9]);
    expect(whoIsTheSpy.episodeStats!(s, 0)).toEqual({ is_spy: 0, spy_identified: 1, spy_survived: 0, vote_correct: 1 });
    expect(whoIsTheSpy.episodeStats!(s, 2)).toEqual({ is_spy: 1, spy_identified: 1, spy_survived: 0 });
  });

  it('a spy surviving: a civilian voted out', () => {
    const s = play(whoIsTheSpy, 2, fourClues, [1, 0, 0, 0]);
    expect(rules.voteCounts(s)).toEqual([3, 1, 0, 0]);
    expect(rules.votedOut(s)).toBe(0);
    // v̄_C = 4/3, Ψ = −4/3.
    expectReturns(rules.returns(s), [-1.9 / 9, -0.1 / 9, 0.4 / 3, 0.8 / 9]);
    expect(whoIsTheSpy.episodeStats!(s, 1)).toEqual({ is_spy: 0, spy_identified: 0, spy_survived: 1, vote_correct: 0 });
    expect(whoIsTheSpy.episodeStats!(s, 2)).toEqual({ is_spy: 1, spy_identified: 0, spy_survived: 1 });
  });

  it('a vote tie: no one is voted out and the spy survives', () => {
    const s = play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 0]);
    expect(rules.voteCounts(s)).toEqual([2, 0, 2, 0]);
    expect(rules.votedOut(s)).toBeNull();
    // v̄_C = 2/3, Ψ = 4/3.
    expectReturns(rules.returns(s), [-0.8 / 9, 1 / 9, -0.4 / 3, 1 / 9]);
    expect(whoIsTheSpy.episodeStats!(s, 0)).toMatchObject({ spy_identified: 0, spy_survived: 1, vote_correct: 1 });
    expect(text.observe(s, 3, 'full')).toContain('The vote is tied: no one is voted out.');
    expect(text.observe(s, 3, 'compact')).toMatch(/\| votes 2 2 0 0 \| tie, spy P2$/);
  });

  it('pays zero-sum returns within returnRange for every vote profile, reaching both ends', () => {
    for (const players of [3, 4, 5]) {
      const [low, high] = votePotentialRange(players);
      let seenLow = Infinity;
      let seenHigh = -Infinity;
      const profiles = allVoteProfiles(players);
      for (let spy = 0; spy < players; spy++) {
        for (const votes of profiles) {
          const received = new Array<number>(players).fill(0);
          for (const t of votes) received[t]! += 1;
          const r = votePotentialRewards({ received, spy });
          expect(Math.abs(r.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
          seenLow = Math.min(seenLow, ...r);
          seenHigh = Math.max(seenHigh, ...r);
        }
      }
      expect(seenLow).toBeCloseTo(low, 12);
      expect(seenHigh).toBeCloseTo(high, 12);
    }
  });

  it('names roles: spy or civilian', () => {
    const s = play(whoIsTheSpy, 1, fourClues, [1, 0, 1, 1]);
    expect([0, 1, 2, 3].map((p) => whoIsTheSpy.roleOf(s, p))).toEqual(['civilian', 'spy', 'civilian', 'civilian']);
    expect(() => whoIsTheSpy.roleOf(rules.initialState(), 0)).toThrow(/not dealt yet/);
    expect(whoIsTheSpy.episodeStats!(rules.initialState(), 0)).toEqual({});
    expect(whoIsTheSpy.episodeStats!(play(whoIsTheSpy, 1, fourClues.slice(0, 2)), 1)).toEqual({ is_spy: 1 });
  });

  it('keys hold the own role and object, every clue, and votes only once all are cast', () => {
    const s = play(whoIsTheSpy, 2, fourClues.slice(0, 2));
    expect(rules.informationStateKey(s, 2)).toBe('[2,"spy",[0,0,0,1],[[0,2,0],[1,1,0]],null,null]');
    expect(rules.informationStateKey(s, 0)).toBe('[0,"civilian",[0,0,0,0],[[0,2,0],[1,1,0]],null,null]');
    // A civilian cannot tell which other seat is the spy.
    expect(rules.informationStateKey(play(whoIsTheSpy, 3, fourClues.slice(0, 2)), 0)).toBe(
      rules.informationStateKey(s, 0),
    );
    const over = play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 2]);
    expect(rules.informationStateKey(over, 1)).toMatch(/,2,\[2,2,0,2\]\]$/);
  });

  it('hides pending votes: a later voter reads the same before and after earlier votes', () => {
    for (const game of [whoIsTheSpy, createWhoIsTheSpy({ clueRounds: 2 }), createWhoIsTheSpy({ players: 5 })]) {
      const r = game.rules;
      const rng = createRng(7);
      for (let trial = 0; trial < 20; trial++) {
        const playout = randomPlayout(r, rng);
        const start = playout.find((s) => r.isVoting(s) && s.votes.length === 0)!;
        const movers = r.simultaneousMovers!(start);
        expect(movers).toEqual(Array.from({ length: r.info.players }, (_, p) => p));
        const read = (s: SpyState, p: number) => [
          ...observationFormats.map((f) => game.text.observe(s, p, f)),
          r.informationStateKey(s, p),
          r.voteActionsFor(p).map((a) => game.text.actionString(s, a)),
        ];
        for (const p of movers) {
          const before = read(start, p);
          // Every way the earlier voters could have voted, as the episode runner reaches it with stand-in moves.
          for (const earlier of allVotePrefixes(r.info.players, p)) {
            let s = start;
            for (const t of earlier) s = r.apply(s, r.voteAction(t));
            expect(r.currentPlayer(s)).toBe(p);
            expect(read(s, p)).toEqual(before);
            expect(r.legalActions(s)).toEqual(r.voteActionsFor(p));
          }
        }
      }
    }
  });

  it('rejects unreachable state text', () => {
    expect(() => rules.deserialize('{"deal":[0,0],"clues":[1],"votes":[]}')).toThrow(GameStateError);
    expect(() => rules.deserialize('{"deal":[0,0,5],"clues":[],"votes":[]}')).toThrow(/not a reachable state/);
    expect(() => rules.deserialize('{"deal":[0,0,1],"clues":[1,2,3,4],"votes":[0]}')).toThrow(/another player/);
    const s = play(whoIsTheSpy, 2, fourClues, [2]);
    expect(rules.deserialize(rules.serialize(s))).toEqual(s);
  });

  it('checks its settings', () => {
    expect(createWhoIsTheSpy({ players: 5, clueRounds: 2, differing: 2 }).rules.info.id).toBe(
      'who-is-the-spy-p5-r2-d2',
    );
    expect(() => createWhoIsTheSpy({ players: 2 })).toThrow(/players must be an integer from 3 to 9/);
    expect(() => createWhoIsTheSpy({ clueRounds: 0 })).toThrow(/clueRounds/);
    expect(() => createWhoIsTheSpy({ differing: 5 })).toThrow(/differing/);
    const animals = [
      { name: 'animal', values: ['cat', 'dog'] },
      { name: 'mood', values: ['calm', 'wild'] },
    ];
    expect(() => createWhoIsTheSpy({ attributes: animals })).toThrow(/needs its own id/);
    const custom = createWhoIsTheSpy({ attributes: animals, id: 'who-is-the-spy-animals' });
    expect(custom.rules.config.world.clueCount).toBe(4);
    expect(createWhoIsTheSpy({ attributes: defaultAttributes }).rules.info.id).toBe('who-is-the-spy');
  });
});

describe('who-is-the-spy text', () => {
  it('writes the compact text at a clue and at the vote', () => {
    const atClue = play(whoIsTheSpy, 2, fourClues.slice(0, 2));
    expect(text.observe(atClue, 2, 'compact')).toBe('wis P2 spy red cube small rubber | P0 small P1 cube | clue');
    expect(text.observe(play(whoIsTheSpy, 2, []), 0, 'compact')).toBe('wis P0 civ red cube small metal | - | clue');
    const atVote = play(whoIsTheSpy, 2, fourClues, [2]);
    expect(text.observe(atVote, 1, 'compact')).toBe(
      'wis P1 civ red cube small metal | P0 small P1 cube P2 rubber P3 red | vote [vote 0] [vote 2] [vote 3]',
    );
    expect(text.observe(atVote, 0, 'compact')).toMatch(/\| voted 2$/);
  });

  it('keeps the compact vote text within ~110 characters for the longest default objects', () => {
    const longest = clue('material', 'rubber');
    let s = rules.initialState();
    for (const d of [0, 35, 34]) s = rules.apply(s, d);
    for (let i = 0; i < 4; i++) s = rules.apply(s, longest);
    for (let p = 0; p < 4; p++) expect(text.observe(s, p, 'compact').length).toBeLessThanOrEqual(110);
  });

  it('writes the full text: rules, role, own object, clues, moves', () => {
    const atClue = play(whoIsTheSpy, 2, fourClues.slice(0, 2));
    const spyView = text.observe(atClue, 2, 'full');
    expect(spyView).toContain('[GAME] You are Player 2 in a 4-player game of Who is the Spy.');
    expect(spyView).toContain(
      "[GAME] Your role: the spy. Your object: red cube small rubber. It differs from the civilians' object in exactly 1 attribute; you do not know which.",
    );
    expect(spyView).toContain('[Player 0] [size:small]\n[Player 1] [shape:cube]');
    expect(spyView).toContain(
      '[GAME] Round 1 of 1: give your clue. Your available actions are: [colour:red], [colour:blue], [colour:green], [shape:cube]',
    );
    const civilianView = text.observe(play(whoIsTheSpy, 2, fourClues), 3, 'full');
    expect(civilianView).toContain('[GAME] Your role: civilian. Your object: red cube small metal.');
    expect(civilianView).not.toContain('rubber.');
    expect(civilianView).toContain(
      '[GAME] The clues are done. Vote for the player you think is the spy. Your available actions are: [vote 0], [vote 1], [vote 2]',
    );
    const over = text.observe(play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 2]), 0, 'full');
    expect(over).toContain('Player 2 is voted out. Player 2 was the spy, holding red cube small rubber;');
    expect(over).toContain('The civilians win.');
  });

  it('reads answers strictly or leniently', () => {
    const s = play(whoIsTheSpy, 2, []);
    const red = clue('colour', 'red');
    expect(text.parse(s, '\\boxed{[colour:red]}', { answers: 'strict' })).toEqual({ ok: true, action: red });
    expect(text.parse(s, '[colour: red]', { answers: 'strict' }).ok).toBe(false);
    expect(text.parse(s, 'I say [colour: red].')).toEqual({ ok: true, action: red });
    expect(text.parse(s, 'colour : red')).toEqual({ ok: true, action: red });
    expect(text.parse(s, '[colour:purple]').ok).toBe(false);
    const v = play(whoIsTheSpy, 2, fourClues);
    expect(text.parse(v, '\\boxed{[vote 2]}', { answers: 'strict' })).toEqual({
      ok: true,
      action: rules.voteAction(2),
    });
    expect(text.parse(v, '[vote 0]').ok).toBe(false);
    expect(text.parse(play(whoIsTheSpy, 2, fourClues, [2, 2, 0, 2]), '[vote 1]')).toMatchObject({ ok: false });
  });
});

describe('who-is-the-spy scripted player', () => {
  const scripted = whoIsTheSpy.scripted!;
  const legalAt = (game: WhoIsTheSpyGame, s: SpyState) =>
    game.rules.legalActions(s).map((a) => game.text.actionString(s, a));
  /** The scripted move of `player` at `s`, read from its information-state key alone. */
  const moveAt = (game: WhoIsTheSpyGame, s: SpyState, player: number, rng = createRng(1)) =>
    game.scripted!.move(game.rules.informationStateKey(s, player), legalAt(game, s), rng);
  const clueMoves = ['[size:small]', '[shape:cube]', '[material:rubber]', '[colour:red]'];

  it('tells civilians the truth, lets the spy echo, and votes for contradictions', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 20; trial++) {
      // P0 holds red cube small metal: any true clue about a fresh attribute.
      expect(['[colour:red]', '[shape:cube]', '[size:small]', '[material:metal]']).toContain(
        moveAt(whoIsTheSpy, play(whoIsTheSpy, 2, []), 0, rng),
      );
      // P2, the spy, echoes P0 or P1.
      expect(clueMoves.slice(0, 2)).toContain(moveAt(whoIsTheSpy, play(whoIsTheSpy, 2, fourClues.slice(0, 2)), 2, rng));
      // P3, a civilian after small, cube, rubber: the one attribute not yet named, colour, truthfully.
      expect(moveAt(whoIsTheSpy, play(whoIsTheSpy, 2, fourClues.slice(0, 3)), 3, rng)).toBe('[colour:red]');
    }
    // P2 said rubber (the civilians hold metal): every civilian votes for P2.
    let v = play(whoIsTheSpy, 2, fourClues);
    for (const p of [0, 1]) {
      expect(moveAt(whoIsTheSpy, v, p, rng)).toBe('[vote 2]');
      v = rules.apply(v, rules.voteAction(2));
    }
  });

  it('decides on hand-made keys, deterministically where there is no tie', () => {
    const rng = createRng(3);
    const votes = ['[vote 0]', '[vote 1]', '[vote 3]'];
    // Two clue rounds; a civilian at seat 2 with red cube small metal: P1 claimed blue twice, P3 green once.
    const twoRounds = createWhoIsTheSpy({ clueRounds: 2 }).scripted!;
    const civilian =
      '[2,"civilian",[0,0,0,0],[[0,0,0],[1,0,1],[2,1,0],[3,0,2],[0,2,0],[1,0,1],[2,3,0],[3,2,0]],null,null]';
    for (let i = 0; i < 10; i++) expect(twoRounds.move(civilian, votes, rng)).toBe('[vote 1]');
    // The spy at seat 2 holds rubber; P0 and P1 said metal, P3 rubber: metal is the majority, so P3 looks odd.
    const spy = '[2,"spy",[0,0,0,1],[[0,3,0],[1,3,0],[2,2,0],[3,3,1]],null,null]';
    for (let i = 0; i < 10; i++) expect(scripted.move(spy, votes, rng)).toBe('[vote 3]');
    // With no contradiction every other seat is a candidate.
    const calm = '[2,"civilian",[0,0,0,0],[[0,0,0],[1,1,0],[2,2,0],[3,3,0]],null,null]';
    const seen = new Set(Array.from({ length: 30 }, () => scripted.move(calm, votes, rng)));
    expect([...seen].sort()).toEqual(votes);
    // The spy speaking first tells the truth about its own object.
    const first = scripted.move(
      '[0,"spy",[0,0,0,1],[],null,null]',
      legalAt(whoIsTheSpy, play(whoIsTheSpy, 0, [])),
      rng,
    );
    expect(['[colour:red]', '[shape:cube]', '[size:small]', '[material:rubber]']).toContain(first);
  });

  it('refuses a key where the seat has no move, and a key that is not one', () => {
    const rng = createRng(1);
    expect(() => scripted.move('[0,null,null,[],null,null]', ['[colour:red]'], rng)).toThrow(/has none/);
    expect(() => scripted.move('S4|5', ['[accept]'], rng)).toThrow(/not an information-state key/);
    expect(() => scripted.move('[0,"civilian",[0,0,0,0],[],null,null]', ['[vote 1]'], rng)).toThrow(
      /none of the legal moves/,
    );
  });

  it('plays legal moves to the end with two clue rounds and five players', () => {
    for (const game of [createWhoIsTheSpy({ clueRounds: 2 }), createWhoIsTheSpy({ players: 5, differing: 2 })]) {
      const rng = createRng(5);
      for (let g = 0; g < 50; g++) {
        let s = game.rules.initialState();
        for (;;) {
          const actor = game.rules.currentPlayer(s);
          if (actor === TERMINAL) break;
          if (actor === CHANCE) {
            const outcomes = game.rules.chanceOutcomes(s);
            s = game.rules.apply(s, outcomes[rng.int(outcomes.length)]!.action);
            continue;
          }
          const parsed = game.text.parse(s, moveAt(game, s, actor, rng), { answers: 'strict' });
          expect(parsed.ok).toBe(true);
          if (parsed.ok) s = game.rules.apply(s, parsed.action);
        }
      }
    }
  });
});

function expectReturns(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((r, p) => expect(r).toBeCloseTo(expected[p]!, 12));
  expect(Math.abs(actual.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
}

/** Every profile of votes where each of `players` seats votes for another seat. */
function allVoteProfiles(players: number): number[][] {
  return allVotePrefixes(players, players);
}

/** Every way seats 0..count−1 can vote, each for another seat. */
function allVotePrefixes(players: number, count: number): number[][] {
  let out: number[][] = [[]];
  for (let seat = 0; seat < count; seat++) {
    out = out.flatMap((prefix) =>
      Array.from({ length: players }, (_, t) => t)
        .filter((t) => t !== seat)
        .map((t) => [...prefix, t]),
    );
  }
  return out;
}
