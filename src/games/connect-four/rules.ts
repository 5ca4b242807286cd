import { z } from 'zod';
import { type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';

/**
 * Connect Four as TextArena's ConnectFour-v0 plays it (research/spiral.md §4.4; TextArena
 * `textarena/envs/ConnectFour/env.py`): 6 rows × 7 columns, player 0 drops 'X' and moves first, player 1 drops 'O';
 * a disc falls to the lowest empty cell of its column; a line of four (across, up and down, or diagonal) wins; a full
 * board with no line is a draw. Returns +1/−1, 0/0 for a draw. No chance. The rules take any size and line length,
 * so a small variant can be solved exactly (`connect-four-small`).
 */

export interface ConnectFourVariant {
  /** Registry id, e.g. `connect-four`. */
  readonly id: string;
  readonly title: string;
  readonly rows: number;
  readonly columns: number;
  /** Discs in a line that win (4 in Connect Four). */
  readonly connect: number;
}

/** TextArena's ConnectFour-v0 (`num_rows=6, num_cols=7`). */
export const connectFourVariant: ConnectFourVariant = {
  id: 'connect-four',
  title: 'Connect Four',
  rows: 6,
  columns: 7,
  connect: 4,
};

/**
 * 3 columns × 6 rows, three in a line wins: a draw under perfect play that takes a 12-ply search to hold, small
 * enough for the generic minimax and best-response walks (25,753 boards) and for reading a player's whole table
 * (15,605 boards where a player moves, under the policy-table walk's 30,000). Why this size and not 4×4:
 * docs/games/connect-four.md, "The small variant".
 */
export const connectFourSmallVariant: ConnectFourVariant = {
  id: 'connect-four-small',
  title: 'Connect Four, small (3 columns × 6 rows, three in a line)',
  rows: 6,
  columns: 3,
  connect: 3,
};

/** Board characters: `.` empty, `x` player 0's disc, `o` player 1's. */
export const EMPTY = '.';
export const discs = ['x', 'o'] as const;

export interface ConnectFourState {
  /**
   * `rows × columns` characters from `.xo`, the top row first and each row left to right, as TextArena prints the
   * board: cell (row r from the top, column c) is `board[r * columns + c]`.
   */
  readonly board: string;
}

/** Every line of `connect` cells on the board, as cell indices (rows, columns, both diagonals). */
export function boardLines(variant: ConnectFourVariant): readonly (readonly number[])[] {
  const { rows, columns, connect } = variant;
  const lines: number[][] = [];
  const directions = [
    [0, 1],
    [1, 0],
    [1, 1],
    [1, -1],
  ] as const;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      for (const [dr, dc] of directions) {
        const endR = r + dr * (connect - 1);
        const endC = c + dc * (connect - 1);
        if (endR < 0 || endR >= rows || endC < 0 || endC >= columns) continue;
        lines.push(Array.from({ length: connect }, (_, k) => (r + dr * k) * columns + (c + dc * k)));
      }
  return lines;
}

/** The pure functions of one variant's board, shared by the rules, the text and the tests. */
export interface ConnectFourBoard {
  readonly variant: ConnectFourVariant;
  readonly cells: number;
  readonly lines: readonly (readonly number[])[];
  /** Discs on the board (the number of moves made). */
  moveCount(board: string): number;
  /** The player who owns a line, or −1 when there is none. */
  winnerOf(board: string): number;
  /** The board after `player` drops a disc into `column` (the column must have room). */
  drop(board: string, column: number, player: number): string;
  /** True for exactly the boards legal play reaches (see `isReachable` in the function body). */
  isReachable(board: string): boolean;
}

export function connectFourBoard(variant: ConnectFourVariant): ConnectFourBoard {
  const { rows, columns } = variant;
  const cells = rows * columns;
  const lines = boardLines(variant);
  const moveCount = (board: string): number => {
    let n = 0;
    for (let i = 0; i < cells; i++) if (board.charCodeAt(i) !== 46 /* '.' */) n++;
    return n;
  };
  const winnerOf = (board: string): number => {
    for (const line of lines) {
      const m = board[line[0]!];
      if (m === EMPTY) continue;
      if (line.every((i) => board[i] === m)) return m === discs[0] ? 0 : 1;
    }
    return -1;
  };
  const drop = (board: string, column: number, player: number): string => {
    for (let r = rows - 1; r >= 0; r--) {
      const i = r * columns + column;
      if (board[i] === EMPTY) return board.slice(0, i) + discs[player] + board.slice(i + 1);
    }
    throw new RangeError(`${variant.id}: column ${column} is full`);
  };

  /**
   * Legal play reaches a board iff its discs rest on each other, X has as many discs as O or one more, and the moves
   * can be taken back one by one, the last mover's disc from the top of a column each time, with no line left after
   * the first take-back (play stops at a line, so only the last move may make one). Searched depth first; boards that
   * cannot be unplayed are remembered, so the walk is bounded by the product of (column height + 1).
   */
  const isReachable = (board: string): boolean => {
    if (board.length !== cells || !/^[.xo]*$/.test(board)) return false;
    for (let c = 0; c < columns; c++)
      for (let r = 1; r < rows; r++)
        if (board[(r - 1) * columns + c] !== EMPTY && board[r * columns + c] === EMPTY) return false;
    const x = [...board].filter((ch) => ch === 'x').length;
    const o = [...board].filter((ch) => ch === 'o').length;
    if (x !== o && x !== o + 1) return false;
    const dead = new Set<string>();
    const unplay = (b: string, n: number): boolean => {
      if (n === 0) return true;
      if (dead.has(b)) return false;
      const last = discs[(n - 1) % 2];
      for (let c = 0; c < columns; c++) {
        let r = 0;
        while (r < rows && b[r * columns + c] === EMPTY) r++;
        const i = r * columns + c;
        if (r === rows || b[i] !== last) continue;
        const before = b.slice(0, i) + EMPTY + b.slice(i + 1);
        if (winnerOf(before) < 0 && unplay(before, n - 1)) return true;
      }
      dead.add(b);
      return false;
    };
    return unplay(board, x + o);
  };
  return { variant, cells, lines, moveCount, winnerOf, drop, isReachable };
}

export type ConnectFourRules = Game<ConnectFourState> & { readonly board: ConnectFourBoard };

export function createConnectFourRules(variant: ConnectFourVariant): ConnectFourRules {
  const { id, rows, columns, connect } = variant;
  if (!(Number.isInteger(rows) && Number.isInteger(columns) && rows >= 1 && columns >= 1 && connect >= 2))
    throw new RangeError(`${id}: rows and columns must be positive integers and connect at least 2`);
  if (connect > Math.max(rows, columns)) throw new RangeError(`${id}: a line of ${connect} does not fit the board`);
  const board = connectFourBoard(variant);
  const { cells } = board;
  const info: GameInfo = {
    id,
    title: variant.title,
    players: 2,
    zeroSum: true,
    perfectInformation: true,
    chance: false,
    maxTurns: cells,
    actionSpace: 'finite',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };

  const currentPlayer = (state: ConnectFourState): number => {
    const n = board.moveCount(state.board);
    if (n === cells || board.winnerOf(state.board) >= 0) return TERMINAL;
    return n % 2;
  };

  const schema = z.object({
    board: z.string().refine(board.isReachable, {
      message: `board must be ${cells} characters from ".xo", top row first, that legal play can reach (x moves first, discs rest on each other, nothing after a line)`,
    }),
  });

  return {
    info,
    board,
    initialState: () => ({ board: EMPTY.repeat(cells) }),
    currentPlayer,
    chanceOutcomes: () => [],
    // Columns whose top cell is empty, ascending (the top row is the first `columns` characters).
    legalActions(state) {
      if (currentPlayer(state) === TERMINAL) return [];
      const moves: number[] = [];
      for (let c = 0; c < columns; c++) if (state.board[c] === EMPTY) moves.push(c);
      return moves;
    },
    apply(state, action) {
      const actor = currentPlayer(state);
      if (actor === TERMINAL) throw new RangeError(`${id}: the game is over; no more moves`);
      if (!Number.isInteger(action) || action < 0 || action >= columns || state.board[action] !== EMPTY)
        throw new RangeError(`${id}: column ${action} is not a column 0-${columns - 1} with room on ${state.board}`);
      return { board: board.drop(state.board, action, actor) };
    },
    returns(state) {
      const w = board.winnerOf(state.board);
      if (w < 0) return [0, 0];
      return w === 0 ? [1, -1] : [-1, 1];
    },
    // The board alone, for both players: the game is Markov, so solvers key policies by board.
    informationStateKey: (state) => state.board,
    turnCount: (state) => board.moveCount(state.board),
    clone: (state) => ({ board: state.board }),
    serialize: (state) => JSON.stringify({ board: state.board }),
    deserialize: (text) => parseStateJson(id, schema, text),
  };
}
