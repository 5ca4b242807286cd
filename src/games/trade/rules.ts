import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson, replayMoves } from '../state-json.ts';

/**
 * Bilateral trade with private valuations and alternating price offers, after GLEE's negotiation family
 * (research/systems.md §2.20, research/games.md §8), made small and finite so a tree solver can walk it.
 *
 * Order of play:
 * 1. Chance deals the seller's cost c from `costs`, then the buyer's value v from `values` (each uniform, independent).
 *    Chance action = the number dealt.
 * 2. The seller (player 0) makes the first offer, a whole price in `minPrice..maxPrice`.
 * 3. The other player accepts, or counters with a price of its own; offers alternate. After `rounds` offers in all,
 *    the last one can only be accepted or rejected.
 * A deal at price x pays the seller x − c and the buyer v − x; no deal pays both 0. Returns are those amounts divided
 * by `scale` (the largest gain or loss any deal can bring), so with the defaults they lie in [−1, 1].
 *
 * Action ids: `ACCEPT` = 0, `REJECT` = 1, an offer of price x = `offerAction(x)` = x + 2.
 */
export const SELLER = 0;
export const BUYER = 1;
export const ACCEPT = 0;
export const REJECT = 1;
const offerBase = 2;

export function offerAction(price: number): number {
  return price + offerBase;
}

export function offerPrice(action: number): number {
  return action - offerBase;
}

const valuationsSchema = z
  .array(z.number().int().min(0).max(1000))
  .min(1)
  .max(20)
  .refine((v) => new Set(v).size === v.length, 'valuations must be distinct');

export const tradeConfigSchema = z
  .object({
    /** Registry id; give a variant its own. */
    id: z.string().min(1).default('trade'),
    /** The seller's possible costs, each equally likely. */
    costs: valuationsSchema.default([2, 4, 6, 8]),
    /** The buyer's possible values, each equally likely, independent of the cost. */
    values: valuationsSchema.default([2, 4, 6, 8]),
    /** The price grid: whole prices `minPrice..maxPrice`. */
    minPrice: z.number().int().min(0).max(1000).default(1),
    maxPrice: z.number().int().min(0).max(1000).default(9),
    /** Offers in all, the seller's first included; the last can only be accepted or rejected. */
    rounds: z.number().int().min(1).max(8).default(3),
  })
  .refine((c) => c.minPrice < c.maxPrice, 'minPrice must be below maxPrice');
export type TradeConfig = z.output<typeof tradeConfigSchema>;
export type TradeConfigInput = z.input<typeof tradeConfigSchema>;

/** A trade in progress. Fields are `null` until chance deals them. */
export interface TradeState {
  readonly cost: number | null;
  readonly value: number | null;
  /** Prices offered so far; the seller's first, then alternating. */
  readonly offers: readonly number[];
  /** How the game ended: the last offer accepted or rejected; `null` while it goes on. */
  readonly end: 'accept' | 'reject' | null;
}

export type TradeRules = Game<TradeState> & {
  readonly config: TradeConfig;
  /** Money units per unit of return: a deal's gain divided by this is the return. */
  readonly scale: number;
};

/** The price of the deal a finished game made, or undefined without one. */
export function dealPrice(state: TradeState): number | undefined {
  return state.end === 'accept' ? state.offers[state.offers.length - 1] : undefined;
}

/** Who makes or answers the next offer: the seller after an even number of offers. */
function mover(state: TradeState): number {
  return state.offers.length % 2 === 0 ? SELLER : BUYER;
}

const stateSchema = z.strictObject({
  cost: z.number().int().nullable(),
  value: z.number().int().nullable(),
  offers: z.array(z.number().int().min(0)).max(8),
  end: z.enum(['accept', 'reject']).nullable(),
});

/** The rules for one configuration; `config` is checked with `tradeConfigSchema`. */
export function createTradeRules(input: TradeConfigInput = {}): TradeRules {
  const config = tradeConfigSchema.parse(input);
  const { id, costs, values, minPrice, maxPrice, rounds } = config;
  const prices = Array.from({ length: maxPrice - minPrice + 1 }, (_, i) => minPrice + i);
  const offerActions = prices.map(offerAction);
  const lo = Math.min(0, minPrice - Math.max(...costs), Math.min(...values) - maxPrice);
  const hi = Math.max(0, maxPrice - Math.min(...costs), Math.max(...values) - minPrice);
  const scale = Math.max(-lo, hi, 1);
  const info: GameInfo = {
    id,
    title: `Bilateral trade (${rounds} offers, prices ${minPrice}..${maxPrice})`,
    players: 2,
    zeroSum: false,
    perfectInformation: false,
    chance: true,
    maxTurns: rounds + 1,
    actionSpace: 'finite',
    returnRange: [lo / scale, hi / scale],
    winDrawLoss: false,
  };

  const currentPlayer = (state: TradeState): number => {
    if (state.cost === null || state.value === null) return CHANCE;
    if (state.end !== null) return TERMINAL;
    return mover(state);
  };

  const legalActions = (state: TradeState): number[] => {
    if (currentPlayer(state) < 0) return [];
    if (state.offers.length === 0) return offerActions;
    return state.offers.length < rounds ? [ACCEPT, ...offerActions] : [ACCEPT, REJECT];
  };

  const chanceOutcomes = (state: TradeState): ChanceOutcome<number>[] => {
    if (state.cost === null) return costs.map((c) => ({ action: c, probability: 1 / costs.length }));
    if (state.value === null) return values.map((v) => ({ action: v, probability: 1 / values.length }));
    return [];
  };

  const apply = (state: TradeState, action: number): TradeState => {
    const who = currentPlayer(state);
    if (who === TERMINAL) throw new RangeError(`${id}: the game is over`);
    if (who === CHANCE) {
      if (state.cost === null) {
        if (!costs.includes(action)) throw new RangeError(`${id}: cannot deal cost ${action}`);
        return { ...state, cost: action };
      }
      if (!values.includes(action)) throw new RangeError(`${id}: cannot deal value ${action}`);
      return { ...state, value: action };
    }
    if (!legalActions(state).includes(action)) throw new RangeError(`${id}: illegal action ${action}`);
    if (action === ACCEPT) return { ...state, end: 'accept' };
    if (action === REJECT) return { ...state, end: 'reject' };
    return { ...state, offers: [...state.offers, offerPrice(action)] };
  };

  const returns = (state: TradeState): number[] => {
    const price = dealPrice(state);
    if (price === undefined || state.cost === null || state.value === null) return [0, 0];
    return [(price - state.cost) / scale, (state.value - price) / scale];
  };

  const canonical = (s: TradeState): TradeState => ({
    cost: s.cost,
    value: s.value,
    offers: [...s.offers],
    end: s.end,
  });

  const deserialize = (text: string): TradeState => {
    const raw = parseStateJson(id, stateSchema, text);
    // Replay: every field must have come from a possible deal and legal moves, in order.
    const moves = [
      ...(raw.cost === null ? [] : [raw.cost]),
      ...(raw.value === null ? [] : [raw.value]),
      ...raw.offers.map(offerAction),
      ...(raw.end === null ? [] : [raw.end === 'accept' ? ACCEPT : REJECT]),
    ];
    if (raw.cost === null && (raw.value !== null || raw.offers.length > 0 || raw.end !== null))
      throw new GameStateError(`${id}: not a valid state: moves before the cost is dealt`);
    if (raw.value === null && (raw.offers.length > 0 || raw.end !== null))
      throw new GameStateError(`${id}: not a valid state: moves before the value is dealt`);
    return replayMoves(id, initial, moves, apply);
  };

  return {
    config,
    scale,
    info,
    initialState: () => initial,
    currentPlayer,
    chanceOutcomes,
    legalActions,
    apply,
    returns,
    /**
     * Own role and valuation, then the public offers: `S<cost>|<offers>` or `B<value>|<offers>`, offers joined by
     * commas, e.g. `S4|` (the seller's first offer), `B6|5`, `S4|5,3`.
     */
    informationStateKey(state, player) {
      const own = player === SELLER ? `S${state.cost ?? ''}` : `B${state.value ?? ''}`;
      return `${own}|${state.offers.join(',')}`;
    },
    turnCount: (state) => state.offers.length + (state.end === null ? 0 : 1),
    clone: canonical,
    serialize: (state) => JSON.stringify(canonical(state)),
    deserialize,
  };
}

const initial: TradeState = { cost: null, value: null, offers: [], end: null };
