import { describe, expect, it } from 'vitest';
import { TERMINAL } from '../../spec/game.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { ticTacToe } from './index.ts';
import { isReachableBoard, lines, type TicTacToeState, ticTacToeRules } from './rules.ts';

runGameConformance(ticTacToe);

const rules = ticTacToeRules;

function play(cells: number[]): TicTacToeState {
  let s = rules.initialState();
  for (const c of cells) s = rules.apply(s, c);
  return s;
}

interface TreeCounts {
  histories: number;
  boards: Set<string>;
  games: number;
  outcomes: [firstWins: number, secondWins: number, draws: number];
  /** Outcome probabilities when both players pick uniformly among legal moves. */
  random: [firstWins: number, secondWins: number, draws: number];
}

/** Walks every move sequence through the public rules API. */
function walkTree(): TreeCounts {
  const counts: TreeCounts = { histories: 0, boards: new Set(), games: 0, outcomes: [0, 0, 0], random: [0, 0, 0] };
  const visit = (state: TicTacToeState, reach: number): void => {
    counts.histories++;
    counts.boards.add(rules.informationStateKey(state, 0));
    if (rules.currentPlayer(state) === TERMINAL) {
      counts.games++;
      const [r0] = rules.returns(state);
      const k = r0 === 1 ? 0 : r0 === -1 ? 1 : 2;
      counts.outcomes[k]++;
      counts.random[k] += reach;
      return;
    }
    const legal = rules.legalActions(state);
    for (const a of legal) visit(rules.apply(state, a), reach / legal.length);
  };
  visit(rules.initialState(), 1);
  return counts;
}

function combinations(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

describe('tic-tac-toe rules', () => {
  it('has the known tree: 549,946 histories, 5,478 boards, 255,168 games (131,184 / 77,904 / 46,080)', () => {
    // Figures from OpenSpiel (research/games.md §5); first player = 'O' here, 'X' there — the counts do not care.
    const counts = walkTree();
    expect(counts.histories).toBe(549_946);
    expect(counts.boards.size).toBe(5_478);
    expect(counts.games).toBe(255_168);
    expect(counts.outcomes).toEqual([131_184, 77_904, 46_080]);
    // Random vs random: 0.58492 / 0.28810 / 0.12698 (research/games.md §5).
    counts.random.forEach((p, i) => {
      expect(p).toBeCloseTo([0.58492, 0.2881, 0.12698][i] ?? 0, 4);
    });
    // The state validator accepts exactly the reachable boards, out of all 3^9 strings.
    let accepted = 0;
    for (let i = 0; i < 3 ** 9; i++) {
      let board = '';
      for (let k = 0, n = i; k < 9; k++, n = Math.floor(n / 3)) board += '.ox'[n % 3];
      if (isReachableBoard(board)) {
        accepted++;
        expect(counts.boards.has(board)).toBe(true);
      }
    }
    expect(accepted).toBe(5_478);
  });

  it('detects a win on each of the 8 lines, for either player, and allows no move after it', () => {
    const isLine = (cells: number[]) => lines.some((l) => cells.every((c) => l.includes(c)));
    for (const line of lines) {
      const [a, b, c] = line;
      const others = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((x) => !line.includes(x));
      // Player 0 completes the line on move 5; player 1's two marks cannot make a line yet.
      const [o1 = -1, o2 = -1] = others;
      const firstWins = play([a, o1, b, o2, c]);
      expect(rules.currentPlayer(firstWins)).toBe(TERMINAL);
      expect(rules.returns(firstWins)).toEqual([1, -1]);
      expect(rules.legalActions(firstWins)).toEqual([]);
      expect(() => rules.apply(firstWins, others[2] ?? -1)).toThrow(/over/);
      // Player 1 completes it on move 6; player 0's three marks off the line are chosen not to form one.
      const triple = combinations(others, 3).find((t) => !isLine(t)) ?? [];
      const [p1 = -1, p2 = -1, p3 = -1] = triple;
      const secondWins = play([p1, a, p2, b, p3, c]);
      expect(rules.currentPlayer(secondWins)).toBe(TERMINAL);
      expect(rules.returns(secondWins)).toEqual([-1, 1]);
      expect(rules.legalActions(secondWins)).toEqual([]);
      // One move earlier the game was still on.
      expect(rules.currentPlayer(play([p1, a, p2, b, p3]))).toBe(1);
    }
  });

  it('alternates O then X, lists empty cells ascending, and scores a full board without a line as a draw', () => {
    const s = play([4, 0]);
    expect(s.board).toBe('x...o....');
    expect(rules.currentPlayer(s)).toBe(0);
    expect(rules.legalActions(s)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(() => rules.apply(s, 4)).toThrow(RangeError);
    const draw = play([0, 4, 8, 1, 7, 6, 2, 5, 3]);
    expect(draw.board).toBe('oxooxxxoo');
    expect(rules.currentPlayer(draw)).toBe(TERMINAL);
    expect(rules.returns(draw)).toEqual([0, 0]);
    expect(rules.informationStateKey(s, 1)).toBe('x...o....');
    expect(rules.turnCount(draw)).toBe(9);
  });
});

describe('tic-tac-toe text', () => {
  it('shows the TextArena layout: rules, numbered board, available moves, Next Action', () => {
    const s = play([4, 0]);
    const obs = ticTacToe.text.observe(s, 0, 'full');
    expect(obs).toContain('You are Player 0');
    expect(obs).toContain("You play 'O'");
    expect(obs).toContain(' X | 1 | 2 \n---+---+---\n 3 | O | 5 \n---+---+---\n 6 | 7 | 8 ');
    expect(obs).toContain("Available Moves: '[1]', '[2]', '[3]', '[5]', '[6]', '[7]', '[8]'");
    expect(obs.endsWith('Next Action:')).toBe(true);
    expect(ticTacToe.text.observe(s, 0, 'compact')).toBe('ttt you=O board X..|.O.|...');
    const won = play([0, 3, 1, 4, 2]);
    expect(ticTacToe.text.observe(won, 1, 'full')).toContain('You lose.');
    expect(ticTacToe.text.observe(won, 1, 'compact')).toBe('ttt you=X result O-wins board OOO|XX.|...');
  });

  it('parses bracketed, boxed and chatty answers; rejects occupied cells and garbage', () => {
    const s = play([4, 0]);
    expect(ticTacToe.text.parse(s, '[8]')).toEqual({ ok: true, action: 8 });
    expect(ticTacToe.text.parse(s, 'I think \\boxed{2}')).toEqual({ ok: true, action: 2 });
    expect(ticTacToe.text.parse(s, 'The corner [ 6 ] is best.')).toEqual({ ok: true, action: 6 });
    expect(ticTacToe.text.parse(s, '[4]')).toMatchObject({ ok: false });
    expect(ticTacToe.text.parse(s, '\\boxed{9}')).toMatchObject({ ok: false });
    expect(ticTacToe.text.parse(s, 'center please')).toMatchObject({ ok: false });
  });
});
