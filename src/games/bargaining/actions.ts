import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { ACCEPT, type BargainingRules, type BargainingState } from './rules.ts';

/** `[Offer: k]` (the proposer keeps k units) at a proposal; `[Accept]` / `[Reject]` at a response. */
export function bargainingActionString(state: BargainingState, action: number): string {
  if (state.moves.length % 2 === 0) return offerString(action);
  return action === ACCEPT ? '[Accept]' : '[Reject]';
}

export function offerString(kept: number): string {
  return `[Offer: ${kept}]`;
}

export function bargainingLegalStrings(rules: BargainingRules, state: BargainingState): string[] {
  return rules.legalActions(state).map((a) => bargainingActionString(state, a));
}

/** Reads an answer with the shared rules (`matchLegal`, strict or lenient); never throws. */
export function bargainingParser(
  rules: BargainingRules,
): (state: BargainingState, text: string, options?: ParseOptions) => ParseResult<number> {
  return (state, text, options = {}) => {
    const legal = rules.legalActions(state);
    if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
    const match = matchLegal(text, bargainingLegalStrings(rules, state), options.answers);
    return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
  };
}
