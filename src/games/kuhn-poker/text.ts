import type { ObservationFormat } from '../../spec/game-text.ts';
import { kuhnActionString, kuhnLegalStrings } from './actions.ts';
import { BET, cardNames, facingBet, type KuhnState, kuhnRules } from './rules.ts';

const rulesText = [
  'Rules:',
  '- The deck has three cards: J, Q and K (J is lowest, K highest). Each player antes 1 chip and is dealt one card.',
  "- '[check]': pass without betting (only when no bet is on the table)",
  "- '[bet]': put 1 more chip in the pot (only when no bet is on the table)",
  "- '[call]': match your opponent's bet with 1 chip",
  "- '[fold]': give up the hand; your opponent takes the pot",
  '- If nobody folds, the higher card takes the pot.',
].join('\n');

/** Observation of one Kuhn hand for `player`: `full` is TextArena's `[GAME]`/`[Player N]` history layout. */
export function observeKuhn(state: KuhnState, player: number, format: ObservationFormat): string {
  const card = cardNames[state.cards[player] ?? 0];
  const actor = kuhnRules.currentPlayer(state);
  const moves = actor === player ? kuhnLegalStrings(state) : [];
  if (format === 'compact') {
    const history = historyMoves(state)
      .map(([p, move]) => `P${p}${move}`)
      .join(' ');
    const tail = moves.length > 0 ? ` | moves ${moves.join(' ')}` : '';
    return `kuhn P${player} card ${card} | ${history || '-'}${tail}`;
  }
  const lines = [
    `[GAME] You are Player ${player} in one hand of Kuhn Poker. Win as many chips as you can.\n${rulesText}`,
    `[GAME] Your card is: ${card}`,
  ];
  for (const [p, move] of historyMoves(state)) lines.push(`[Player ${p}] ${move}`);
  if (moves.length > 0) lines.push(`[GAME] Your available actions are: ${moves.join(', ')}`);
  if (actor < 0 && state.cards.length === 2) lines.push(`[GAME] ${outcomeText(state)}`);
  return lines.join('\n');
}

function historyMoves(state: KuhnState): [number, string][] {
  return state.bets.map((a, i) => {
    const before: KuhnState = { cards: state.cards, bets: state.bets.slice(0, i) };
    return [i % 2, kuhnActionString(before, a)];
  });
}

function outcomeText(state: KuhnState): string {
  const [r0 = 0] = kuhnRules.returns(state);
  const winner = r0 > 0 ? 0 : 1;
  const last = state.bets[state.bets.length - 1];
  if (facingBet({ cards: state.cards, bets: state.bets.slice(0, -1) }) && last !== BET) {
    return `Player ${1 - winner} folded. Player ${winner} wins ${Math.abs(r0)} chip(s).`;
  }
  const shown = state.cards.map((c, p) => `Player ${p} had ${cardNames[c] ?? '?'}`).join(', ');
  return `Showdown: ${shown}. Player ${winner} wins ${Math.abs(r0)} chip(s).`;
}
