import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { listResources } from './canonical-moves.ts';
import type { NegotiationConfig } from './config.ts';
import { inventoryValue, type NegotiationView, valueChanges } from './replay.ts';
import type { NegotiationRules } from './rules.ts';
import type { NegotiationState, TurnEvent } from './types.ts';

function preamble(config: NegotiationConfig, view: NegotiationView, player: number): string {
  const [a = 'Wood', b = 'Gold'] = config.resources;
  const table = config.resources.map((name, r) => {
    const label = `[${name}]`.padEnd(8);
    const qty = String(view.initial[player]?.[r] ?? 0).padEnd(3);
    return `  + ${label} Qty: ${qty} Value: ${view.values[player]?.[r] ?? 0}`;
  });
  return [
    `You are Player ${player} in the Negotiation Game, trading with Player ${1 - player}.`,
    // SPIRAL's task line asks only for more total value; the win rule (more value gained than the opponent) is unsaid.
    'Your task is to trade so that the total value of your resources increases.',
    'Your resources at the start, and what one unit of each is worth to you:',
    ...table,
    'Each turn you may talk to your opponent; put these tokens anywhere in your message:',
    `  - [Offer: what you give -> what you want], e.g. [Offer: 3 ${a} -> 2 ${b}]; separate several resources with commas.`,
    '  - [Accept]: take the open offer your opponent made to you.',
    '  - [Deny]: turn that offer down (an offer stays open until you accept, deny or counter it).',
    'You can only offer what you hold and only accept what you can pay for; text around the tokens is fine.',
    `The game lasts ${config.maxTurns} turns in total; Player 0 speaks first.`,
  ].join('\n');
}

function eventLine(config: NegotiationConfig, e: TurnEvent): string {
  switch (e.type) {
    case 'offer':
      return `Player ${e.from} offers Player ${e.to}: ${listResources(config, e.offer.give)} -> ${listResources(config, e.offer.get)}.`;
    case 'trade':
      return `Player ${e.to} accepted the offer from Player ${e.from}; the trade is done.`;
    case 'trade-cancelled':
      return `Player ${e.to} accepted, but Player ${e.from} can no longer pay; the trade is cancelled.`;
    case 'denied':
      return `Player ${e.to} denied the offer from Player ${e.from}.`;
    case 'countered':
      return `Player ${e.to} turned down the offer from Player ${e.from} by making a counter-offer.`;
    default:
      return e satisfies never;
  }
}

function holdings(config: NegotiationConfig, view: NegotiationView, player: number): string {
  const own = view.inventory[player] ?? [];
  const worth = inventoryValue(own, view.values[player] ?? []);
  const gain = valueChanges(view)[player] ?? 0;
  return `${listResources(config, own) || 'nothing'}, worth ${worth} to you (${signed(gain)} since the start)`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function resultLine(view: NegotiationView): string {
  const [g0, g1] = valueChanges(view);
  const verdict = g0 === g1 ? 'It is a draw.' : `Player ${g0 > g1 ? 0 : 1} wins.`;
  return `The game is over. Value gained: Player 0 ${signed(g0)}, Player 1 ${signed(g1)}. ${verdict}`;
}

/**
 * `full`: SPIRAL's layout (TextArena's full-history wrapper, research/spiral.md §4.3) in our words: the rules with
 * this player's resources and values, then `[Player N]` messages and `[GAME]` lines, then (ours) the player's
 * holdings and turn number. `compact`: `neg P1 | start Wood 10@15 Gold 10@5 | P0: … | now … | turn 2/10`.
 */
export function negotiationObserver(
  rules: NegotiationRules,
): (state: NegotiationState, player: number, format: ObservationFormat) => string {
  return (state, player, format) => observe(rules, { state, player, format });
}

function observe(
  rules: NegotiationRules,
  { state, player, format }: { state: NegotiationState; player: number; format: ObservationFormat },
): string {
  const { config } = rules;
  const view = rules.view(state);
  const over = rules.currentPlayer(state) === TERMINAL;
  const turn = state.moves.length + 1;
  if (format === 'compact') return compact(config, view, { state, player, over });
  const lines = [`[GAME] ${preamble(config, view, player)}`];
  state.moves.forEach((move, i) => {
    lines.push(`[Player ${i % 2}] ${move.message}`);
    for (const e of view.events[i] ?? []) lines.push(`[GAME] ${eventLine(config, e)}`);
  });
  if (over) lines.push(`[GAME] ${resultLine(view)}`);
  else {
    lines.push(`[GAME] Turn ${turn} of ${config.maxTurns}. You hold ${holdings(config, view, player)}.`);
    if (view.pending && view.pending.from !== player)
      lines.push(
        `[GAME] Player ${view.pending.from}'s offer to you is open: you may [Accept] it, [Deny] it or counter it.`,
      );
    else if (view.pending) lines.push(`[GAME] Your offer to Player ${1 - player} is still open.`);
  }
  return lines.join('\n');
}

function compact(
  config: NegotiationConfig,
  view: NegotiationView,
  ctx: { state: NegotiationState; player: number; over: boolean },
): string {
  const { state, player, over } = ctx;
  const table = (qty: readonly number[]) =>
    config.resources.map((name, r) => `${name} ${qty[r] ?? 0}@${view.values[player]?.[r] ?? 0}`).join(' ');
  const parts = [`neg P${player}`, `start ${table(view.initial[player] ?? [])}`];
  state.moves.forEach((move, i) => {
    const traded = (view.events[i] ?? []).some((e) => e.type === 'trade') ? ' => traded' : '';
    parts.push(`P${i % 2}: ${move.message}${traded}`);
  });
  if (over) {
    const [g0, g1] = valueChanges(view);
    parts.push(`over gains ${signed(g0)} ${signed(g1)}`);
  } else {
    parts.push(`now ${table(view.inventory[player] ?? [])}`);
    // Offers outlive plain talk, so say which one is open rather than leave the model to track it.
    if (view.pending) parts.push(`open offer P${view.pending.from}`);
    parts.push(`turn ${state.moves.length + 1}/${config.maxTurns}`);
  }
  return parts.join(' | ');
}
