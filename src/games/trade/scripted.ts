import type { ScriptedPlayerSpec } from '../../spec/game-text.ts';
import type { Rng } from '../../spec/rng.ts';
import { type TabularPolicy, tabularPolicy } from '../../solvers/tabular-policy.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { tradeActionString } from './actions.ts';
import {
  ACCEPT,
  createTradeRules,
  offerAction,
  REJECT,
  type TradeConfig,
  type TradeConfigInput,
  type TradeRules,
  type TradeState,
} from './rules.ts';

/** A trader's move at a state where it acts: an action id of the trade rules. */
export type ScriptedTradeMove = (state: TradeState, player: number, rng: Rng) => number;

export interface ScriptedTraderOptions {
  /** The game's configuration (defaults as `createTrade`). */
  readonly config?: TradeConfigInput;
  /** How far from its own valuation the trader prices every offer (default 2). */
  readonly markup?: number;
}

/**
 * A fixed-markup trader, for measuring policies against simple counterparts. It takes any offer that leaves it at
 * least its reservation (the seller: price ≥ cost; the buyer: price ≤ value); otherwise it counters with its
 * valuation plus (seller) or minus (buyer) `markup`, clamped to the price grid, and rejects a final offer below its
 * reservation. It reads only the seat's information-state key (`S<cost>|<offers>` or `B<value>|<offers>`): its own
 * valuation and the public offers. Deterministic.
 */
export function scriptedTradeDecision(config: TradeConfig, markup = 2): (infoKey: string) => number {
  const { id, minPrice, maxPrice, rounds } = config;
  return (infoKey) => {
    const key = /^([SB])(\d+)\|((?:\d+(?:,\d+)*)?)$/.exec(infoKey);
    if (!key) throw new RangeError(`${id}: "${infoKey}" is not the information-state key of a seat that moves`);
    const seller = key[1] === 'S';
    const reservation = Number(key[2]);
    const offers = key[3] === '' ? [] : key[3]!.split(',').map(Number);
    if (offers.length % 2 !== (seller ? 0 : 1))
      throw new RangeError(`${id}: at ${infoKey} the ${seller ? 'seller' : 'buyer'} is not the one to move`);
    const last = offers[offers.length - 1];
    if (last !== undefined) {
      if (seller ? last >= reservation : last <= reservation) return ACCEPT;
      if (offers.length >= rounds) return REJECT;
    }
    const target = seller ? reservation + markup : reservation - markup;
    return offerAction(Math.min(maxPrice, Math.max(minPrice, target)));
  };
}

/** The scripted trader as a game's scripted player (`TextGame.scripted`): the decision's move string. */
export function scriptedTraderSpec(rules: TradeRules, markup = 2): ScriptedPlayerSpec {
  const decide = scriptedTradeDecision(rules.config, markup);
  return {
    description: `takes any offer at its reservation or better, else asks cost + ${markup} / bids value − ${markup}`,
    move(infoKey, legal) {
      const chosen = tradeActionString(decide(infoKey));
      if (!legal.includes(chosen))
        throw new RangeError(
          `${rules.info.id}: the scripted move ${chosen} at ${infoKey} is none of the legal moves ${legal.join(' ')}`,
        );
      return chosen;
    },
  };
}

/**
 * The same trader over states, for tests and solvers: the move at the state's information-state key for `player`.
 * `rng` is taken so it fits wherever a scripted move is drawn, and not used.
 */
export function createScriptedTrader(options: ScriptedTraderOptions = {}): ScriptedTradeMove {
  const rules = createTradeRules(options.config ?? {});
  const decide = scriptedTradeDecision(rules.config, options.markup);
  return (state, player, _rng) => {
    if (rules.currentPlayer(state) !== player)
      throw new RangeError(`${rules.info.id}: the scripted trader was asked to move for player ${player} out of turn`);
    return decide(rules.informationStateKey(state, player));
  };
}

/** The default trader: default game, markup 2. */
export const scriptedTradeMove: ScriptedTradeMove = createScriptedTrader();

/**
 * The scripted trader as a policy table over every information set of the game (both seats), so solvers can measure
 * policies against it exactly (`policyValues`, `bestResponse`).
 */
export function scriptedTradePolicy(options: ScriptedTraderOptions = {}): TabularPolicy {
  const rules = createTradeRules(options.config ?? {});
  const decide = scriptedTradeDecision(rules.config, options.markup);
  const rows: Record<string, number[]> = {};
  const walk = (state: TradeState): void => {
    const who = rules.currentPlayer(state);
    if (who === TERMINAL) return;
    if (who === CHANCE) {
      for (const o of rules.chanceOutcomes(state)) walk(rules.apply(state, o.action));
      return;
    }
    const legal = rules.legalActions(state);
    const key = rules.informationStateKey(state, who);
    if (rows[key] === undefined) {
      const chosen = decide(key);
      rows[key] = legal.map((a) => (a === chosen ? 1 : 0));
    }
    for (const a of legal) walk(rules.apply(state, a));
  };
  walk(rules.initialState());
  return tabularPolicy(rules.info.id, rows);
}
