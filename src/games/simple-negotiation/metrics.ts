import { valueChanges } from './replay.ts';
import type { NegotiationRules } from './rules.ts';
import type { NegotiationState } from './types.ts';

/** Per-episode figures beyond win/loss (research/games.md §8: log trades, acceptance and joint surplus). */
export interface NegotiationMetrics {
  /** Offers carried out. */
  readonly trades: number;
  readonly traded: boolean;
  /** Offers made, accepted or not. */
  readonly offers: number;
  /** `trades / offers`, or null when nobody offered. */
  readonly acceptanceRate: number | null;
  /** Each player's inventory value now minus at the start, by their own values. */
  readonly valueChange: readonly [number, number];
  /** `valueChange[0] + valueChange[1]`: value the trades created (the result itself is zero-sum). */
  readonly jointSurplus: number;
}

/** Metrics of a negotiation state, normally an episode's end state; works mid-game too. */
export function negotiationMetrics(rules: NegotiationRules, state: NegotiationState): NegotiationMetrics {
  const view = rules.view(state);
  const events = view.events.flat();
  const trades = events.filter((e) => e.type === 'trade').length;
  const offers = events.filter((e) => e.type === 'offer').length;
  const valueChange = valueChanges(view);
  return {
    trades,
    traded: trades > 0,
    offers,
    acceptanceRate: offers > 0 ? trades / offers : null,
    valueChange,
    jointSurplus: valueChange[0] + valueChange[1],
  };
}
