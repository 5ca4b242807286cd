import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { bargainingActionString, bargainingLegalStrings, offerString } from './actions.ts';
import { type BargainingRules, type BargainingState, proposerOf } from './rules.ts';

/** Offers listed one by one in the full text up to this pie; beyond it, as a range. */
const listedOffersMax = 20;

/**
 * The observation for `player`. Rounds are shown counted from 1 (GLEE's `rounds`).
 * - `full`: TextArena's `[GAME]` / `[Player N]` layout with the rules in our words after GLEE's bargaining prompt
 *   (the pie, who proposes when, both discount factors, what a rejection in the last round costs), every move so far,
 *   the offer on the table with what accepting it is worth now, the legal moves and how to answer.
 * - `compact`: the Markov state only, for the built-in LM's 128-token context (under 70 characters at the default
 *   config): `barg P1 r1/4 pie10 d.9/.8 | P0 keeps 6 | moves [Accept] [Reject]`; a proposer sees
 *   `… | moves [Offer: 0]..[Offer: 10]` (every whole number between the two ends is legal).
 */
export function bargainingObserver(
  rules: BargainingRules,
): (state: BargainingState, player: number, format: ObservationFormat) => string {
  return (state, player, format) => (format === 'compact' ? compact(rules, state, player) : full(rules, state, player));
}

/** `0.9` → `.9` for the compact text. */
function short(x: number): string {
  return String(x).replace(/^0\./, '.');
}

function compact(rules: BargainingRules, state: BargainingState, player: number): string {
  const { pie, horizon, discounts } = rules.config;
  const t = rules.round(state);
  const parts = [`barg P${player} r${t + 1}/${horizon} pie${pie} d${short(discounts[0])}/${short(discounts[1])}`];
  const pending = rules.pendingOffer(state);
  if (pending !== undefined) parts.push(`P${proposerOf(t)} keeps ${pending}`);
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) parts.push(outcomeCompact(rules, state));
  else if (actor === player) {
    const moves =
      pending === undefined ? `${offerString(0)}..${offerString(pie)}` : bargainingLegalStrings(rules, state).join(' ');
    parts.push(`moves ${moves}`);
  }
  return parts.join(' | ');
}

function outcomeCompact(rules: BargainingRules, state: BargainingState): string {
  const deal = rules.agreement(state);
  return deal ? `deal P0 ${deal.units[0]} P1 ${deal.units[1]}` : 'no deal';
}

function preamble(rules: BargainingRules, player: number): string {
  const { pie, horizon, discounts } = rules.config;
  const other = 1 - player;
  const [mine, theirs] = [discounts[player] ?? 1, discounts[other] ?? 1];
  return [
    `You are Player ${player} in a bargaining game with Player ${other}. Together you split a pie of ${pie} units.`,
    'Rules:',
    `- There are at most ${horizon} round${horizon === 1 ? '' : 's'}. Player 0 proposes in round 1, Player 1 in round 2, and so on in turn.`,
    `- The proposer offers a split by naming the units it keeps: '[Offer: k]' keeps k units (a whole number from 0 to ${pie}) and leaves ${pie} - k to the other player.`,
    "- The other player answers '[Accept]', which ends the game with that split, or '[Reject]', which moves on to the next round.",
    `- Delay costs both of you: a deal in round r is worth (your units / ${pie}) x ${mine}^(r-1) to you, and (their units / ${pie}) x ${theirs}^(r-1) to Player ${other}.`,
    `- If the offer of round ${horizon} is rejected, the pie is lost and both of you get 0.`,
    'Your goal is to get as much value for yourself as you can.',
  ].join('\n');
}

function full(rules: BargainingRules, state: BargainingState, player: number): string {
  const { pie, horizon, discounts } = rules.config;
  const lines = [`[GAME] ${preamble(rules, player)}`];
  state.moves.forEach((m, i) => {
    const t = Math.floor(i / 2);
    const mover = i % 2 === 0 ? proposerOf(t) : 1 - proposerOf(t);
    lines.push(`[Player ${mover}] ${bargainingActionString({ moves: state.moves.slice(0, i) }, m)}`);
  });
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) {
    lines.push(`[GAME] ${outcomeText(rules, state, player)}`);
    return lines.join('\n');
  }
  if (actor !== player) return lines.join('\n');
  const t = rules.round(state);
  const factor = (discounts[player] ?? 1) ** t;
  const pending = rules.pendingOffer(state);
  if (pending === undefined) {
    lines.push(
      `[GAME] Round ${t + 1} of ${horizon}: you propose. A deal now is worth (your units / ${pie}) x ${round4(factor)} to you.`,
    );
    const moves =
      pie <= listedOffersMax
        ? bargainingLegalStrings(rules, state).join(', ')
        : `${offerString(0)}, ${offerString(1)}, ..., ${offerString(pie)} (any whole number from 0 to ${pie})`;
    lines.push(`[GAME] Your available actions are: ${moves}`);
  } else {
    const left = pie - pending;
    const worth = round4((left / pie) * factor);
    const last = t === horizon - 1 ? ' This is the last round: rejecting ends the game with nothing for both.' : '';
    lines.push(
      `[GAME] Round ${t + 1} of ${horizon}: Player ${proposerOf(t)} keeps ${pending} and offers you ${left} of ${pie} units, worth ${worth} to you if you accept now.${last}`,
    );
    lines.push(`[GAME] Your available actions are: ${bargainingLegalStrings(rules, state).join(', ')}`);
  }
  lines.push('[GAME] Put exactly one of these actions in \\boxed{} at the end of your answer.');
  return lines.join('\n');
}

function outcomeText(rules: BargainingRules, state: BargainingState, player: number): string {
  const [r0 = 0, r1 = 0] = rules.returns(state);
  const worth = `Payoffs: Player 0 ${round4(r0)}, Player 1 ${round4(r1)}.`;
  const deal = rules.agreement(state);
  if (!deal) return `Every offer was rejected: no deal, the pie is lost. ${worth}`;
  const mine = deal.units[player] ?? 0;
  return `Deal in round ${deal.round + 1}: Player 0 gets ${deal.units[0]} units and Player 1 gets ${deal.units[1]}; you get ${mine} of ${rules.config.pie}. ${worth}`;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
