import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { ticTacToeLegalStrings } from './actions.ts';
import { EMPTY, type TicTacToeState, ticTacToeRules, winnerOf } from './rules.ts';

const shown = { o: 'O', x: 'X' } as const;
const markName = ['O', 'X'] as const;

function cellText(board: string, cell: number): string {
  const c = board[cell];
  return c === 'o' || c === 'x' ? shown[c] : String(cell);
}

/** The 3×3 grid, empty cells showing their number so a move can be read off it (TextArena's layout). */
export function renderBoard(board: string): string {
  const rows = [0, 1, 2].map((r) => [0, 1, 2].map((c) => ` ${cellText(board, r * 3 + c)} `).join('|'));
  return rows.join('\n---+---+---\n');
}

function preamble(player: number): string {
  const mine = markName[player] ?? 'O';
  const theirs = markName[1 - player] ?? 'X';
  return [
    `You are Player ${player} in a game of Tic Tac Toe.`,
    'You win by getting three of your marks in a line: a row, a column or a diagonal.',
    'When it is your turn, select the cell number (0-8) where your mark goes.',
    "For example, '[4]' puts your mark in the middle cell.",
    '',
    `You play '${mine}' and your opponent plays '${theirs}'. 'O' moves first.`,
  ].join('\n');
}

function resultText(state: TicTacToeState, player: number): string {
  const w = winnerOf(state.board);
  if (w < 0) return 'Game over: the board is full with no line of three. It is a draw.';
  return `Game over: Player ${w} ('${markName[w]}') made a line of three. ${w === player ? 'You win.' : 'You lose.'}`;
}

/**
 * `full`: TextArena's first-and-last layout as SPIRAL shows it (research/spiral.md §4.2): the rules for this
 * player, the current board, the free cells, then `Next Action:`. `compact`: `ttt you=O board O.X|...|...` — no
 * move list (the built-in LM decodes only legal moves) and the board last, so each cell sits at a fixed distance
 * from the answer. Measured on the small model fitting minimax play: a third of the tokens, and it learns where
 * the layout with the move list after the board stalled (docs/results.md, "Full width").
 */
export function observeTicTacToe(state: TicTacToeState, player: number, format: ObservationFormat): string {
  const over = ticTacToeRules.currentPlayer(state) === TERMINAL;
  if (format === 'compact') {
    const rows = [0, 3, 6].map((i) =>
      [...state.board.slice(i, i + 3)].map((c) => (c === EMPTY ? '.' : c.toUpperCase())).join(''),
    );
    const result = over ? ` result ${resultCompact(state)}` : '';
    return `ttt you=${markName[player] ?? '?'}${result} board ${rows.join('|')}`;
  }
  const moves = over ? [] : ticTacToeLegalStrings(state);
  const parts = [preamble(player), '', `Current Board:\n\n${renderBoard(state.board)}`];
  if (over) parts.push('', resultText(state, player));
  else parts.push('', `Available Moves: ${moves.map((m) => `'${m}'`).join(', ')}`, '', 'Next Action:');
  return parts.join('\n');
}

function resultCompact(state: TicTacToeState): string {
  const w = winnerOf(state.board);
  return w < 0 ? 'draw' : `${markName[w]}-wins`;
}
