import type { ObservationFormat } from '../../spec/game-text.ts';
import { bidWords, liarsDiceLegalStrings, liarsDiceMoveString } from './actions.ts';
import { type LiarsDiceState, liarsDiceRules, openSpielMoveName, type Showdown, showdown, wildFace } from './rules.ts';

const rulesText = [
  'Rules:',
  '- Each player rolls one six-sided die and sees only their own. 6s are wild: a 6 counts as any face.',
  '- Player 0 bids first, then the players take turns. A bid claims how many of the two dice show a face:',
  "  'two 5s' says both dice show 5 or 6; 'one 3' says at least one die shows 3 or 6. A bid on 6s counts only 6s.",
  '- Each bid must be higher than the last, in the order of its letter: A (one 1), B (one 2) … F (one 6),',
  '  G (two 1s) … L (two 6s).',
  "- '[liar]': instead of bidding, call the last bid a lie (not allowed as the first move). Both dice are shown:",
  '  if the bid holds, the bidder wins; otherwise the caller wins.',
  '- The winner gets +1 and the loser -1.',
].join('\n');

/**
 * Observation of a Liar's Dice game for `player`: `full` is TextArena's `[GAME]`/`[Player N]` history layout, with the
 * legal moves listed. `compact` is `liars P1 die 5 | bids 1-5 2-3` (OpenSpiel's bid names, player 0 first): no move
 * list, which the last bid implies (the built-in LM decodes only legal moves), so every set fits the reference model's
 * 128-token context. Both show only the player's own die until a call shows both.
 */
export function observeLiarsDice(state: LiarsDiceState, player: number, format: ObservationFormat): string {
  const die = state.dice[player] ?? '?';
  const result = showdown(state);

  if (format === 'compact') {
    const bids = state.moves.map(openSpielMoveName).join(' ');
    const parts = [`liars P${player} die ${die}`, `bids ${bids || '-'}`];
    if (result) {
      const verdict = result.holds ? 'bid holds' : 'bid fails';
      parts.push(`dice ${state.dice.join(' ')}: ${verdict}, P${result.winner} +1`);
    }
    return parts.join(' | ');
  }

  const lines = [
    `[GAME] You are Player ${player} in a game of Liar's Dice. Catch your opponent's false bid, or make a bid that holds.\n${rulesText}`,
    `[GAME] Your die shows: ${die}`,
  ];
  state.moves.forEach((m, i) => lines.push(`[Player ${i % 2}] ${liarsDiceMoveString(m)}`));
  const moves = liarsDiceRules.currentPlayer(state) === player ? liarsDiceLegalStrings(state) : [];
  if (moves.length > 0) lines.push(`[GAME] Your available actions are: ${moves.join(', ')}`);
  if (result) lines.push(`[GAME] ${outcomeText(state, result)}`);
  return lines.join('\n');
}

function outcomeText(state: LiarsDiceState, result: Showdown): string {
  const { bid, bidder, caller, matching, holds, winner } = result;
  const dice = state.dice.map((d, p) => `Player ${p} ${d}`).join(', ');
  const faces = bid.face === wildFace ? `${bid.face}` : `${bid.face} or ${wildFace}`;
  const count = `${matching} ${matching === 1 ? 'die shows' : 'dice show'} ${faces}`;
  const verdict = holds ? 'so the bid holds' : 'so the bid fails';
  return (
    `Player ${caller} calls liar on Player ${bidder}'s bid of ${bidWords(bid)}. The dice were: ${dice}. ` +
    `${count}, ${verdict}: Player ${winner} wins.`
  );
}
