import { CHANCE } from '../../spec/game.ts';
import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import type { SpyRules, SpyState } from './rules.ts';

/**
 * Move strings: a clue is `[colour:red]` (attribute and value, no space), a vote `[vote 2]`; a chance draw, which no
 * player types, `[deal N]`. Clue and vote ids never overlap, so a player's move names itself whatever the state.
 */
export function spyActionString(rules: SpyRules): (state: SpyState, action: number) => string {
  const { world } = rules.config;
  return (state, action) => {
    if (rules.currentPlayer(state) === CHANCE) return `[deal ${action}]`;
    const target = rules.voteTarget(action);
    if (target !== undefined) return `[vote ${target}]`;
    const clue = world.clue(action);
    if (!clue) return `[action ${action}]`;
    const attribute = world.attributes[clue.attribute]!;
    return `[${attribute.name}:${attribute.values[clue.value]!}]`;
  };
}

/**
 * Reads an answer (never throws) with the shared rules of `answer.ts`: `strict` needs exactly a legal move string;
 * `lenient` first drops spaces around colons, so `[colour: red]` and a bare `colour : red` read as `[colour:red]`.
 */
export function spyParser(
  rules: SpyRules,
): (state: SpyState, text: string, options?: ParseOptions) => ParseResult<number> {
  const name = spyActionString(rules);
  return (state, text, options = {}) => {
    const legal = rules.legalActions(state);
    if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
    const mode = options.answers ?? 'lenient';
    const answer = mode === 'lenient' ? text.replace(/[ \t]*:[ \t]*/g, ':') : text;
    const match = matchLegal(
      answer,
      legal.map((a) => name(state, a)),
      mode,
    );
    return match.ok ? { ok: true, action: legal[match.index]! } : match;
  };
}
