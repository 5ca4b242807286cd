import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { ACCEPT, offerPrice, REJECT, type TradeRules, type TradeState } from './rules.ts';

/** `[accept]`, `[reject]`, or an offer as its bare price, e.g. `[5]`. */
export function tradeActionString(action: number): string {
  if (action === ACCEPT) return '[accept]';
  if (action === REJECT) return '[reject]';
  return `[${offerPrice(action)}]`;
}

export function tradeLegalStrings(rules: TradeRules, state: TradeState): string[] {
  return rules.legalActions(state).map(tradeActionString);
}

/** Reads an answer against the legal move strings (games/answer.ts); never throws. */
export function parseTrade(
  rules: TradeRules,
  state: TradeState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  const legal = rules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, tradeLegalStrings(rules, state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}
