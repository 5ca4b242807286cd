import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { kuhnActionString } from '../kuhn-poker/actions.ts';
import { kuhnRules, PASS } from '../kuhn-poker/rules.ts';
import type { KuhnRoundsState } from './rules.ts';

/** Moves are named as in one Kuhn hand: `[check]`/`[bet]`, or `[fold]`/`[call]` when facing a bet. */
export function kuhnRoundsActionString(state: KuhnRoundsState, action: number): string {
  const hand = state.hands[state.hands.length - 1];
  return hand === undefined ? '[check]' : kuhnActionString(hand, action);
}

/** Legal moves of the match = those of the hand in play (none once it is finished, or before it is dealt). */
function legalMoves(state: KuhnRoundsState): readonly number[] {
  const hand = state.hands[state.hands.length - 1];
  return hand === undefined ? [] : kuhnRules.legalActions(hand);
}

export function kuhnRoundsLegalStrings(state: KuhnRoundsState): string[] {
  return legalMoves(state).map((a) => kuhnRoundsActionString(state, a));
}

export function parseKuhnRounds(state: KuhnRoundsState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = legalMoves(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, kuhnRoundsLegalStrings(state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? PASS } : match;
}
