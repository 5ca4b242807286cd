import { type NegotiationConfig, setupSlots } from './config.ts';
import type { NegotiationMove, NegotiationState, Offer, TurnEvent } from './types.ts';

/**
 * Derived facts of a negotiation state, recomputed from its history (10 moves at most, so replay is cheap and the
 * state stays a plain record of what happened). Semantics follow SPIRAL's env (research/spiral.md §4.3,
 * `SimpleNegotiation/env.py`): one offer is open at a time, and it stays open, across plain talk, until the recipient
 * accepts it, denies it or makes a counter-offer, or the offerer replaces it with a new offer.
 */
export interface NegotiationView {
  /** False while setup numbers are still to be drawn. */
  readonly ready: boolean;
  /** Starting quantities and unit values, `[player][resource]` (zeros for slots not drawn yet). */
  readonly initial: readonly (readonly number[])[];
  readonly values: readonly (readonly number[])[];
  /** Current quantities, `[player][resource]`. */
  readonly inventory: readonly (readonly number[])[];
  /** The open offer, from `from` to the other player (who may accept it on any later turn of theirs), or null. */
  readonly pending: { readonly from: number; readonly offer: Offer } | null;
  /** Events caused by each move, `events[i]` for `moves[i]`. */
  readonly events: readonly (readonly TurnEvent[])[];
}

/** The setup after `draws`: fixed numbers, or the drawn ones in `setupSlots` order. */
export function setupOf(
  config: NegotiationConfig,
  draws: readonly number[],
): { ready: boolean; quantities: number[][]; values: number[][] } {
  const { setup, resources } = config;
  if (setup.kind === 'fixed')
    return { ready: true, quantities: setup.quantities.map((q) => [...q]), values: setup.values.map((v) => [...v]) };
  const quantities = [0, 1].map(() => resources.map(() => 0));
  const values = [0, 1].map(() => resources.map(() => 0));
  const slots = setupSlots(config);
  slots.forEach((slot, i) => {
    const drawn = draws[i];
    if (drawn === undefined) return;
    const target = slot.field === 'quantity' ? quantities : values;
    target[slot.player]![slot.resource] = drawn;
  });
  return { ready: draws.length >= slots.length, quantities, values };
}

export function covers(have: readonly number[], need: readonly number[]): boolean {
  return need.every((q, r) => (have[r] ?? 0) >= q);
}

export function inventoryValue(quantities: readonly number[], values: readonly number[]): number {
  return quantities.reduce((sum, q, r) => sum + q * (values[r] ?? 0), 0);
}

/** Each player's inventory value now minus at the start, by their own values. */
export function valueChanges(view: NegotiationView): [number, number] {
  const change = (p: number) =>
    inventoryValue(view.inventory[p] ?? [], view.values[p] ?? []) -
    inventoryValue(view.initial[p] ?? [], view.values[p] ?? []);
  return [change(0), change(1)];
}

/** Why `move` cannot be played by `player` now, or undefined when it can. */
export function moveProblem(
  config: NegotiationConfig,
  view: NegotiationView,
  player: number,
  move: NegotiationMove,
): string | undefined {
  if (move.reply === 'accept') {
    // The text layer drops an `[Accept]` with no open offer (SPIRAL ignores it), so this only guards structured moves.
    if (view.pending === null) return 'there is no open offer to accept';
    if (view.pending.from === player)
      return `you cannot accept your own offer; only Player ${1 - player} can accept it`;
    // SPIRAL: the acceptor lacking the resources is an invalid move; the offerer lacking them cancels the trade.
    const offererCovers = covers(view.inventory[view.pending.from] ?? [], view.pending.offer.give);
    if (offererCovers && !covers(view.inventory[player] ?? [], view.pending.offer.get))
      return 'you cannot accept: you do not have the resources the offer asks of you';
  }
  if (move.offer !== undefined) {
    const problem = offerShapeProblem(config, move.offer);
    if (problem !== undefined) return problem;
    // An accepted trade happens first, so what the player can offer is counted after it.
    const after =
      move.reply === 'accept' && view.pending
        ? applyTrade(view.inventory, view.pending.from, view.pending.offer)
        : view.inventory;
    if (!covers(after[player] ?? [], move.offer.give))
      return `you cannot offer resources you do not have (you have ${describe(config, after[player] ?? [])})`;
  }
  return undefined;
}

function offerShapeProblem(config: NegotiationConfig, offer: Offer): string | undefined {
  const n = config.resources.length;
  for (const side of [offer.give, offer.get]) {
    if (side.length !== n) return `an offer lists ${n} quantities per side`;
    if (!side.every((q) => Number.isSafeInteger(q) && q >= 0)) return 'offer quantities must be whole numbers';
    if (!side.some((q) => q > 0)) return 'an offer must give something and ask for something';
  }
  return undefined;
}

function describe(config: NegotiationConfig, quantities: readonly number[]): string {
  return config.resources.map((name, r) => `${quantities[r] ?? 0} ${name}`).join(', ');
}

/** Inventories after the offer from `from` to the other player is carried out. */
function applyTrade(inventory: readonly (readonly number[])[], from: number, offer: Offer): number[][] {
  const next = inventory.map((q) => [...q]);
  const to = 1 - from;
  offer.give.forEach((q, r) => {
    next[from]![r]! -= q;
    next[to]![r]! += q;
  });
  offer.get.forEach((q, r) => {
    next[to]![r]! -= q;
    next[from]![r]! += q;
  });
  return next;
}

/** The view after `player` plays `move`; the move must be valid (see `moveProblem`). */
export function advance(view: NegotiationView, player: number, move: NegotiationMove): NegotiationView {
  const events: TurnEvent[] = [];
  let inventory = view.inventory;
  let nextPending = view.pending;
  // Only the recipient can close an offer; plain talk leaves it open (SPIRAL has no lapse), and so does the offerer.
  if (nextPending !== null && nextPending.from !== player) {
    const { from: offerer, offer } = nextPending;
    if (move.reply === 'accept') {
      // The offerer was checked when offering and no trade can happen in between, but stay safe: cancel, as SPIRAL does.
      if (covers(inventory[offerer] ?? [], offer.give) && covers(inventory[player] ?? [], offer.get)) {
        inventory = applyTrade(inventory, offerer, offer);
        events.push({ type: 'trade', from: offerer, to: player, offer });
      } else events.push({ type: 'trade-cancelled', from: offerer, to: player });
      nextPending = null;
    } else if (move.reply === 'deny') {
      events.push({ type: 'denied', from: offerer, to: player });
      nextPending = null;
    } else if (move.offer !== undefined) events.push({ type: 'countered', from: offerer, to: player });
  }
  if (move.offer !== undefined) {
    events.push({ type: 'offer', from: player, to: 1 - player, offer: move.offer });
    nextPending = { from: player, offer: move.offer };
  }
  return { ...view, inventory, pending: nextPending, events: [...view.events, events] };
}

/** Replays a state's history; throws a RangeError naming the first move that breaks the rules. */
export function replay(config: NegotiationConfig, state: NegotiationState): NegotiationView {
  const { ready, quantities, values } = setupOf(config, state.draws);
  if (!ready && state.moves.length > 0) throw new RangeError(`${config.id}: moves before the setup is drawn`);
  let view: NegotiationView = { ready, initial: quantities, values, inventory: quantities, pending: null, events: [] };
  state.moves.forEach((move, i) => {
    const problem = moveProblem(config, view, i % 2, move);
    if (problem !== undefined)
      throw new RangeError(`${config.id}: move ${i + 1} by player ${i % 2} is invalid: ${problem}`);
    view = advance(view, i % 2, move);
  });
  return view;
}
