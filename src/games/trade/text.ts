import type { ObservationFormat } from '../../spec/game-text.ts';
import { tradeLegalStrings } from './actions.ts';
import { dealPrice, SELLER, type TradeRules, type TradeState } from './rules.ts';

/**
 * What a role reads. `compact` fits a byte-level model's 128-token context with the answer, e.g.
 * `trade S cost 4 | offer 1/3 | - | moves [1] [2] … [9]` and `trade B value 6 | offer 2/3 | S7 | moves [accept] [1] …`
 * (`final` when only accept / reject is left); `full` is the `[GAME]` layout with the rules in words.
 */
export function observeTrade(rules: TradeRules, state: TradeState, player: number, format: ObservationFormat): string {
  return format === 'compact' ? compactText(rules, state, player) : fullText(rules, state, player);
}

function ownValuation(state: TradeState, player: number): string {
  return player === SELLER ? `cost ${state.cost ?? '?'}` : `value ${state.value ?? '?'}`;
}

/** Where the game stands: the offer about to be made (`offer k/n`), or `final` when only accept / reject is left. */
function stage(rules: TradeRules, state: TradeState): string {
  const { rounds } = rules.config;
  return state.offers.length < rounds ? `offer ${state.offers.length + 1}/${rounds}` : 'final';
}

function compactText(rules: TradeRules, state: TradeState, player: number): string {
  const history = state.offers.map((x, i) => `${i % 2 === 0 ? 'S' : 'B'}${x}`).join(' ');
  const head = `trade ${player === SELLER ? 'S' : 'B'} ${ownValuation(state, player)}`;
  if (state.end !== null) {
    const [seller = 0, buyer = 0] = rules.returns(state);
    const gain = Math.round((player === SELLER ? seller : buyer) * rules.scale);
    const price = dealPrice(state);
    const outcome = price === undefined ? 'no deal, you gain 0' : `deal at ${price}, you gain ${gain}`;
    return `${head} | ${history} ${state.end} | ${outcome}`;
  }
  const moves = rules.currentPlayer(state) === player ? ` | moves ${tradeLegalStrings(rules, state).join(' ')}` : '';
  return `${head} | ${stage(rules, state)} | ${history || '-'}${moves}`;
}

function rulesText(rules: TradeRules, player: number): string {
  const { costs, values, minPrice, maxPrice, rounds } = rules.config;
  return [
    'Rules:',
    `- The Seller (Player 0) owns one item that cost it one of ${costs.join(', ')}, each equally likely; the Buyer ` +
      `(Player 1) values the item at one of ${values.join(', ')}, each equally likely. Each knows only its own number.`,
    `- The Seller names a price first. Prices are whole numbers from ${minPrice} to ${maxPrice}, written like [5].`,
    '- Whoever receives an offer either takes it with [accept] or answers with a price of its own.',
    `- At most ${rounds} offers are made in all; the last one can only be taken with [accept] or refused with [reject].`,
    '- A deal at price x earns the Seller x minus its cost and the Buyer its value minus x. Without a deal both get 0.',
    `- You are the ${player === SELLER ? 'Seller' : 'Buyer'}: earn as much as you can.`,
  ].join('\n');
}

function fullText(rules: TradeRules, state: TradeState, player: number): string {
  const role = player === SELLER ? 'Seller (Player 0)' : 'Buyer (Player 1)';
  const lines = [
    `[GAME] You are the ${role} in a one-item trade.\n${rulesText(rules, player)}`,
    player === SELLER
      ? `[GAME] The item cost you ${state.cost ?? '?'}.`
      : `[GAME] The item is worth ${state.value ?? '?'} to you.`,
  ];
  state.offers.forEach((x, i) => lines.push(`[Player ${i % 2}] offers a price of [${x}]`));
  if (state.end !== null) {
    lines.push(`[Player ${state.offers.length % 2}] [${state.end}]`);
    const price = dealPrice(state);
    const [seller = 0, buyer = 0] = rules.returns(state).map((r) => Math.round(r * rules.scale));
    lines.push(
      price === undefined
        ? '[GAME] No deal: both players get 0.'
        : `[GAME] Deal at ${price} (the Seller's cost was ${state.cost}, the Buyer's value ${state.value}): ` +
            `the Seller gains ${seller}, the Buyer ${buyer}.`,
    );
  } else if (rules.currentPlayer(state) === player) {
    const { rounds } = rules.config;
    const left = rounds - state.offers.length;
    lines.push(
      left > 0
        ? `[GAME] Offer ${state.offers.length + 1} of ${rounds}.${left === 1 ? ' It is the last: the other player can only accept or reject it.' : ''}`
        : '[GAME] No more offers can be made: accept the last one or reject it.',
    );
    lines.push(`[GAME] Your available actions are: ${tradeLegalStrings(rules, state).join(', ')}`);
  }
  return lines.join('\n');
}
