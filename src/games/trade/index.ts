import type { TextGame } from '../../spec/game-text.ts';
import { parseTrade, tradeActionString } from './actions.ts';
import {
  createTradeRules,
  dealPrice,
  SELLER,
  type TradeConfigInput,
  type TradeRules,
  type TradeState,
} from './rules.ts';
import { scriptedTraderSpec } from './scripted.ts';
import { observeTrade } from './text.ts';

export { parseTrade, tradeActionString, tradeLegalStrings } from './actions.ts';
export {
  ACCEPT,
  BUYER,
  createTradeRules,
  dealPrice,
  offerAction,
  offerPrice,
  REJECT,
  SELLER,
  type TradeConfig,
  type TradeConfigInput,
  tradeConfigSchema,
  type TradeRules,
  type TradeState,
} from './rules.ts';
export {
  createScriptedTrader,
  type ScriptedTradeMove,
  type ScriptedTraderOptions,
  scriptedTradeDecision,
  scriptedTradeMove,
  scriptedTradePolicy,
  scriptedTraderSpec,
} from './scripted.ts';

export type TradeGame = TextGame<TradeState> & { readonly rules: TradeRules };

/**
 * Figures of a game from `player`'s seat: `deal` (0/1); `efficient` (1 for a deal when v > c or no deal when v ≤ c,
 * so a deal at v = c counts as inefficient, unlike GLEE's tie rule); `gains_share`, the player's share of the
 * realised surplus v − c, only for a deal with v > c (absent otherwise, so averages run over such deals only).
 * A game cut short before its end counts as no deal.
 */
export function tradeStats(state: TradeState, player: number): Record<string, number> {
  const price = dealPrice(state);
  const deal = price !== undefined;
  const { cost, value } = state;
  const gains = cost !== null && value !== null && value > cost;
  const stats: Record<string, number> = { deal: deal ? 1 : 0, efficient: deal === gains ? 1 : 0 };
  if (deal && gains) stats.gains_share = (player === SELLER ? price - cost : value - price) / (value - cost);
  return stats;
}

/** Bilateral trade with private valuations (rules.ts); `config` defaults to costs and values {2,4,6,8}, prices 1..9, 3 offers. */
export function createTrade(config: TradeConfigInput = {}): TradeGame {
  const rules = createTradeRules(config);
  return {
    rules,
    text: {
      observe: (state, player, format) => observeTrade(rules, state, player, format),
      actionString: (_state, action) => tradeActionString(action),
      parse: (state, text, options) => parseTrade(rules, state, text, options),
    },
    episodeStats: tradeStats,
    scripted: scriptedTraderSpec(rules),
  };
}

export const trade = createTrade();
