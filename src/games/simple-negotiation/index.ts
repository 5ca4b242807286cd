import type { TextGame } from '../../spec/game-text.ts';
import { negotiationActionString, negotiationParser } from './actions.ts';
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

/** A negotiation variant as a playable game: its rules with the shared text layer. */
export function createNegotiationGame(rules: NegotiationRules): NegotiationGame {
  return {
    rules,
    text: {
      observe: negotiationObserver(rules),
      actionString: negotiationActionString,
      parse: negotiationParser(rules),
    },
  };
}

export const simpleNegotiation = createNegotiationGame(simpleNegotiationRules);
export const simpleNegotiation5 = createNegotiationGame(simpleNegotiation5Rules);
