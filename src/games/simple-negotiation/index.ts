import type { TextGame } from '../../spec/game-text.ts';
import { negotiationActionString, negotiationParser } from './actions.ts';
import { negotiationMetrics } from './metrics.ts';
import { spiralNegotiationRandomPick } from './spiral-random.ts';
import { type NegotiationRules, simpleNegotiation5Rules, simpleNegotiationRules } from './rules.ts';
import { negotiationObserver } from './text.ts';
import type { NegotiationAction, NegotiationState } from './types.ts';

export type { NegotiationConfig } from './config.ts';
export { simpleNegotiation5Config, simpleNegotiationConfig } from './config.ts';
export type { NegotiationMetrics } from './metrics.ts';
export { negotiationMetrics } from './metrics.ts';
export { createNegotiationRules, type NegotiationRules } from './rules.ts';
export type { NegotiationAction, NegotiationMove, NegotiationState, Offer } from './types.ts';

export type NegotiationGame = TextGame<NegotiationState, NegotiationAction> & { readonly rules: NegotiationRules };

/** SPIRAL's negotiation figures beyond win/loss: did the players agree on a trade, and what did each gain. */
function negotiationStats(rules: NegotiationRules) {
  return (state: NegotiationState, player: number): Record<string, number> => {
    const m = negotiationMetrics(rules, state);
    return {
      agreement: m.traded ? 1 : 0,
      trades: m.trades,
      value_gain: m.valueChange[player === 0 ? 0 : 1],
      joint_surplus: m.jointSurplus,
    };
  };
}

/** A negotiation variant as a playable game: its rules with the shared text layer. */
export function createNegotiationGame(rules: NegotiationRules): NegotiationGame {
  return {
    rules,
    text: {
      observe: negotiationObserver(rules),
      actionString: negotiationActionString,
      parse: negotiationParser(rules),
    },
    episodeStats: negotiationStats(rules),
    spiralRandomPick: spiralNegotiationRandomPick,
  };
}

export const simpleNegotiation = createNegotiationGame(simpleNegotiationRules);
export const simpleNegotiation5 = createNegotiationGame(simpleNegotiation5Rules);
