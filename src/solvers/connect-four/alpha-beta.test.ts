import { describe, expect, it } from 'vitest';
import { connectFourSmallVariant, connectFourVariant, createConnectFourRules } from '../../games/connect-four/index.ts';
import { TERMINAL } from '../../spec/game.ts';
import { createRng } from '../../util/rng.ts';
import { solveMinimax } from '../minimax.ts';
import { createConnectFourSearch, WIN } from './alpha-beta.ts';

const full = createConnectFourRules(connectFourVariant);
const small = createConnectFourRules(connectFourSmallVariant);

/** Player to move's result under perfect play (+1 / 0 / −1), by plain negamax over a grid: no table, no heuristic. */
function plainNegamax(board: string, rows: number, columns: number, connect: number): number {
  const grid = [...board];
  const at = (r: number, c: number) => (r < 0 || r >= rows || c < 0 || c >= columns ? '?' : grid[r * columns + c]);
  const wins = (r: number, c: number, disc: string): boolean =>
    [
      [0, 1],
      [1, 0],
      [1, 1],
      [1, -1],
    ].some(([dr = 0, dc = 0]) => {
      let run = 1;
      for (let k = 1; at(r + k * dr, c + k * dc) === disc; k++) run++;
      for (let k = 1; at(r - k * dr, c - k * dc) === disc; k++) run++;
      return run >= connect;
    });
  const solve = (discs: number, alpha: number, beta: number): number => {
    if (discs === rows * columns) return 0;
    const disc = discs % 2 === 0 ? 'x' : 'o';
    let best = -1;
    for (let c = 0; c < columns; c++) {
      let r = rows - 1;
      while (r >= 0 && grid[r * columns + c] !== '.') r--;
      if (r < 0) continue;
      if (wins(r, c, disc)) return 1;
      grid[r * columns + c] = disc;
      const v = -solve(discs + 1, -beta, -alpha);
      grid[r * columns + c] = '.';
      best = Math.max(best, v);
      alpha = Math.max(alpha, v);
      if (alpha >= beta) break;
    }
    return best;
  };
  return solve(grid.filter((ch) => ch !== '.').length, -1, 1) || 0;
}

/** +1 / 0 / −1 from a search score (never −0, which `toBe` tells from 0). */
const outcome = (score: number, sign = 1) => (score > WIN / 2 ? sign : score < -WIN / 2 ? -sign : 0);

describe('connect-four alpha-beta search', () => {
  it('searched to the end, matches minimax at every board of connect-four-small: value and an optimal move', () => {
    const solution = solveMinimax(small);
    const search = createConnectFourSearch(connectFourSmallVariant, { tableSize: 65_537 });
    let checked = 0;
    for (const [board, best] of solution.optimalMoves) {
      const result = search.search(board, { depth: 18 });
      const mover = small.currentPlayer({ board });
      expect(outcome(result.score, mover === 0 ? 1 : -1), board).toBe(solution.values.get(board));
      expect(best, board).toContain(small.legalActions({ board }).indexOf(result.column));
      checked++;
    }
    expect(checked).toBe(15_605);
  });

  it('searched to the end, agrees with a plain negamax on late 6×7 positions', () => {
    const search = createConnectFourSearch(connectFourVariant);
    const rng = createRng(5);
    const seen = [0, 0, 0];
    let checked = 0;
    while (checked < 40) {
      let state = full.initialState();
      const stopAt = 30 + rng.int(3);
      while (full.currentPlayer(state) !== TERMINAL && full.turnCount(state) < stopAt) {
        const legal = full.legalActions(state);
        state = full.apply(state, legal[rng.int(legal.length)]!);
      }
      if (full.currentPlayer(state) === TERMINAL) continue;
      const result = search.search(state.board, { depth: 42 });
      const truth = plainNegamax(state.board, 6, 7, 4);
      expect(outcome(result.score), state.board).toBe(truth);
      seen[truth + 1]!++;
      checked++;
    }
    // Losses, draws and wins for the player to move all occur among them.
    expect(
      seen.every((n) => n > 0),
      String(seen),
    ).toBe(true);
  });

  it('takes a win on the move, blocks the opponent’s, and prefers the quicker win', () => {
    const search = createConnectFourSearch(connectFourVariant);
    const play = (columns: number[]) => columns.reduce((s, c) => full.apply(s, c), full.initialState()).board;
    // X has three across the bottom (0-2): X to move wins at 3 at once.
    const win = search.search(play([0, 0, 1, 1, 2, 2]), { depth: 6 });
    expect(win).toMatchObject({ column: 3, proven: 'win', score: WIN - 1 });
    // O to move must block X's three in column 4.
    expect(search.search(play([4, 0, 4, 1, 4]), { depth: 4 }).column).toBe(4);
  });

  it('is deterministic: the same board and limits give the same move, whatever was searched before', () => {
    const board = '.'.repeat(35) + '...x...';
    const a = createConnectFourSearch(connectFourVariant).search(board, { depth: 7 });
    const other = createConnectFourSearch(connectFourVariant);
    other.search('.'.repeat(35) + 'x......', { depth: 9 });
    expect(other.search(board, { depth: 7 })).toEqual(a);
  });

  it('keeps the deepest finished iteration when the node budget runs out', () => {
    const search = createConnectFourSearch(connectFourVariant);
    const board = '.'.repeat(42);
    const capped = search.search(board, { depth: 12, maxNodes: 500 });
    expect(capped.depth).toBeGreaterThanOrEqual(1);
    expect(capped.depth).toBeLessThan(12);
    expect(full.legalActions({ board })).toContain(capped.column);
    expect(search.search(board, { depth: 1, maxNodes: 1 }).depth).toBe(1);
  });

  it('refuses boards it cannot search', () => {
    const search = createConnectFourSearch(connectFourVariant);
    expect(() => search.search('x'.padEnd(42, '.'), { depth: 2 })).toThrow(/floats/);
    expect(() => search.search('.'.repeat(41) + 'o', { depth: 2 })).toThrow(/x discs/);
    expect(() => search.search('.'.repeat(35) + 'xxxxooo', { depth: 2 })).toThrow(/over/);
    expect(() => search.search('.'.repeat(42), { depth: 0 })).toThrow(/depth/);
    expect(() => search.search('...', { depth: 2 })).toThrow(/board/);
    expect(() => createConnectFourSearch({ rows: 7, columns: 7, connect: 4 })).toThrow(/too big/);
  });
});
