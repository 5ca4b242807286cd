import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { CALL, FOLD, facingBet, type LeducState, leducRules } from './rules.ts';

/** `[fold]`, `[raise]`, and `call` named `[check]` when nothing is owed (TextArena poker wording). */
export function leducActionString(state: LeducState, action: number): string {
  if (action === FOLD) return '[fold]';
  if (action === CALL) {
    const actor = leducRules.currentPlayer(state);
    return actor >= 0 && facingBet(state, actor) ? '[call]' : '[check]';
  }
  return '[raise]';
}

export function leducLegalStrings(state: LeducState): string[] {
  return leducRules.legalActions(state).map((a) => leducActionString(state, a));
}

export function parseLeduc(state: LeducState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = leducRules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, leducLegalStrings(state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? CALL } : match;
}
