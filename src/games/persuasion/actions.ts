import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { BUY, percentOf, type PersuasionRules, type PersuasionState } from './rules.ts';

/** Sender: `[q<percent>]`, e.g. `[q25]` for P(high | low) = 0.25. Receiver: `[buy]` or `[pass]`. */
export function persuasionActionString(rules: PersuasionRules, state: PersuasionState, action: number): string {
  if (rules.currentPlayer(state) === 0) return `[q${percentOf(rules.config.menu[action] ?? 0)}]`;
  return action === BUY ? '[buy]' : '[pass]';
}

export function persuasionLegalStrings(rules: PersuasionRules, state: PersuasionState): string[] {
  return rules.legalActions(state).map((a) => persuasionActionString(rules, state, a));
}

/** Reads an answer against the legal move strings (games/answer.ts); never throws. */
export function parsePersuasion(
  rules: PersuasionRules,
  state: PersuasionState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  const legal = rules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, persuasionLegalStrings(rules, state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}
