import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { aliveSeats, boardRows, movesBeforeRound, type SnakeRules, type SnakeState } from './rules.ts';

/**
 * The board as TextArena's Snake-v0 draws it (research/spiral.md §4.4): a `+---+` frame, rows top first (y grows
 * upward), cells separated by spaces; a head is its snake's number, a body cell `#`, an apple `A`, empty `.`.
 */
export function renderBoard(rows: readonly string[]): string {
  const width = rows[0]?.length ?? 0;
  const rule = `+${'-'.repeat(width * 2 + 1)}+`;
  return [rule, ...rows.map((r) => `| ${[...r].join(' ')} |`), rule].join('\n');
}

function preamble(rules: SnakeRules, player: number): string {
  const { players, width, height, maxTurns } = rules.config;
  return [
    `You are Player ${player} and control snake ${player} in a ${players}-player game of Snake on a ${width}×${height} grid.`,
    "Every round all living snakes move one cell at the same time: you choose your move without seeing the other snakes' moves for that round.",
    "Moves: '[up]', '[down]', '[left]', '[right]' (or '[w]', '[s]', '[a]', '[d]'); '[up]' goes toward the top row as printed.",
    `On the board a digit is the head of that snake (yours is '${player}'), '#' is a body cell, 'A' is an apple and '.' is empty.`,
    "A snake dies if it moves off the board, onto any snake's body, into the same cell as another head, or swaps cells with another head. A tail moves on during the round unless its snake eats.",
    'Eating an apple scores 1 point and makes your snake one cell longer; a new apple then appears on a random empty cell.',
    `The game ends when at most one snake is alive, or after ${maxTurns} moves in all (each snake's move counts one).`,
    'If exactly one snake survives it gets 1; every other snake gets its apples divided by all the apples eaten (counted as 1 if none were).',
  ].join('\n');
}

function scoresLine(state: SnakeState, player: number): string {
  const parts = state.snakes.map(
    (s, seat) => `snake ${seat}${seat === player ? ' (you)' : ''} ${s.score}${s.alive ? '' : ' (dead)'}`,
  );
  return `Scores: ${parts.join(', ')}.`;
}

function resultText(rules: SnakeRules, state: SnakeState, player: number): string {
  const alive = aliveSeats(state);
  const reward = Number((rules.returns(state)[player] ?? 0).toFixed(3));
  const why =
    alive.length === 1
      ? `snake ${alive[0]} is the only survivor`
      : alive.length === 0
        ? 'no snake is left alive'
        : `the ${rules.config.maxTurns} moves are used up`;
  return `Game over: ${why}. Your reward: ${reward}.`;
}

/**
 * `full`: SPIRAL's view of Snake-v0 (its first-and-last wrapper shows the rules and the latest board): the rules for
 * this player in our words, `Current Board State`, the board as TextArena draws it, the scores, then `Next Action:`
 * (the result at the end). `compact`: `snake you=0 t4/40 sc 1,0 board .....|..A..|.@o..|...1.|A....` — the seat, the
 * moves made before this round out of the limit, the scores (`x` before a dead snake's), then the board last, rows top
 * first: own head `@` and body `o`, other heads their digit and bodies `#` (60 bytes for two snakes on 5×5). No move
 * list: the four moves never change and the built-in LM decodes only legal moves (as tic-tac-toe's compact text).
 * Neither shows a move still pending in the round: only the board the round started from.
 */
export function observeSnake(rules: SnakeRules, state: SnakeState, player: number, format: ObservationFormat): string {
  const over = rules.currentPlayer(state) === TERMINAL;
  const { maxTurns } = rules.config;
  const rows = boardRows(rules.config, state);
  // Moves before this round only: the round's pending moves are never shown, not even how many there are.
  const turns = movesBeforeRound(state);
  if (format === 'compact') {
    const own = state.snakes[player]?.cells ?? [];
    const mine = rows.map((r, i) =>
      [...r]
        .map((ch, x) => {
          const cell = (rows.length - 1 - i) * r.length + x;
          if (own[0] === cell) return '@';
          return own.includes(cell) ? 'o' : ch;
        })
        .join(''),
    );
    const scores = state.snakes.map((s) => `${s.alive ? '' : 'x'}${s.score}`).join(',');
    const result = over
      ? ` over r=${rules
          .returns(state)
          .map((r) => Number(r.toFixed(2)))
          .join(',')}`
      : '';
    return `snake you=${player} t${turns}/${maxTurns} sc ${scores}${result} board ${mine.join('|')}`;
  }
  const parts = [
    preamble(rules, player),
    '',
    `Current Board State (round ${state.past.length + 1}, ${turns} of ${maxTurns} moves made):`,
    renderBoard(rows),
    scoresLine(state, player),
    '',
    over ? resultText(rules, state, player) : 'Next Action:',
  ];
  return parts.join('\n');
}
