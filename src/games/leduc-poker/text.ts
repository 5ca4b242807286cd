import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { leducActionString, leducLegalStrings } from './actions.ts';
import { cardName, type LeducState, leducRules, showdownWinner, summarizeBetting } from './rules.ts';

const rulesText = [
  'Rules:',
  '- The deck has six cards: two Jacks (J), two Queens (Q) and two Kings (K); K is highest.',
  '- Each player antes 1 chip and gets one private card. There are two betting rounds; after the first, one',
  '  public card is turned face up for both players. Player 0 acts first in both rounds.',
  "- '[check]': put in nothing more (only when you owe nothing)",
  "- '[call]': put in as many chips as your opponent has",
  "- '[raise]': call, then add 2 chips in round 1 or 4 chips in round 2 (at most two raises per round)",
  "- '[fold]': give up the hand (only when you owe chips); your opponent takes the pot",
  '- A round ends when both players check or when a raise is called.',
  '- Showdown: a private card of the same rank as the public card wins; otherwise the higher private card',
  '  wins; equal ranks split the pot.',
].join('\n');

type Move = readonly [player: number, move: string];

/** Each round's moves as `[player, '[raise]']`, named as they were named when played. */
function roundMoves(state: LeducState, round: number): Move[] {
  const actions = state.rounds[round] ?? [];
  return actions.map((action, i) => {
    const before: LeducState =
      round === 0
        ? { cards: state.cards.slice(0, 2), rounds: [actions.slice(0, i), []] }
        : { cards: state.cards, rounds: [state.rounds[0], actions.slice(0, i)] };
    return [i % 2, leducActionString(before, action)];
  });
}

/** Observation of a Leduc hand for `player`: `full` is TextArena's `[GAME]`/`[Player N]` history layout. */
export function observeLeduc(state: LeducState, player: number, format: ObservationFormat): string {
  const own = state.cards[player];
  const card = own === undefined ? '?' : cardName(own);
  const pub = state.cards[2];
  const actor = leducRules.currentPlayer(state);
  const moves = actor === player ? leducLegalStrings(state) : [];
  const { contributions } = summarizeBetting(state);
  const pot = contributions[0] + contributions[1];
  const mine = contributions[player] ?? 0;
  const terminal = actor === TERMINAL;

  if (format === 'compact') {
    const parts = [`leduc P${player} card ${card}`, compactMoves(roundMoves(state, 0))];
    if (pub !== undefined) parts.push(`public ${cardName(pub)}`, compactMoves(roundMoves(state, 1)));
    parts.push(`pot ${pot} yours ${mine}`);
    if (moves.length > 0) parts.push(`moves ${moves.join(' ')}`);
    if (terminal) parts.push(compactOutcome(state));
    return parts.join(' | ');
  }

  const lines = [
    `[GAME] You are Player ${player} in one hand of Leduc Hold'em. Win as many chips as you can.\n${rulesText}`,
    `[GAME] Your card is: ${card}`,
  ];
  for (const [p, move] of roundMoves(state, 0)) lines.push(`[Player ${p}] ${move}`);
  if (pub !== undefined) {
    lines.push(`[GAME] Round 2 begins. The public card is: ${cardName(pub)}`);
    for (const [p, move] of roundMoves(state, 1)) lines.push(`[Player ${p}] ${move}`);
  }
  if (moves.length > 0) {
    lines.push(`[GAME] The pot holds ${pot} chips; you have put in ${mine}.`);
    lines.push(`[GAME] Your available actions are: ${moves.join(', ')}`);
  }
  if (terminal) lines.push(`[GAME] ${outcomeText(state)}`);
  return lines.join('\n');
}

function compactMoves(moves: readonly Move[]): string {
  return moves.map(([p, move]) => `P${p}${move}`).join(' ') || '-';
}

function compactOutcome(state: LeducState): string {
  const [r0 = 0] = leducRules.returns(state);
  const { folder } = summarizeBetting(state);
  const result = r0 === 0 ? 'split' : `P${r0 > 0 ? 0 : 1} +${Math.abs(r0)}`;
  // A fold already shows in the moves; a showdown adds the cards it revealed (P0's, P1's, public).
  if (folder !== undefined) return result;
  return `showdown ${state.cards.map(cardName).join(' ')}: ${result}`;
}

function outcomeText(state: LeducState): string {
  const [r0 = 0] = leducRules.returns(state);
  const { folder } = summarizeBetting(state);
  if (folder !== undefined) return `Player ${folder} folded. Player ${1 - folder} wins ${Math.abs(r0)} chip(s).`;
  const [c0 = 0, c1 = 0, pub = 0] = state.cards;
  const shown = `Showdown: Player 0 had ${cardName(c0)}, Player 1 had ${cardName(c1)}, public card ${cardName(pub)}.`;
  const winner = showdownWinner(state.cards);
  if (winner === undefined) return `${shown} Equal ranks: the pot is split and nobody wins chips.`;
  const paired = cardName(state.cards[winner] ?? 0) === cardName(pub);
  const why = paired ? 'pairs the public card' : 'has the higher card';
  return `${shown} Player ${winner} ${why} and wins ${Math.abs(r0)} chip(s).`;
}
