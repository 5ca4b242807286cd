import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TERMINAL } from '../../spec/game.ts';
import { answerModes } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { connectFourMoveString } from './actions.ts';
import {
  type ConnectFourState,
  connectFour,
  connectFourSmall,
  connectFourVariant,
  createConnectFourRules,
} from './index.ts';

runGameConformance(connectFour);
runGameConformance(connectFourSmall);

const rules = connectFour.rules;

/** Plays columns from the start. */
function play(columns: number[], game = rules): ConnectFourState {
  let s = game.initialState();
  for (const c of columns) s = game.apply(s, c);
  return s;
}

/** Distinct boards after each number of plies, walking the rules API breadth first. */
function boardsPerPly(game: typeof rules, plies: number): number[] {
  let frontier = new Set([game.initialState().board]);
  const counts = [1];
  for (let n = 1; n <= plies; n++) {
    const next = new Set<string>();
    for (const board of frontier)
      for (const a of game.legalActions({ board })) next.add(game.apply({ board }, a).board);
    counts.push(next.size);
    frontier = next;
  }
  return counts;
}

describe('connect-four rules (TextArena ConnectFour-v0)', () => {
  it('reaches as many boards after each ply as are legal on the 6×7 board (OEIS A212693, up to 7 plies)', () => {
    // 1, 7, 49, 238, 1120, 4263, 16422, 54859: John Tromp's counts (OEIS A212693). The 7th ply holds the first
    // wins, so the count also checks that play stops at a line.
    expect(boardsPerPly(rules, 7)).toEqual([1, 7, 49, 238, 1120, 4263, 16422, 54859]);
  });

  it('drops a disc to the lowest empty cell, X first, and lists the columns with room', () => {
    const s = play([3, 3, 3]);
    expect(s.board.slice(3 * 7)).toBe('...x...' + '...o...' + '...x...');
    expect(rules.currentPlayer(s)).toBe(1);
    const full = play([0, 0, 0, 0, 0, 0]);
    expect(rules.legalActions(full)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => rules.apply(full, 0)).toThrow(/column 0/);
    expect(() => rules.apply(full, 7)).toThrow(RangeError);
    expect(rules.informationStateKey(s, 0)).toBe(s.board);
    expect(rules.informationStateKey(s, 1)).toBe(s.board);
    expect(rules.turnCount(s)).toBe(3);
  });

  it('ends at four in a row across, up, and on both diagonals, for either player', () => {
    const wins: [string, number[], number][] = [
      ['across', [0, 0, 1, 1, 2, 2, 3], 0],
      ['up', [6, 0, 6, 0, 6, 0, 5, 0], 1],
      ['diagonal /', [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3], 0],
      ['diagonal \\', [6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3], 0],
    ];
    for (const [what, moves, winner] of wins) {
      const end = play(moves);
      expect(rules.currentPlayer(end), what).toBe(TERMINAL);
      expect(rules.returns(end), what).toEqual(winner === 0 ? [1, -1] : [-1, 1]);
      expect(rules.legalActions(end)).toEqual([]);
      expect(() => rules.apply(end, 4)).toThrow(/over/);
      expect(rules.currentPlayer(play(moves.slice(0, -1))), what).toBe(winner);
    }
  });

  it('scores a full board without a line as a draw', () => {
    // Columns filled in the order 0 1 4 5 2 3 6, each to the top (columns 2 and 3 alternate): no four anywhere.
    const moves = [...[0, 1, 4, 5].flatMap((c) => Array(6).fill(c) as number[]), 2, 3, 3, 2, 2, 3, 3, 2, 2, 3, 3, 2];
    const almost = play(moves);
    expect(rules.legalActions(almost)).toEqual([6]);
    const draw = play([...moves, 6, 6, 6, 6, 6, 6]);
    expect(rules.currentPlayer(draw)).toBe(TERMINAL);
    expect(rules.returns(draw)).toEqual([0, 0]);
    expect(rules.turnCount(draw)).toBe(42);
  });

  it('accepts as state text exactly the boards legal play reaches (every board of a 3×3 game checked)', () => {
    const tiny = createConnectFourRules({ id: 'c3-3x3', title: 'tiny', rows: 3, columns: 3, connect: 3 });
    const reached = new Set<string>();
    const walk = (board: string): void => {
      if (reached.has(board)) return;
      reached.add(board);
      for (const a of tiny.legalActions({ board })) walk(tiny.apply({ board }, a).board);
    };
    walk(tiny.initialState().board);
    let accepted = 0;
    for (let i = 0; i < 3 ** 9; i++) {
      let board = '';
      for (let k = 0, n = i; k < 9; k++, n = Math.floor(n / 3)) board += '.xo'[n % 3];
      if (tiny.board.isReachable(board)) {
        accepted++;
        expect(reached.has(board), board).toBe(true);
      }
    }
    expect(accepted).toBe(reached.size);
    // On the real board: a floating disc, O first, and a move after a line are all refused.
    const empty = '.'.repeat(42);
    expect(() => rules.deserialize(JSON.stringify({ board: `x${empty.slice(1)}` }))).toThrow(/valid state/);
    expect(() => rules.deserialize(JSON.stringify({ board: `${empty.slice(1)}o` }))).toThrow(/valid state/);
    const won = play([0, 0, 1, 1, 2, 2, 3]).board;
    const after = `${won.slice(0, 41)}o`;
    expect(() => rules.deserialize(JSON.stringify({ board: after }))).toThrow(/valid state/);
    expect(rules.deserialize(JSON.stringify({ board: won })).board).toBe(won);
  });
});

describe('connect-four text', () => {
  const s = play([3, 3, 4]);

  it("shows TextArena's board under the rules for this player, then Next Action", () => {
    const obs = connectFour.text.observe(s, 1, 'full');
    expect(obs.startsWith("You are Player 1 in a game of Connect Four. Your discs are 'O'")).toBe(true);
    expect(obs).toContain("'[col 3]' or '[3]'");
    expect(obs).toContain(
      [
        'Board state:',
        '0 1 2 3 4 5 6',
        '-------------',
        '. . . . . . .',
        '. . . . . . .',
        '. . . . . . .',
        '. . . . . . .',
        '. . . O . . .',
        '. . . X X . .',
      ].join('\n'),
    );
    expect(obs.endsWith('\n\nNext Action:')).toBe(true);
    const won = play([0, 0, 1, 1, 2, 2, 3]);
    expect(connectFour.text.observe(won, 1, 'full')).toContain("Player 0 ('X') connected four in a line. You lose.");
    expect(connectFourSmall.text.observe(play([0, 1, 0, 1, 0], connectFourSmall.rules), 0, 'full')).toContain(
      'connected three in a line. You win.',
    );
  });

  it('writes the compact text: line length, own disc, rows top first, board last', () => {
    expect(connectFour.text.observe(s, 1, 'compact')).toBe(
      'c4 you=O board .......|.......|.......|.......|...O...|...XX..',
    );
    const won = play([0, 0, 1, 1, 2, 2, 3]);
    expect(connectFour.text.observe(won, 0, 'compact')).toBe(
      'c4 you=X result X-wins board .......|.......|.......|.......|OOO....|XXXX...',
    );
    expect(connectFourSmall.text.observe(connectFourSmall.rules.initialState(), 0, 'compact')).toBe(
      'c3 you=X board ...|...|...|...|...|...',
    );
  });

  it("fits every compact prompt, move and EOS in the reference model's 128-token context", () => {
    const longest = new TextEncoder().encode(
      `${connectFour.text.observe(play([0, 0, 1, 1, 2, 2, 3]), 0, 'compact')}\n`,
    );
    // BOS + prompt + `[6]` + EOS.
    expect(1 + longest.length + 3 + 1).toBeLessThanOrEqual(128);
  });

  it('names every move by its column digit, so the moves part at one byte', () => {
    const strings = [0, 1, 2, 3, 4, 5, 6].map(connectFourMoveString);
    expect(strings).toEqual(['[0]', '[1]', '[2]', '[3]', '[4]', '[5]', '[6]']);
    expect(new Set(strings.map((m) => m[1])).size).toBe(7);
    expect(strings.every((m) => m.length === 3 && m.startsWith('[') && m.endsWith(']'))).toBe(true);
  });
});

describe('connect-four answers', () => {
  const s = play([0, 0, 0, 0, 0, 0, 3]);
  const read = (text: string, answers: 'strict' | 'lenient' = 'lenient') =>
    connectFour.text.parse(s, text, { answers });

  it("reads strictly as SPIRAL does: exactly '[3]' or '[col 3]', bare or boxed", () => {
    for (const answer of ['[3]', '[col 3]', '\\boxed{3}', '\\boxed{col 3}', '\\boxed{[3]}', '3'])
      expect(read(answer, 'strict'), answer).toEqual({ ok: true, action: 3 });
    for (const answer of ['[Col 3]', '[col3]', '[ 3 ]', 'I play [3] now', '[0]', '[7]'])
      expect(read(answer, 'strict'), answer).toMatchObject({ ok: false });
  });

  it("also reads TextArena's forms in any case and spacing, the last bracketed column counting", () => {
    expect(read('[COL3]')).toEqual({ ok: true, action: 3 });
    expect(read('I drop it into [ col 4 ].')).toEqual({ ok: true, action: 4 });
    expect(read('[1] or [2]? I choose [2]')).toEqual({ ok: true, action: 2 });
    expect(read('Column [0] is full')).toMatchObject({ ok: false, reason: /column 0 is full/ });
    expect(read('\\boxed{col 9}')).toMatchObject({ ok: false, reason: /off the board \(columns 0-6\)/ });
    expect(read('the middle one')).toMatchObject({ ok: false });
    const over = play([0, 0, 1, 1, 2, 2, 3]);
    expect(connectFour.text.parse(over, '[4]')).toMatchObject({ ok: false, reason: /over/ });
  });

  it('never throws and lands only on legal moves (10,000 move-like strings per mode)', () => {
    const states = [rules.initialState(), s, play([3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2])];
    const fragments = fc.constantFrom('[', ']', '\\boxed{', '}', 'col', 'COL', ' ', '\\text{', 'column');
    const piece = fc.oneof(fragments, fc.integer({ min: -2, max: 12 }).map(String), fc.string({ maxLength: 3 }));
    const answer = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    for (const mode of answerModes) {
      fc.assert(
        fc.property(fc.nat(states.length - 1), answer, (i, text) => {
          const state = states[i]!;
          const result = connectFour.text.parse(state, text, { answers: mode });
          return result.ok ? rules.legalActions(state).includes(result.action) : result.reason.length > 0;
        }),
        { numRuns: 10_000, seed: 44 },
      );
    }
  });
});

describe('connect-four variants', () => {
  it('declares its properties from the size', () => {
    expect(rules.info).toMatchObject({ id: 'connect-four', players: 2, zeroSum: true, perfectInformation: true });
    expect(rules.info.maxTurns).toBe(connectFourVariant.rows * connectFourVariant.columns);
    expect(connectFourSmall.rules.info.maxTurns).toBe(18);
    expect(() => createConnectFourRules({ ...connectFourVariant, connect: 8 })).toThrow(/does not fit/);
  });
});
