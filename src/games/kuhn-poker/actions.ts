import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { BET, facingBet, type KuhnState, kuhnRules } from './rules.ts';

/** `[check]`/`[bet]` with no bet on the table; `[fold]`/`[call]` when facing one. */
export function kuhnActionString(state: KuhnState, action: number): string {
  if (facingBet(state)) return action === BET ? '[call]' : '[fold]';
  return action === BET ? '[bet]' : '[check]';
}

export function kuhnLegalStrings(state: KuhnState): string[] {
  return kuhnRules.legalActions(state).map((a) => kuhnActionString(state, a));
}

export function parseKuhn(state: KuhnState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = kuhnRules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, kuhnLegalStrings(state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}
