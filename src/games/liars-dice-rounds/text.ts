import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { bidWords, moveString } from './actions.ts';
import {
  bidName,
  bidOf,
  type Challenge,
  type LiarsDiceRound,
  type LiarsDiceRoundsRules,
  type LiarsDiceRoundsState,
  sortedDice,
} from './rules.ts';

/** Bids of the current round the compact text shows: the latest ones, so every prompt fits a 128-token context. */
export const compactBidWindow = 8;

function preamble(rules: LiarsDiceRoundsRules, player: number): string {
  const n = rules.variant.dicePerPlayer;
  return [
    `You are Player ${player} in Liar's Dice against Player ${1 - player}. Each of you starts with ${n} six-sided dice.`,
    'Rules:',
    '- Every round, both players roll all the dice they still have. You see only your own dice.',
    '- Players take turns. On your turn either bid or call:',
    "  - '[Bid: Q, F]' claims that at least Q of all the dice in play, yours and your opponent's, show face F.",
    '    A bid must be higher than the last one: more dice, or as many dice and a higher face. There are no wild faces.',
    "  - '[Call]' challenges the last bid (not possible before the first bid of a round).",
    '- On a call all dice are shown and face F is counted. Fewer than Q: the bidder loses one die. Otherwise the',
    '  caller loses one die. The player who lost the die bids first in the next round; Player 0 bids first in round 1.',
    '- A player with no dice left loses the game (-1); the other player wins (+1).',
  ].join('\n');
}

function roundHeader(round: LiarsDiceRound, r: number, player: number): string {
  const counts = [round.dice[0].length, round.dice[1].length];
  const total = counts[0]! + counts[1]!;
  return (
    `Round ${r + 1}. Your dice: ${sortedDice(round.dice[player] ?? []).join(', ')}. ` +
    `Dice in play: Player 0 has ${counts[0]}, Player 1 has ${counts[1]} (${total} in all). ` +
    `Player ${round.starter} bids first.`
  );
}

function challengeText(round: LiarsDiceRound, c: Challenge, left: number): string {
  const shown = [0, 1].map((p) => `Player ${p} ${sortedDice(round.dice[p] ?? []).join(' ')}`).join('; ');
  const count = `${c.matching} ${c.matching === 1 ? 'die shows' : 'dice show'} ${c.bid.face}`;
  const verdict = c.holds ? 'so the bid holds' : `fewer than ${c.bid.quantity}, so the bid fails`;
  const loss = left === 0 ? 'its last die' : `a die (${left} left)`;
  return (
    `Player ${c.caller} calls Player ${c.bidder}'s bid of ${bidWords(c.bid)}. The dice were: ${shown}. ` +
    `${count}, ${verdict}: Player ${c.loser} loses ${loss}.`
  );
}

/**
 * The observation for `player`. `full`: TextArena's full-history layout in our words (research/spiral.md §4.4,
 * LiarsDice-v1): a rules preamble, then per round `[GAME] Round r. Your dice: …`, the moves as `[Player N] [Bid: 3, 4]`,
 * the challenge's result with every die shown, and last the current bid and the move format. `compact`:
 * `ldr P0 | dice 13356 | opp 5 | bids 2-3 3-5`: own dice (sorted), the opponent's dice count, and the latest
 * `compactBidWindow` bids of this round as `quantity-face` (`..` when earlier ones are left out; `-` before any).
 */
export function observeLiarsDiceRounds(
  rules: LiarsDiceRoundsRules,
  state: LiarsDiceRoundsState,
  player: number,
  format: ObservationFormat,
): string {
  return format === 'compact' ? compact(rules, state, player) : full(rules, state, player);
}

function full(rules: LiarsDiceRoundsRules, state: LiarsDiceRoundsState, player: number): string {
  const lines = [`[GAME] ${preamble(rules, player)}`];
  state.rounds.forEach((round, r) => {
    const rolled = round.dice[0].length + round.dice[1].length;
    if (rolled === 0 && round.moves.length === 0) return;
    lines.push(`[GAME] ${roundHeader(round, r, player)}`);
    round.moves.forEach((m, i) => lines.push(`[Player ${(round.starter + i) % 2}] ${moveString(rules, m)}`));
    const c = rules.challenge(round);
    if (c) lines.push(`[GAME] ${challengeText(round, c, (round.dice[c.loser]?.length ?? 0) - 1)}`);
  });
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) {
    const winner = state.counts[0] > 0 ? 0 : 1;
    lines.push(`[GAME] Player ${1 - winner} has no dice left: Player ${winner} wins the game.`);
  } else if (actor === player) lines.push(`[GAME] ${prompt(rules, state)}`);
  return lines.join('\n');
}

function prompt(rules: LiarsDiceRoundsRules, state: LiarsDiceRoundsState): string {
  const round = state.rounds[state.rounds.length - 1]!;
  const total = state.counts[0] + state.counts[1];
  const last = round.moves[round.moves.length - 1];
  if (last === undefined)
    return `No bid yet this round. Your move: open with '[Bid: Q, F]' (Q from 1 to ${total} dice, F a face from 1 to 6).`;
  const bidder = (round.starter + round.moves.length - 1) % 2;
  const bid = bidOf(last);
  const legal = rules.legalActions(state);
  const raise =
    legal.length > 1
      ? `a higher bid '[Bid: Q, F]' (more dice, or ${bid.quantity} dice and a face above ${bid.face}; Q at most ${total}) or '[Call]'`
      : `'[Call]' (no bid is higher than this one)`;
  return `Current bid: ${bidWords(bid)}, by Player ${bidder}. Your move: ${raise}.`;
}

function compact(rules: LiarsDiceRoundsRules, state: LiarsDiceRoundsState, player: number): string {
  const round = state.rounds[state.rounds.length - 1]!;
  const parts = [`ldr P${player}`];
  if (rules.currentPlayer(state) === TERMINAL) {
    const winner = state.counts[0] > 0 ? 0 : 1;
    const c = rules.challenge(round);
    if (c) parts.push(`last ${bidName(c.bid)} ${c.holds ? 'held' : 'failed'}`);
    parts.push(`P${winner} wins`);
    return parts.join(' | ');
  }
  parts.push(`dice ${sortedDice(round.dice[player] ?? []).join('')}`, `opp ${state.counts[1 - player]}`);
  const bids = round.moves.map((m) => bidName(bidOf(m)));
  const shown = bids.slice(-compactBidWindow);
  parts.push(`bids ${bids.length > shown.length ? '.. ' : ''}${shown.join(' ') || '-'}`);
  return parts.join(' | ');
}
