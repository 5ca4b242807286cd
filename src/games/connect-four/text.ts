import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import type { ConnectFourRules, ConnectFourState, ConnectFourVariant } from './rules.ts';

const discName = ['X', 'O'] as const;
const numberWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** `four`, `three`: the winning line's length in words. */
function lineLength(connect: number): string {
  return numberWords[connect] ?? String(connect);
}

/**
 * The board as TextArena's ConnectFour-v0 prints it (research/spiral.md §4.4): the column numbers, a rule of dashes
 * as wide as they are, then the rows top first, cells `.`/`X`/`O` separated by spaces.
 */
export function renderBoard(variant: ConnectFourVariant, board: string): string {
  const { rows, columns } = variant;
  const header = Array.from({ length: columns }, (_, c) => String(c)).join(' ');
  const body = Array.from({ length: rows }, (_, r) => [...board.slice(r * columns, (r + 1) * columns)].join(' '));
  return [header, '-'.repeat(header.length), ...body].join('\n').toUpperCase();
}

function preamble(variant: ConnectFourVariant, player: number): string {
  const { rows, columns, connect } = variant;
  const mine = discName[player] ?? 'X';
  const theirs = discName[1 - player] ?? 'O';
  return [
    `You are Player ${player} in a game of Connect Four${connect === 4 ? '' : ` (a small version: ${lineLength(connect)} in a line wins)`}. Your discs are '${mine}'; your opponent's are '${theirs}'. 'X' moves first.`,
    `The board has ${rows} rows and ${columns} columns, numbered 0 to ${columns - 1}. On your turn you drop a disc into a column that is not full, and it falls to the lowest empty cell.`,
    `Connect ${connect} of your discs in a line - across, up and down, or diagonally - to win. If the board fills up first, the game is a draw.`,
    "Answer with the column number in square brackets, for example '[col 3]' or '[3]'.",
  ].join('\n');
}

function resultText(rules: ConnectFourRules, state: ConnectFourState, player: number): string {
  const w = rules.board.winnerOf(state.board);
  if (w < 0) return 'Game over: the board is full with no line. It is a draw.';
  const line = `${lineLength(rules.board.variant.connect)} in a line`;
  return `Game over: Player ${w} ('${discName[w]}') connected ${line}. ${w === player ? 'You win.' : 'You lose.'}`;
}

function compactResult(rules: ConnectFourRules, state: ConnectFourState): string {
  const w = rules.board.winnerOf(state.board);
  return w < 0 ? 'draw' : `${discName[w]}-wins`;
}

/**
 * `full`: SPIRAL's evaluation view of ConnectFour-v0 (its first-and-last wrapper, research/spiral.md §4): the rules
 * for this player in our words, `Board state:` with the board as TextArena draws it, then `Next Action:`; TextArena
 * lists no moves, and neither do we. At the end the result replaces `Next Action:`. `compact`: `c4 you=X board
 * .......|...|...X...` — the line length that wins (`c4`, `c3`), the player's disc, the rows top first, `|` between
 * them, no move list (the built-in LM decodes only legal moves) and the board last, so the bottom rows, where play
 * starts, sit next to the answer (as tic-tac-toe's compact text; 62 bytes on the 6×7 board).
 */
export function observeConnectFour(
  rules: ConnectFourRules,
  state: ConnectFourState,
  player: number,
  format: ObservationFormat,
): string {
  const { variant } = rules.board;
  const over = rules.currentPlayer(state) === TERMINAL;
  if (format === 'compact') {
    const rows = Array.from({ length: variant.rows }, (_, r) =>
      state.board.slice(r * variant.columns, (r + 1) * variant.columns).toUpperCase(),
    );
    const result = over ? ` result ${compactResult(rules, state)}` : '';
    return `c${variant.connect} you=${discName[player] ?? '?'}${result} board ${rows.join('|')}`;
  }
  const parts = [preamble(variant, player), '', `Board state:\n${renderBoard(variant, state.board)}`, ''];
  parts.push(over ? resultText(rules, state, player) : 'Next Action:');
  return parts.join('\n');
}
