import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import type { RedTeamRules, RedTeamState } from './rules.ts';
import { REFUSE, wrappers } from './world.ts';

/** The attacker's `[roleplay secret]` (wrapper, then target) or the defender's `[refuse]` / `[help]`. */
export function redTeamActionString(rules: RedTeamRules, state: RedTeamState, action: number): string {
  if (state.moves.length === 0) return requestString(rules, action);
  return action === REFUSE ? '[refuse]' : '[help]';
}

/** A request id as its move string, e.g. `[ask chemistry]`. */
export function requestString(rules: RedTeamRules, request: number): string {
  const { wrapper, target } = rules.world.request(request);
  return `[${wrappers[wrapper] ?? '?'} ${rules.world.targetName(target)}]`;
}

export function redTeamLegalStrings(rules: RedTeamRules, state: RedTeamState): string[] {
  return rules.legalActions(state).map((a) => redTeamActionString(rules, state, a));
}

/** Reads an answer with the shared rules (`matchLegal`, strict or lenient); never throws. */
export function parseRedTeam(
  rules: RedTeamRules,
  state: RedTeamState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  const legal = rules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const match = matchLegal(text, redTeamLegalStrings(rules, state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}
