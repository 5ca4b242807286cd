import { z } from 'zod';
import { type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';

/**
 * Tic-tac-toe with TextArena's mark convention (research/spiral.md §4.2): player 0 plays 'O' and moves first,
 * player 1 plays 'X'. Cells 0–8 row-major; an action is the cell index. Returns +1/−1 for a win/loss, 0/0 for a
 * full board without a line. No chance. The game is Markov, so the board alone is the information-state key.
 */

/** Board characters: `.` empty, `o` player 0's mark, `x` player 1's mark. */
export const EMPTY = '.';
export const marks = ['o', 'x'] as const;

export interface TicTacToeState {
  /** Nine characters from `.ox`, cells 0–8 row-major, e.g. `o...x....`. */
  readonly board: string;
}

export const ticTacToeInfo: GameInfo = {
  id: 'tic-tac-toe',
  title: 'Tic-tac-toe',
  players: 2,
  zeroSum: true,
  perfectInformation: true,
  chance: false,
  maxTurns: 9,
  actionSpace: 'finite',
  returnRange: [-1, 1],
  winDrawLoss: true,
};

/** The eight winning lines: three rows, three columns, two diagonals. */
export const lines: readonly (readonly [number, number, number])[] = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
];

/** Marks on the board (equals the number of moves made, since marks are never removed). */
export function moveCount(board: string): number {
  let n = 0;
  for (let i = 0; i < 9; i++) if (board.charCodeAt(i) !== 46 /* '.' */) n++;
  return n;
}

/** The player who owns a completed line, or -1 when there is none. */
export function winnerOf(board: string): number {
  for (const [a, b, c] of lines) {
    const m = board[a];
    if (m !== EMPTY && m === board[b] && m === board[c]) return m === marks[0] ? 0 : 1;
  }
  return -1;
}

function currentPlayer(state: TicTacToeState): number {
  const n = moveCount(state.board);
  if (n === 9 || winnerOf(state.board) >= 0) return TERMINAL;
  return n % 2;
}

function legalActions(state: TicTacToeState): number[] {
  if (currentPlayer(state) === TERMINAL) return [];
  const moves: number[] = [];
  for (let i = 0; i < 9; i++) if (state.board[i] === EMPTY) moves.push(i);
  return moves;
}

/**
 * True for exactly the boards reachable by legal play: O has as many marks as X or one more, and a completed
 * line belongs to whoever moved last (so play stopped there).
 */
export function isReachableBoard(board: string): boolean {
  if (!/^[.ox]{9}$/.test(board)) return false;
  const o = [...board].filter((c) => c === 'o').length;
  const x = [...board].filter((c) => c === 'x').length;
  if (o !== x && o !== x + 1) return false;
  const owns = (m: string) => lines.some(([a, b, c]) => board[a] === m && board[b] === m && board[c] === m);
  const oLine = owns('o');
  const xLine = owns('x');
  if (oLine && xLine) return false;
  if (oLine) return o === x + 1;
  if (xLine) return o === x;
  return true;
}

const stateSchema = z.object({
  board: z.string().refine(isReachableBoard, {
    message: 'board must be 9 characters from ".ox" that legal play can reach (o moves first, nothing after a line)',
  }),
});

export const ticTacToeRules: Game<TicTacToeState> = {
  info: ticTacToeInfo,
  initialState: () => ({ board: '.........' }),
  currentPlayer,
  chanceOutcomes: () => [],
  legalActions,
  apply(state, action) {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError('tic-tac-toe: the game is over; no more moves');
    if (!Number.isInteger(action) || action < 0 || action > 8 || state.board[action] !== EMPTY)
      throw new RangeError(`tic-tac-toe: cell ${action} is not an empty cell 0-8 on board ${state.board}`);
    const board = state.board.slice(0, action) + marks[actor] + state.board.slice(action + 1);
    return { board };
  },
  returns(state) {
    const w = winnerOf(state.board);
    if (w < 0) return [0, 0];
    return w === 0 ? [1, -1] : [-1, 1];
  },
  // The board alone (e.g. `o...x....`): the game is Markov, so solvers key tabular policies by board.
  informationStateKey: (state) => state.board,
  turnCount: (state) => moveCount(state.board),
  clone: (state) => ({ board: state.board }),
  serialize: (state) => JSON.stringify({ board: state.board }),
  deserialize: (text) => parseStateJson('tic-tac-toe', stateSchema, text),
};
