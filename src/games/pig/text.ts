import type { ObservationFormat } from '../../spec/game-text.ts';
import { type PigState, type PigVariant, pigMover } from './rules.ts';

function rulesText(variant: PigVariant): string {
  const { target, turnCap } = variant;
  const cap =
    turnCap === undefined
      ? '- There is no turn limit.'
      : `- The game ends after ${turnCap} turns (${Math.ceil(turnCap / 2)} each); then the higher score wins, and equal scores are a draw.`;
  return [
    'Rules:',
    "- On your turn you choose '[roll]' or '[hold]', again and again until your turn ends.",
    '- Roll a 2-6: it is added to your turn total.',
    '- Roll a 1: you lose your turn total and your turn ends.',
    '- Hold: your turn total is added to your score and your turn ends.',
    `- First to ${target} points wins: once your score plus your turn total reaches ${target}, it is banked and you win.`,
    cap,
    "Answer with '[roll]' to roll the die or '[hold]' to bank your points.",
  ].join('\n');
}

/** From `player`'s side: `win`, `loss` or `draw`. */
function resultFor(state: PigState, player: number): 'win' | 'loss' | 'draw' {
  const lead = state.scores[player]! - state.scores[1 - player]!;
  return lead > 0 ? 'win' : lead < 0 ? 'loss' : 'draw';
}

function turnLine(variant: PigVariant, state: PigState): string {
  const mover = pigMover(state);
  if (variant.turnCap === undefined) return `[GAME] Player ${mover}'s turn.`;
  const left = variant.turnCap - state.turn - 1;
  return `[GAME] Turn ${state.turn + 1} of ${variant.turnCap}, Player ${mover}'s turn (${left} turn${left === 1 ? '' : 's'} left after this one).`;
}

function endLine(variant: PigVariant, state: PigState, player: number): string {
  const [a, b] = state.scores;
  const winner = a > b ? 0 : a < b ? 1 : -1;
  const reached = state.scores.some((s) => s >= variant.target);
  const why = reached
    ? `Player ${winner} reached ${variant.target} points and wins.`
    : winner < 0
      ? `the turn limit is reached with equal scores (${a} each): a draw.`
      : `the turn limit is reached and Player ${winner} wins with the higher score (${Math.max(a, b)} vs ${Math.min(a, b)}).`;
  const verdict = { win: 'You win.', loss: 'You lose.', draw: 'It is a draw.' }[resultFor(state, player)];
  return `[GAME] Game over: ${why} ${verdict}`;
}

/**
 * What `player` reads. Everything in it is fixed by the information-state key (scores, turn total, whose turn, turns
 * left), so a policy table asks each key once. `full`: SPIRAL's PigDice-v1 prompt and status lines in our words —
 * with the scores, which SPIRAL's eval wrapper hides (research/spiral.md §4.4). `compact`: `pig P0 goal 50 turn 7/50
 * me 9 opp 12 total 4`, the player's own score first.
 */
export function observePig(variant: PigVariant, state: PigState, player: number, format: ObservationFormat): string {
  const mine = state.scores[player] ?? 0;
  const theirs = state.scores[1 - player] ?? 0;
  if (format === 'compact') {
    const turn = variant.turnCap === undefined ? '' : ` turn ${state.turn + 1}/${variant.turnCap}`;
    if (state.over)
      return `pig P${player} goal ${variant.target} over me ${mine} opp ${theirs} result ${resultFor(state, player)}`;
    const mover = pigMover(state) === player ? '' : ` waiting P${pigMover(state)}`;
    return `pig P${player} goal ${variant.target}${turn}${mover} me ${mine} opp ${theirs} total ${state.turnTotal}`;
  }
  const lines = [
    `[GAME] You are Player ${player} in a game of Pig, a dice game for two players.\n${rulesText(variant)}`,
    '',
    state.over ? endLine(variant, state, player) : turnLine(variant, state),
    '',
    `Player 0 score: ${state.scores[0]}\nPlayer 1 score: ${state.scores[1]}`,
  ];
  if (!state.over) {
    lines.push('', `Current turn total: ${state.turnTotal}`);
    if (pigMover(state) === player && !state.rolling) lines.push("Available actions: '[roll]' or '[hold]'");
  }
  return lines.join('\n');
}
