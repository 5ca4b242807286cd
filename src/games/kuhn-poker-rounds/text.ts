import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { kuhnActionString } from '../kuhn-poker/actions.ts';
import { BET, cardNames, type KuhnState, kuhnRules } from '../kuhn-poker/rules.ts';
import { kuhnRoundsLegalStrings } from './actions.ts';
import { chipTotals, handChips, type KuhnRoundsState, seatOf, wentToShowdown } from './rules.ts';

export interface KuhnRoundsObserveOptions {
  readonly state: KuhnRoundsState;
  readonly player: number;
  readonly format: ObservationFormat;
  /** Hands in the match. */
  readonly rounds: number;
}

function rulesText(rounds: number): string {
  return [
    'Rules:',
    '- The deck has three cards: J, Q and K (J lowest, K highest). Every hand is dealt afresh: each player antes',
    '  1 chip and gets one card; the third card stays hidden.',
    `- The match lasts ${rounds} hands. Player 1 acts first in hand 1, then the first player alternates.`,
    "- '[check]': pass without betting (only when no bet is on the table)",
    "- '[bet]': put 1 more chip in the pot (only when no bet is on the table)",
    "- '[call]': match your opponent's bet with 1 chip",
    "- '[fold]': give up the hand; your opponent takes the pot and nobody shows a card",
    '- If nobody folds, both cards are shown and the higher card takes the pot.',
    '- After the last hand, the player who has won more chips wins the match; equal chips is a draw.',
  ].join('\n');
}

function card(c: number | undefined): string {
  return c === undefined ? '?' : (cardNames[c] ?? '?');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A hand's moves as `[player, '[bet]']`, named as they were named when played. */
function handMoves(hand: KuhnState, index: number): [number, string][] {
  return hand.bets.map((a, i) => {
    const seat = i % 2;
    const player = seatOf(0, index) === seat ? 0 : 1;
    return [player, kuhnActionString({ cards: hand.cards, bets: hand.bets.slice(0, i) }, a)];
  });
}

function handWinner(hand: KuhnState, index: number): number {
  return handChips(hand, index)[0] > 0 ? 0 : 1;
}

/** Observation of the match for `player`: `full` follows SPIRAL's KuhnPoker-v1 layout, in our own words. */
export function observeKuhnRounds(options: KuhnRoundsObserveOptions): string {
  const { state, player, format, rounds } = options;
  const moves = kuhnRoundsLegalStrings(state);
  const lastHand = state.hands[state.hands.length - 1];
  const toAct = lastHand !== undefined && kuhnRules.currentPlayer(lastHand) >= 0 && isActor(state, player);
  const over = isMatchOver(state, rounds);
  const [chips0, chips1] = chipTotals(state);
  return format === 'compact'
    ? compact({ state, player, moves: toAct ? moves : [], over, chips: [chips0, chips1], rounds })
    : full({ state, player, moves: toAct ? moves : [], over, chips: [chips0, chips1], rounds });
}

interface RenderInput {
  readonly state: KuhnRoundsState;
  readonly player: number;
  readonly moves: readonly string[];
  readonly over: boolean;
  readonly chips: readonly [number, number];
  readonly rounds: number;
}

function full(input: RenderInput): string {
  const { state, player, moves, over, chips, rounds } = input;
  const lines = [
    `[GAME] You are Player ${player} in a ${rounds}-hand match of Kuhn Poker. Win more chips than your opponent.\n${rulesText(rounds)}`,
  ];
  state.hands.forEach((hand, i) => {
    lines.push(
      `[GAME] Starting round ${i + 1} out of ${rounds} rounds.\nYour card is: ${card(hand.cards[seatOf(player, i)])}`,
    );
    for (const [p, move] of handMoves(hand, i)) lines.push(`[Player ${p}] ${move}`);
    if (kuhnRules.currentPlayer(hand) !== TERMINAL) return;
    const winner = handWinner(hand, i);
    const won = handChips(hand, i)[winner] ?? 0;
    // Both antes plus one chip for every bet or call.
    const pot = 2 + hand.bets.filter((a) => a === BET).length;
    if (wentToShowdown(hand)) {
      const shown = [0, 1].map((p) => `Player ${p} had ${card(hand.cards[seatOf(p, i)])}`).join(', ');
      lines.push(`[GAME] Showdown: ${shown}. Player ${winner} takes the pot of ${pot} chips (${signed(won)}).`);
    } else {
      lines.push(
        `[GAME] Player ${1 - winner} folded. Player ${winner} takes the pot of ${pot} chips (${signed(won)}).`,
      );
    }
    const totals = state.hands.slice(0, i + 1).reduce((sum, h, j) => sum + handChips(h, j)[0], 0);
    lines.push(`[GAME] Chips won so far: Player 0 ${signed(totals)}, Player 1 ${signed(-totals)}.`);
  });
  if (moves.length > 0) lines.push(`[GAME] Your available actions are: ${moves.join(', ')}`);
  if (over) {
    const verdict =
      chips[0] === chips[1]
        ? 'The chips are level: the match is a draw.'
        : `Player ${chips[0] > chips[1] ? 0 : 1} wins the match.`;
    lines.push(`[GAME] The match is over after ${rounds} rounds. ${verdict}`);
  }
  return lines.join('\n');
}

function compact(input: RenderInput): string {
  const { state, player, moves, over, chips, rounds } = input;
  const parts = [`kuhn-match P${player} ${state.hands.length}/${rounds} chips ${signed(chips[0])}:${signed(chips[1])}`];
  state.hands.forEach((hand, i) => {
    const played = handMoves(hand, i)
      .map(([p, move]) => `P${p}${move}`)
      .join(' ');
    let text = `h${i + 1} ${card(hand.cards[seatOf(player, i)])}: ${played || '-'}`;
    if (kuhnRules.currentPlayer(hand) === TERMINAL) {
      const winner = handWinner(hand, i);
      const won = signed(handChips(hand, i)[winner] ?? 0);
      // A fold already shows in the moves; a showdown adds the card it revealed.
      text += wentToShowdown(hand)
        ? `, opp shows ${card(hand.cards[seatOf(1 - player, i)])}, P${winner} ${won}`
        : `, P${winner} ${won}`;
    }
    parts.push(text);
  });
  if (moves.length > 0) parts.push(`moves ${moves.join(' ')}`);
  if (over) parts.push(chips[0] === chips[1] ? 'draw' : `P${chips[0] > chips[1] ? 0 : 1} wins`);
  return parts.join(' | ');
}

function isActor(state: KuhnRoundsState, player: number): boolean {
  const index = state.hands.length - 1;
  const hand = state.hands[index];
  return hand !== undefined && seatOf(player, index) === kuhnRules.currentPlayer(hand);
}

function isMatchOver(state: KuhnRoundsState, rounds: number): boolean {
  const hand = state.hands[state.hands.length - 1];
  return state.hands.length >= rounds && hand !== undefined && kuhnRules.currentPlayer(hand) === TERMINAL;
}
